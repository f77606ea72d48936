"""Wagtail's site root paths in one query instead of two.

Wagtail makes every page URL from ``Site.get_site_root_paths()``: each site with the URL path,
root URL and language of its root page's translations, most specific path first. It keeps the
list in the default cache under ``SITE_ROOT_PATHS_CACHE_KEY`` for an hour and deletes the key
when a site is saved or deleted and when a site's root page (or one of its translations) is
saved. When the key is missing, Wagtail reads it again in two queries: the sites with their
root pages, then the translations of each root page (one query per site).

``site_root_paths`` reads the same list in one query: the translations of every site's root
page, each joined to the sites rooted on it. ``SiteRootPathsMiddleware`` (cms.middleware) stores
it under Wagtail's own key, with Wagtail's version and lifetime, when the key is missing, before
the view (unless the view is marked ``without_site_root_paths``: it makes no page URL): Wagtail
then finds it in the cache, and deletes it as before, so that the next request reads it again.
The list is Wagtail's own structure (``SiteRootPath``), in Wagtail's order;
tests/cms/test_sites.py checks that it equals what Wagtail reads."""

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS
from django.db.models import Case, IntegerField, Q, When
from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
    SITE_ROOT_PATHS_CACHE_KEY,
    SITE_ROOT_PATHS_CACHE_VERSION,
    SiteRootPath,
)

from cms.cache.backend import SafeCache
from cms.compiled import compiled

#: How long Wagtail keeps the list (``Site.get_site_root_paths``).
CACHE_SECONDS = 3600


def site_root_paths():
    """The list ``Site.get_site_root_paths()`` reads when it is not cached, in one query: the
    sites ordered as Wagtail orders them (the longest root path first, then the default site,
    then by host name), each followed by its root page's translations in tree order (only its
    root page when ``WAGTAIL_I18N_ENABLED`` is off)."""
    i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    if i18n:
        pages = Page.objects.filter(
            translation_key__in=Site.objects.values("root_page__translation_key")
        )
    else:
        pages = Page.objects.filter(sites_rooted_here__isnull=False)
    rows = pages.order_by(
        "-url_path", "-sites_rooted_here__is_default_site", "sites_rooted_here__hostname"
    ).values_list(
        "path",
        "url_path",
        "translation_key",
        "locale__language_code",
        "sites_rooted_here__id",
        "sites_rooted_here__hostname",
        "sites_rooted_here__port",
    )
    # A page that is the root of several sites comes once per site: keep it once.
    translations = {}
    sites = []
    for path, url_path, key, language, site_id, hostname, port in rows:
        translations.setdefault(key, {})[path] = (url_path, language)
        if site_id is not None:
            root_url = Site(hostname=hostname, port=port).root_url
            sites.append((site_id, root_url, key, path))
    result = []
    for site_id, root_url, key, root_path in sites:
        versions = translations[key] if i18n else {root_path: translations[key][root_path]}
        result.extend(
            SiteRootPath(site_id, url_path, root_url, language)
            for _path, (url_path, language) in sorted(versions.items())
        )
    return result


def without_site_root_paths(view):
    """Marks ``view`` as making no page URL: the middleware leaves the site root paths alone for
    it (``robots.txt`` answers without the database)."""
    view.makes_no_page_url = True
    return view


def needs_site_root_paths(view):
    return not getattr(view, "makes_no_page_url", False)


def warm_site_root_paths():
    """Stores ``site_root_paths()`` under Wagtail's cache key when the key is missing, as
    ``Site.get_site_root_paths()`` would store it; nothing when it is there. Wagtail's key in
    Wagtail's cache (the default one), through ``SafeCache``: a failing backend costs the
    query, never the answer."""
    cache = SafeCache(DEFAULT_CACHE_ALIAS)
    if cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION) is None:
        cache.set(
            SITE_ROOT_PATHS_CACHE_KEY,
            site_root_paths(),
            CACHE_SECONDS,
            version=SITE_ROOT_PATHS_CACHE_VERSION,
        )


def site_for_request(request):
    """``Site.find_for_request(request)`` with Wagtail's query (``get_site_for_hostname``)
    compiled once (``cms.compiled``): the same site, or ``None``, chosen by Wagtail's rules,
    and kept on the request where Wagtail keeps it (``_wagtail_site``: Wagtail's routing then
    reads it; private attribute, checked by tests/cms/cache/test_wagtail_private.py)."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        if not str(port).isdigit():
            return Site.find_for_request(request)
        candidates = compiled(
            "site_for_hostname", _candidates, Site, hostname=hostname, port=int(port)
        )
        request._wagtail_site = _choose(list(candidates))
    return request._wagtail_site


def _candidates(*, hostname, port):
    # Wagtail's query (wagtail.models.sites.get_site_for_hostname), best match first.
    return (
        Site.objects.annotate(
            match=Case(
                When(hostname=hostname, port=port, then=MATCH_HOSTNAME_PORT),
                When(hostname=hostname, is_default_site=True, then=MATCH_HOSTNAME_DEFAULT),
                When(is_default_site=True, then=MATCH_DEFAULT),
                default=MATCH_HOSTNAME,
                output_field=IntegerField(),
            )
        )
        .filter(Q(hostname=hostname) | Q(is_default_site=True))
        .order_by("match")
        .select_related("root_page")
    )


def _choose(sites):
    # Wagtail's choice among the candidates (get_site_for_hostname), None for its DoesNotExist.
    if not sites:
        return None
    if len(sites) == 1 or sites[0].match in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return sites[0]
    if sites[0].match == MATCH_DEFAULT:
        return sites[len(sites) == 2]
    return None
