"""What every page type of the site shares: its view restrictions read in one query, or in none
when the query that fetched the page already says there are none (``with_view_restrictions``).

Wagtail's ``Page.get_view_restrictions`` (read on every page served, by its
``check_view_restrictions`` hook) takes two queries: the page's ancestors, then the restrictions
of the page, of its ancestors and of the pages they are aliases of. The same restrictions are
found here in one query on the paths of the page and its ancestors (a page's path starts with
each of its ancestors' paths)."""

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from wagtail.models import Page, PageViewRestriction, Site

from cms.compiled import compiled

#: The annotation that says whether a page fetched by a query has view restrictions.
HAS_RESTRICTIONS = "has_view_restrictions"


def _restrictions_of(page_paths):
    """``Q`` on view restrictions: those of the pages at ``page_paths`` and of the pages those
    pages are aliases of (an alias has its original's restrictions and not its own, as in
    Wagtail)."""
    return Q(page__path__in=page_paths, page__alias_of__isnull=True) | Q(
        page__aliases__path__in=page_paths
    )


def with_view_restrictions(queryset):
    """``queryset`` (of pages) annotated with whether each page has a view restriction on
    itself, an ancestor, or the pages they are aliases of: a subquery, no query of its own."""
    on_page_or_ancestor = Q(page__alias_of__isnull=True) & StartsWith(
        OuterRef("path"), F("page__path")
    )
    on_original = Q(page__aliases__path__isnull=False) & StartsWith(
        OuterRef("path"), F("page__aliases__path")
    )
    restricted = PageViewRestriction.objects.filter(on_page_or_ancestor | on_original)
    return queryset.annotate(**{HAS_RESTRICTIONS: Exists(restricted)})


def child_page(model, *, parent, slug, related=()):
    """The child ``slug`` of ``parent`` among ``model``'s pages, with its ``related`` foreign
    keys and whether it has view restrictions (``with_view_restrictions``), in one query
    compiled once per model (``cms.compiled``); ``None`` when there is none. Live or not: the
    routing that asks decides."""
    found = compiled(
        "child_page",
        _children,
        model,
        shape={"model": model, "related": tuple(related)},
        path=parent.path,
        depth=parent.depth + 1,
        slug=slug,
    )
    return next(iter(found), None)


def _children(*, model, related, path, depth, slug):
    # A page's children: its path is their path's start, they are one level deeper.
    children = model.objects.filter(path__startswith=path, depth=depth, slug=slug)
    return with_view_restrictions(children).select_related(*related).order_by("path")[:1]


class ViewRestrictionsInOneQuery:
    """Mixin of the site's page types: ``get_view_restrictions`` in one query, or none."""

    def get_view_restrictions(self):
        if getattr(self, HAS_RESTRICTIONS, None) is False:
            return PageViewRestriction.objects.none()
        steplen = Page.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        return PageViewRestriction.objects.filter(_restrictions_of(paths)).distinct()


def default_site_root_url():
    """The root URL of the default site (``WAGTAILADMIN_BASE_URL`` without one), without the
    final slash: the start of the absolute links made without a request (the open data files,
    the alert e-mails). One query."""
    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")
