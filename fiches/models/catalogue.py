"""The catalogue page: the index of the published fiches below it."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.pages import ViewRestrictionsInOneQuery
from fiches.blocks import INLINE_FEATURES


class FicheIndexPage(ViewRestrictionsInOneQuery, Page):
    """The catalogue: lists the published fiches below it."""

    intro = RichTextField(_("introduction"), blank=True, features=INLINE_FEATURES)
    per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["fiches.FichePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("catalogue des fiches")
        verbose_name_plural = _("catalogues des fiches")

    def get_context(self, request, *args, **kwargs):
        from fiches.catalogue import context as catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(
            catalogue_context.catalogue_page(index_page=self, params=request.GET, request=request)
        )
        return context

    def route(self, request, path_components):
        # A fiche is fetched in its specific form with the rows its page shows in one query
        # (selectors.child_fiche), instead of Wagtail's two queries and the lookups after them.
        if path_components:
            from fiches import selectors

            fiche = selectors.child_fiche(index_page=self, slug=path_components[0])
            if fiche is not None:
                # As Wagtail's Page.route does, so that get_parent() costs no query. Private
                # attribute of treebeard, checked against Wagtail 8.0.1;
                # tests/cms/cache/test_wagtail_private.py fails when it is no longer read.
                fiche._cached_parent_obj = self
                return fiche.route(request, path_components[1:])
        return super().route(request, path_components)
