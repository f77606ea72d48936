"""The editable taxonomy of themes (alimentation, propreté, espaces verts…)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Theme(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=80)
    slug = models.SlugField(
        _("identifiant d'URL"),
        max_length=80,
        help_text=_("Utilisé dans les adresses du catalogue, par exemple « espaces-verts »."),
    )
    description = models.TextField(_("description"), blank=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_theme_slug_per_locale")
        ]

    def __str__(self):
        return self.name
