"""Image files: stored under a random directory, so that an image no public page shows (a
draft's) cannot be read from the storage by guessing its URL from its name."""

import io

import pytest
from django.core.files.images import ImageFile

from fiches import factories

pytestmark = pytest.mark.django_db


def upload(name, title="Chantier"):
    return factories.ImageFactory(
        title=title, file=ImageFile(io.BytesIO(factories.make_png()), name=name)
    )


def parts(path):
    folder, token, name = path.split("/")
    return folder, token, name


def test_originals_go_to_a_random_directory():
    first, second = upload("chantier.png"), upload("chantier.png")

    first_folder, first_token, first_name = parts(first.file.name)
    second_folder, second_token, second_name = parts(second.file.name)
    assert first_folder == second_folder == "original_images"
    assert first_name == second_name == "chantier.png"
    assert first_token != second_token
    assert len(first_token) >= 16 and "chantier" not in first_token


def test_renditions_go_to_a_random_directory():
    first, second = upload("chantier.png"), upload("chantier.png")

    first_rendition = first.get_rendition("fill-640x360")
    second_rendition = second.get_rendition("fill-640x360")

    first_folder, first_token, first_name = parts(first_rendition.file.name)
    second_folder, second_token, _ = parts(second_rendition.file.name)
    assert first_folder == second_folder == "images"
    assert first_name.startswith("chantier.")
    assert first_token != second_token
    assert first_token not in first.file.name
    assert len(first_token) >= 16 and "chantier" not in first_token
    assert first_rendition.url == f"/media/images/{first_token}/{first_name}"


def test_a_long_name_still_fits_in_the_file_field():
    image = upload("photo-" + "x" * 150 + ".png")

    assert len(image.file.name) <= 95
    assert image.file.name.startswith("original_images/")
    assert image.file.name.endswith(".png")
    assert len(image.get_rendition("max-1200x1200").file.name) <= 100


def test_the_image_renders_on_the_fiche_page_and_in_the_api(client, index):
    image = upload("chantier.png")
    fiche = factories.FichePageFactory(parent=index, hero_image=image)

    html = client.get(fiche.url).content.decode()
    api = client.get(f"/api/v2/pages/{fiche.pk}/", HTTP_HOST="localhost").json()

    rendition = image.get_rendition("fill-640x360")
    assert rendition.url in html
    assert api["hero_image"]["renditions"]["card"]["url"].endswith(rendition.url)
    assert "/media/images/" in rendition.url and rendition.url.count("/") == 4
