"""The home page (root of the site) and plain content pages (À propos, Méthodologie…)."""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.compiled import compiled
from cms.pages import ViewRestrictionsInOneQuery, child_page, with_view_restrictions
from fiches.blocks import INLINE_FEATURES, ContentBodyBlock
from fiches.text import fold_accents


def _page_itself(*, pk):
    # A page with its locale and whether it has view restrictions.
    pages = Page.objects.filter(pk=pk).select_related("locale").only("pk", "locale")
    return with_view_restrictions(pages)[:1]


class HomePage(ViewRestrictionsInOneQuery, Page):
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=INLINE_FEATURES,
        help_text=_(
            "Le texte d'accueil, sous le titre : ce que sont les fiches REX et à qui elles servent."
        ),
    )
    latest_count = models.PositiveSmallIntegerField(
        _("nombre de fiches récentes affichées"), default=6
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("latest_count")]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "fiches.FicheIndexPage",
        "home.NewsIndexPage",
        "home.ContentPage",
        "home.AccessibilityPage",
        "home.SiteMapPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    def route(self, request, path_components):
        # A catalogue (the path of every fiche) is fetched in its specific form with its locale
        # and whether it has view restrictions in one query compiled once (cms.compiled),
        # instead of Wagtail's two, then two for the restrictions (cms.pages). Other pages go
        # on as in Wagtail's Page.route.
        if not path_components:
            # The home page itself: its locale (read before it is served, by
            # fiches.wagtail_hooks) and whether it has view restrictions in one query compiled
            # once, not two.
            found = next(iter(compiled("home_itself", _page_itself, Page, pk=self.pk)), None)
            if found is not None:
                self.locale = found.locale
                self.has_view_restrictions = found.has_view_restrictions
            return super().route(request, path_components)
        child = child_page(
            Page, parent=self, slug=path_components[0], related=("ficheindexpage", "locale")
        )
        if child is None:
            raise Http404
        try:
            page = child.ficheindexpage
            page.has_view_restrictions = child.has_view_restrictions
            page.locale = child.locale
        except ObjectDoesNotExist:
            page = child.specific
        # As Wagtail's Page.route does, so that get_parent() costs no query (treebeard's private
        # attribute, checked by tests/cms/cache/test_wagtail_private.py).
        page._cached_parent_obj = self
        return page.route(request, path_components[1:])

    def get_context(self, request, *args, **kwargs):
        from home import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(
            selectors.home_page(home=self, latest_count=self.latest_count, request=request)
        )
        return context


class ContentPage(ViewRestrictionsInOneQuery, Page):
    """A plain editorial page: À propos, Méthodologie, mentions légales, données personnelles…"""

    intro = models.TextField(_("chapô"), blank=True, max_length=400)
    body = StreamField(ContentBodyBlock(), verbose_name=_("contenu"), blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("folded_text"),
    ]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("page de contenu")
        verbose_name_plural = _("pages de contenu")

    def folded_text(self):
        """The searchable text without accents, so that « cooperative » finds « coopérative »."""
        parts = [self.title, self.intro, *self.body.stream_block.get_searchable_content(self.body)]
        return fold_accents(" ".join(part for part in parts if part))
