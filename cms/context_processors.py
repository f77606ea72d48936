"""Template context shared by every public page."""

from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from cms.cache import fragments
from cms.compiled import compiled
from fiches import selectors
from home import site_map

CATALOGUE = Q(content_type__app_label="fiches", content_type__model="ficheindexpage")


def navigation(request):
    """``nav_pages``: the catalogue and the pages shown in menus, children of the site's home in
    the active language.

    Lazy (nothing is read by pages that do not show the navigation, such as error pages); on
    first use, one query, which also reads the footer's pages (``public_pages``), or none when
    the list is in the fragment cache (cms.cache.fragments: the pages themselves, keyed by the
    site, the language and the content version, which publishing, unpublishing, moving or
    deleting a page bumps).
    """
    return {"nav_pages": SimpleLazyObject(lambda: _nav_pages(request))}


def _nav_pages(request):
    site = fragments.find_site(request)
    if site is None:
        return []
    root = site.root_page
    try:
        language = get_supported_content_language_variant(get_language())
    except LookupError:
        language = root.locale.language_code
    return fragments.get_or_set(
        "nav", [root.pk, language], lambda: _menu_and_footer(request)[0], request=request
    )


def _footer_language():
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return None


def _menu_and_footer(request):
    """``(menu pages, footer pages)`` of ``request`` from one query, read once per request
    (whichever of the menu and the footer asks first)."""
    memo = getattr(request, "_cms_menu_and_footer", None)
    if memo is not None:
        return memo
    footer_language = _footer_language()
    site = fragments.find_site(request)
    if site is None:
        memo = ([], site_map.footer_pages(language=footer_language))
    else:
        root = site.root_page
        language = footer_language or root.locale.language_code
        pages = list(menu_and_footer_queryset(root, language, footer_language=footer_language))
        # A page may be in both (a site map shown in menus): the footer reads every page.
        menu = [page for page in pages if page.in_menu]
        memo = (menu, site_map.footer_from(pages, language=footer_language))
    request._cms_menu_and_footer = memo
    return memo


def _menu_filter(*, depth, root_key, language):
    """``Q`` on pages annotated with ``parent_path``: the menu's pages, at ``depth`` below the
    translation in ``language`` of the root whose ``translation_key`` is ``root_key``, found in
    a subquery rather than by loading it."""
    localized_roots = Page.objects.filter(
        translation_key=root_key, locale__language_code=language
    ).values("path")
    return Q(depth=depth, parent_path__in=localized_roots) & (Q(show_in_menus=True) | CATALOGUE)


def menu_and_footer_queryset(root, language, *, footer_language):
    """The menu pages (``in_menu``, the catalogue first, then in the order of the tree) and the
    footer's (``home.site_map.footer_filter`` of ``footer_language``, the default language's
    when ``None``) in one query, compiled once (``cms.compiled``): publicly visible pages only
    (fiches.selectors.visibility: no private or expired page, no alias of a page of another
    language)."""
    return compiled(
        "menu_and_footer",
        _menu_and_footer_pages,
        Page,
        depth=root.depth + 1,
        prefix=root.depth * Page.steplen,
        root_key=root.translation_key,
        language=language,
        footer_language=footer_language or site_map.default_language(),
        now=timezone.now(),
    )


def _menu_and_footer_pages(*, depth, prefix, root_key, language, footer_language, now):
    menu = _menu_filter(depth=depth, root_key=root_key, language=language)
    wanted = menu | site_map.footer_filter(language=footer_language)
    pages = Page.objects.annotate(parent_path=Substr("path", 1, prefix))
    return (
        selectors.visible_pages(pages, now=now)
        .filter(wanted)
        .annotate(
            in_menu=Case(
                When(menu, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            is_catalogue=Case(
                When(CATALOGUE, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .select_related(*site_map.FOOTER_RELATED)
        .order_by("-in_menu", "-is_catalogue", "path")
    )


def translations(request):
    """``translations``: the live translations of the Wagtail page being served (itself
    included) for the language switcher and the hreflang links; computed on first use, one
    query (none from the fragment cache, keyed by the page, the site and the content version,
    which publishing or unpublishing a translation bumps), and empty outside Wagtail pages."""
    page = getattr(request, "served_page", None)
    if page is None:
        return {"translations": []}
    return {"translations": SimpleLazyObject(lambda: _translations(page, request))}


def _translations(page, request):
    if getattr(request, "is_preview", False):
        return selectors.page_translations(page=page, request=request)
    fragments.find_site(request)
    return fragments.get_or_set(
        "translations",
        [page.pk, request.get_host()],
        lambda: selectors.page_translations(page=page, request=request),
        request=request,
    )


def public_pages(request):
    """``public_pages``: the accessibility statement, site map, legal notice and personal-data
    page in the active language (``home.site_map.footer_pages``) for the footer; lazy, read on
    first use with the menu's pages (one query for both, none when the menu has read them),
    nothing when the footer comes from its fragment cache."""
    return {"public_pages": SimpleLazyObject(lambda: _menu_and_footer(request)[1])}
