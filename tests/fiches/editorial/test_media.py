"""``manage.py rename_media``: images uploaded before the random-directory rule move to
unguessable names, their renditions are dropped, and nothing else changes."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from fiches import factories
from fiches.editorial import media
from fiches.models import CustomImage

pytestmark = pytest.mark.django_db


def old_style_image(name="chantier.png"):
    """An image stored as Wagtail stores it by default: ``original_images/<name>``."""
    image = factories.ImageFactory(title="Chantier")
    storage = image.file.storage
    content = storage.open(image.file.name, "rb").read()
    storage.delete(image.file.name)
    path = storage.save(f"original_images/{name}", ContentFile(content))
    CustomImage.objects.filter(pk=image.pk).update(file=path)
    image.refresh_from_db()
    return image, content


def run(*args):
    out = io.StringIO()
    call_command("rename_media", *args, stdout=out)
    return out.getvalue()


def test_an_old_image_moves_to_a_random_directory_with_the_same_content():
    image, content = old_style_image()
    old_path = image.file.name
    rendition = image.get_rendition("fill-64x36")
    rendition_path = rendition.file.name
    storage = image.file.storage

    output = run()

    image.refresh_from_db()
    folder, token, name = image.file.name.split("/")
    assert (folder, name) == ("original_images", "chantier.png")
    assert len(token) == 16
    assert storage.open(image.file.name, "rb").read() == content
    assert not storage.exists(old_path)
    assert not storage.exists(rendition_path)
    assert not image.renditions.exists()
    assert f"{old_path} → {image.file.name}" in output
    assert "1 image(s) déplacée(s)." in output
    # A new rendition goes under a random directory too.
    assert media.has_random_directory(image.get_rendition("fill-64x36").file.name)


def test_running_it_again_changes_nothing():
    image, _ = old_style_image()
    run()
    image.refresh_from_db()
    moved = image.file.name

    assert "0 image(s) déplacée(s)." in run()
    image.refresh_from_db()
    assert image.file.name == moved


def test_images_already_under_a_random_directory_are_left_alone():
    recent = factories.ImageFactory(title="Récente")
    path = recent.file.name

    assert "0 image(s) déplacée(s)." in run()
    recent.refresh_from_db()
    assert recent.file.name == path


def test_dry_run_lists_without_moving():
    image, _ = old_style_image()
    old_path = image.file.name

    output = run("--dry-run")

    image.refresh_from_db()
    assert image.file.name == old_path
    assert image.file.storage.exists(old_path)
    assert f"Image {image.pk} : {old_path}" in output
    assert "1 image(s) à déplacer." in output


def test_a_failed_database_write_keeps_the_old_file(monkeypatch):
    image, content = old_style_image()
    old_path = image.file.name
    storage = image.file.storage

    def files():
        return {
            f"{folder}/{name}"
            for folder in storage.listdir("original_images")[0]
            for name in storage.listdir(f"original_images/{folder}")[1]
        }

    before = files()

    def fail(*args, **kwargs):
        raise RuntimeError("base indisponible")

    monkeypatch.setattr(media.CustomImage.objects, "filter", fail)
    with pytest.raises(RuntimeError):
        media.move_to_random_directory(image)

    assert storage.open(old_path, "rb").read() == content
    assert files() == before
    image.refresh_from_db()
    assert image.file.name == old_path
