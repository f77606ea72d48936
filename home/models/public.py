"""The page types of the French public-interest conventions: the accessibility statement (RGAA)
and the site map. The legal notice and the personal-data page are content pages. Migration
``home 0007_public`` creates one of each under the French home page (``home.public_content``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.pages import ViewRestrictionsInOneQuery
from fiches.blocks import ContentBodyBlock
from home.accessibility import AUTOMATED_CHECKS, AXE_RULES, Compliance


class AccessibilityPage(ViewRestrictionsInOneQuery, Page):
    """The « Déclaration d'accessibilité »: its compliance status (also shown in the footer of
    every page), the statement's text, and the list of pages the automated tests check."""

    compliance = models.CharField(
        _("état de conformité"),
        max_length=30,
        choices=Compliance.choices,
        default=Compliance.NONE,
        help_text=_(
            "Selon le dernier audit RGAA : « non conforme » tant qu'aucun audit n'a été réalisé, "
            "« partiellement conforme » à partir de 50 % des critères respectés, « totalement "
            "conforme » à 100 %. Repris dans le pied de page de tout le site."
        ),
    )
    intro = models.TextField(_("chapô"), blank=True, max_length=400)
    body = StreamField(ContentBodyBlock(), verbose_name=_("contenu"), blank=True)

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("compliance"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("déclaration d'accessibilité")
        verbose_name_plural = _("déclarations d'accessibilité")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["automated_checks"] = list(AUTOMATED_CHECKS.values())
        context["axe_rules"] = AXE_RULES
        return context


class SiteMapPage(ViewRestrictionsInOneQuery, Page):
    """The « Plan du site »: the publicly visible pages of its language, as a tree."""

    intro = models.TextField(_("chapô"), blank=True, max_length=400)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("plan du site")
        verbose_name_plural = _("plans du site")

    def get_context(self, request, *args, **kwargs):
        from home import site_map

        context = super().get_context(request, *args, **kwargs)
        context["tree"] = site_map.site_map(root=self.get_parent())
        return context
