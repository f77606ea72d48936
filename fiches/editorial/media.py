"""Writes on the media library: moving the image files uploaded before the random-directory rule
(``fiches.models.media``) to unguessable names."""

import posixpath

from django.db import transaction

from fiches.models import CustomImage
from fiches.models.media import with_random_directory

#: A random directory of ``with_random_directory``: 16 URL-safe characters.
TOKEN_LENGTH = 16


def has_random_directory(path):
    """``folder/<16-character token>/name``, as ``with_random_directory`` writes it."""
    parts = path.split("/")
    return len(parts) == 3 and len(parts[1]) == TOKEN_LENGTH


def images_with_guessable_names():
    return [
        image
        for image in CustomImage.objects.order_by("pk").only("pk", "file")
        if not has_random_directory(image.file.name)
    ]


def move_to_random_directory(image):
    """Copies the original to ``original_images/<token>/<name>``, points the image at it, then
    deletes the old file and the renditions (rebuilt on demand under random directories).
    Returns the new path. The database change and the deletions happen only once the copy is
    written: a failure leaves the image as it was."""
    storage = image.file.storage
    old_path = image.file.name
    new_path = with_random_directory(
        posixpath.join("original_images", posixpath.basename(old_path))
    )
    with storage.open(old_path, "rb") as handle:
        new_path = storage.save(new_path, handle)
    try:
        with transaction.atomic():
            CustomImage.objects.filter(pk=image.pk).update(file=new_path)
            renditions = list(image.renditions.all())
            image.renditions.all().delete()
    except Exception:
        storage.delete(new_path)
        raise
    for rendition in renditions:
        rendition.file.storage.delete(rendition.file.name)
    storage.delete(old_path)
    image.file.name = new_path
    return new_path
