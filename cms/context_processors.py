"""Template context shared by every public page."""

from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.functions import Substr
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from fiches import selectors

CATALOGUE = Q(content_type__app_label="fiches", content_type__model="ficheindexpage")


def navigation(request):
    """``nav_pages``: the catalogue and the pages shown in menus, children of the site's home in
    the active language.

    The queryset is lazy (nothing is queried by pages that do not show the navigation, such as
    error pages) and costs one query: the home of the active language is found through its
    ``translation_key`` in a subquery rather than by loading it.
    """
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": Page.objects.none()}
    root = site.root_page
    try:
        language = get_supported_content_language_variant(get_language())
    except LookupError:
        language = root.locale.language_code
    localized_roots = Page.objects.filter(
        translation_key=root.translation_key, locale__language_code=language
    ).values("path")
    pages = (
        Page.objects.live()
        .filter(depth=root.depth + 1)
        .annotate(parent_path=Substr("path", 1, root.depth * Page.steplen))
        .filter(parent_path__in=localized_roots)
        .filter(Q(show_in_menus=True) | CATALOGUE)
        .annotate(
            is_catalogue=Case(
                When(CATALOGUE, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-is_catalogue", "path")
    )
    return {"nav_pages": pages}


def translations(request):
    """``translations``: the live translations of the Wagtail page being served (itself
    included) for the language switcher and the hreflang links; computed on first use, one
    query, and empty outside Wagtail pages."""
    page = getattr(request, "served_page", None)
    if page is None:
        return {"translations": []}
    return {
        "translations": SimpleLazyObject(
            lambda: selectors.page_translations(page=page, request=request)
        )
    }
