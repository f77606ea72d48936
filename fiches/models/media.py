"""The image model: Wagtail's, plus the credit every published photo needs and file names no
one can guess; and the text alternative field of the pages that show an image."""

import posixpath
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    credit = models.CharField(
        _("crédit"),
        max_length=255,
        blank=True,
        help_text=_(
            "Auteur ou source de l'image, affiché sous la photo (par exemple « © CRESS Bretagne »)."
        ),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    def get_upload_to(self, filename):
        """``original_images/<random token>/<name>``: the storage serves image files to whoever
        asks, so the URL of an image that no public page shows (a draft's) must not be
        guessable from its name."""
        return with_random_directory(super().get_upload_to(filename))

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        """``images/<random token>/<name>``: a rendition's name derives from the original's,
        so it gets its own unguessable directory too."""
        return with_random_directory(super().get_upload_to(filename))


# A file field holds at most 100 characters; Wagtail keeps its paths under 95.
MAX_PATH_LENGTH = 94


def with_random_directory(path):
    """``folder/name`` becomes ``folder/<random token>/name`` (96 random bits, URL-safe), the
    name shortened (its extension kept) so that the path still fits in the file field."""
    folder, name = posixpath.split(path)
    token = secrets.token_urlsafe(12)
    stem, extension = posixpath.splitext(name)
    room = MAX_PATH_LENGTH - len(folder) - len(token) - 2 - len(extension)
    return posixpath.join(folder, token, stem[: max(room, 1)] + extension)


def image_alt_field():
    """The text alternative of a page's image (``FichePage.hero_image_alt``,
    ``ArticlePage.image_alt``); when it is empty, the image's description stands for it."""
    return models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_(
            "Décrivez ce que montre l'image pour une personne qui ne la voit pas. Laissez "
            "vide pour reprendre la description de l'image de la médiathèque."
        ),
    )
