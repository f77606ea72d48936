"""Every cache of the site, by the name its keys start with (cms.cache.keys.make_key): what it
holds, what its key is made of besides the release, content version, language and site every
key holds, and what makes an entry unusable. docs/caching.md explains them;
tests/cms/cache/test_registry.py checks that every name used in the code and the templates is
registered here and documented there, and that nothing registered is unused.

"Content" below means the content version: any page published, unpublished, moved, deleted,
made private or public, and any actor, theme, image, document or site saved or deleted."""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

PAGE = "page"
FRAGMENT = "fragment"
API = "api"
PDF = "pdf"


@dataclass(frozen=True)
class Cache:
    name: str
    kind: str
    holds: str
    parts: str
    invalidated_by: str = "content"


CACHES = [
    Cache("page", PAGE, "an anonymous visitor's whole response", "host, full path"),
    Cache("fiche-pdf", PDF, "a fiche's PDF", "fiche, live revision, absolute URL"),
    Cache("fiche-pdf-size", PDF, "the size of that PDF", "fiche, live revision, absolute URL"),
    Cache(
        "site",
        FRAGMENT,
        "the Wagtail site of a host and port",
        "host, port",
    ),
    Cache(
        "route",
        FRAGMENT,
        "the page a path leads to and how many segments it used",
        "path",
        "content; also the page row's state, read again on every request",
    ),
    Cache("nav", FRAGMENT, "the main menu's pages", "root page, language"),
    Cache("translations", FRAGMENT, "a page's translations (language switcher)", "page, host"),
    Cache("site-footer", FRAGMENT, "the footer's HTML", ""),
    Cache("fiche-meta", FRAGMENT, "a fiche's <head> tags", "fiche, live revision, URL"),
    Cache(
        "fiche-article",
        FRAGMENT,
        "a fiche's article HTML",
        "fiche, live revision, URL, PDF size",
    ),
    Cache(
        "fiche-card",
        FRAGMENT,
        "a fiche's card in lists",
        "fiche, live revision, heading, role, query",
    ),
    Cache("related-fiches", FRAGMENT, "the similar fiches' HTML", "fiche, live revision"),
    Cache("catalogue-form", FRAGMENT, "the catalogue's filter form HTML", "catalogue, state"),
    Cache("catalogue-results", FRAGMENT, "the catalogue's results HTML", "catalogue, state"),
    Cache("catalogue-reference", FRAGMENT, "the filters' labels and values", "locale"),
    Cache("catalogue-ranked", FRAGMENT, "the ordered ids matching a search", "search, filters"),
    Cache("catalogue-facet", FRAGMENT, "one facet's counts", "scope, facet, state, words"),
    Cache("search-ranking", FRAGMENT, "a full-text search's ranked ids", "model, operator, words"),
    Cache("site-search", FRAGMENT, "the site search's results HTML", "query, validity"),
    Cache("directory-rows", FRAGMENT, "the actor directory's rows", "locale, region, words"),
    Cache("region-figures", FRAGMENT, "a region page's figures and actors", "region, locale"),
    Cache("home-figures", FRAGMENT, "the home page's figures", "locale, catalogue, URL"),
    Cache("sitemap", FRAGMENT, "the sitemap's XML and headers", "scheme, host, page"),
    Cache("api-site-roots", API, "a site's root pages in every language", "site"),
    Cache("api-fiche", API, "a fiche's card fields and body", "fiche, revision, base URL"),
    Cache("api-fiche-item", API, "a fiche's item in a listing", "fiche, state, parameters"),
    Cache("api-fiche-detail", API, "a fiche's detail payload", "fiche, state, parameters"),
    Cache("api-fiche-count", API, "a listing's count", "parameters, restrictions, roots"),
]

BY_NAME = {cache.name: cache for cache in CACHES}


def get(name):
    """The registered cache ``name``; ``ImproperlyConfigured`` for a name not registered."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"Cache {name!r} is not registered in cms.cache.registry (see docs/caching.md)."
        ) from None
