"""The reads of the site's public-interest pages: the « Plan du site » tree and the footer's
links to the statement, site map, legal notice and personal-data page (``home.public_content``).
One query each, whatever the number of pages, and publicly visible pages only
(``fiches.selectors.visible_pages``)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from fiches.selectors import visible_pages
from home.public_content import ACCESSIBILITY, LEGAL, PAGES, PRIVACY, SITE_MAP

#: Page types the site map leaves out: they are listed by their own pages (the catalogue, its
#: filters and the news), and there can be thousands of them.
LISTED_ELSEWHERE = Q(content_type__app_label="fiches", content_type__model="fichepage") | Q(
    content_type__app_label="home", content_type__model__in=["articlepage", "eventpage"]
)


@dataclass
class Node:
    page: Page
    children: list = field(default_factory=list)


def site_map(*, root):
    """``root`` (the home page of a language) and the publicly visible pages below it as a tree of
    ``Node``, in the order of the page tree, fiches and news entries left out; one query. A page
    whose parent is not visible (a draft section) hangs from its nearest visible ancestor."""
    pages = (
        visible_pages(Page.objects.descendant_of(root, inclusive=True))
        .exclude(LISTED_ELSEWHERE)
        .select_related("locale")
        .order_by("path")
    )
    top, stack = [], []
    for page in pages:
        node = Node(page)
        while stack and not page.path.startswith(stack[-1].page.path):
            stack.pop()
        (stack[-1].children if stack else top).append(node)
        stack.append(node)
    return top


def footer_pages(*, language):
    """What the footer links: ``accessibility``, the statement (with its ``compliance``), and
    ``links``, the site map, legal notice and personal-data page; each the publicly visible page
    in ``language``, else in the default language, else left out (deleted or unpublished). One
    query, or none when ``footer_from`` reads them from a query made for more (the menu's:
    ``cms.context_processors``)."""
    pages = visible_pages(Page.objects.filter(footer_filter(language=language))).select_related(
        *FOOTER_RELATED
    )
    return footer_from(pages, language=language)


#: What the footer reads of its pages besides their own row.
FOOTER_RELATED = ("locale", "accessibilitypage")


def default_language():
    """The site's default content language (``LANGUAGE_CODE``'s Wagtail variant)."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def footer_filter(*, language):
    """``Q`` on pages: the versions the footer may link, in ``language`` and the default one."""
    return Q(
        translation_key__in=[page.translation_key for page in PAGES],
        locale__language_code__in=[language, default_language()],
    )


def footer_from(pages, *, language):
    """``footer_pages`` from ``pages``, publicly visible pages (with ``FOOTER_RELATED``) among
    which are those matching ``footer_filter(language=language)``; the others are ignored."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    keys = {page.translation_key for page in PAGES}
    versions = {}
    for page in pages:
        if page.translation_key in keys:
            versions.setdefault(page.translation_key, {})[page.locale.language_code] = page
    found = {}
    for spec in PAGES:
        translations = versions.get(spec.translation_key, {})
        page = translations.get(language) or translations.get(default)
        if page is not None:
            found[spec.key] = page
    return {
        "accessibility": found.get(ACCESSIBILITY),
        "links": [found[key] for key in (SITE_MAP, LEGAL, PRIVACY) if key in found],
    }
