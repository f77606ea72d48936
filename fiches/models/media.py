"""The image model: Wagtail's, plus the credit every published photo needs; and the text
alternative field of the pages that show an image."""

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

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


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
