"""Fragment caches of the public pages and the API: what many requests share and costs queries
or template work — the site of a request, where a path leads (routing), the menu, the
translations of a page, a fiche's body, head and article, its similar fiches, API payloads… —
kept under keys (cms.cache.keys) that say everything the fragment depends on, so that none is
ever shown once stale. Each name is registered in cms.cache.registry; docs/caching.md lists
them with their keys and what clears each.

The content version reaches every app server through the shared cache (Redis, ``REDIS_URL``).
Without a shared cache, production turns fragment caching off (cms/settings/production.py):
an unpublication made in one process would not reach the fragments of the others.
``FRAGMENT_CACHE_SECONDS=0`` turns every fragment cache off (the default outside production).
"""

import functools

from django.conf import settings
from django.db import connections
from django.http import Http404
from wagtail.models import Page

from cms import sites
from cms.cache import registry
from cms.cache.backend import MISSING, SafeCache
from cms.cache.keys import make_key


def enabled():
    return settings.FRAGMENT_CACHE_SECONDS > 0


def _cache():
    return SafeCache(settings.FRAGMENT_CACHE_ALIAS)


def get_or_set(name, parts, compute, *, request=None):
    """The cached value of fragment ``name`` (registered in cms.cache.registry) for ``parts``,
    computed (and stored) on a miss; just computed when fragment caching is off. ``compute``
    takes no argument."""
    if not enabled():
        registry.get(name)
        return compute()
    key = make_key(name, *parts, request=request)
    value = _cache().get(key, MISSING)
    if value is MISSING:
        value = compute()
        _cache().set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    return value


def get_many(keys):
    """The values found for ``keys`` (made by ``make_key``), as a new dict."""
    return _cache().get_many(keys)


def set_many(values):
    """Keeps ``values`` (a dict of keys made by ``make_key``) for ``FRAGMENT_CACHE_SECONDS``."""
    _cache().set_many(values, settings.FRAGMENT_CACHE_SECONDS)


# --- The site of a request ------------------------------------------------------------------


def find_site(request):
    """``Site.find_for_request`` without its query on a hit: the site (with its root page, as
    Wagtail loads it), cached per host and port under the content version, which saving a site
    or publishing, moving or deleting a page bumps."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    if not enabled():
        return sites.site_for_request(request)
    # With the request (its site not known yet, so not in the key): the content version read
    # here is the one every later fragment of the request uses, not read again.
    site = get_or_set(
        "site",
        [request._get_raw_host(), request.get_port()],
        lambda: sites.site_for_request(request),
        request=request,
    )
    # Wagtail's own per-request memo, which Site.find_for_request reads first: setting it on a
    # hit spares that query. Private attribute, checked against Wagtail 8.0.1;
    # tests/cms/cache/test_wagtail_private.py fails when Wagtail stops reading it.
    request._wagtail_site = site
    return site


# --- Wagtail's routing ----------------------------------------------------------------------


def route(request, path):
    """Sets what ``Page.route_for_request(request, path)`` returns, without walking the tree.

    Wagtail's routing walks the tree from the site's home: the active locale, then for each
    segment of the path a child page and its specific row (seven queries for a fiche). Its
    outcome depends only on the tree, the site, the language and the path, all part of the key
    (with the content version, which publishing, unpublishing, moving or deleting a page bumps):
    the cache keeps the page the walk found, as it was loaded then (with its locale and, for a
    fiche, the rows ``selectors.child_fiche`` joins), and how many segments it used.

    On every request, one small query reads the page's row again (``PAGE_STATE``: live or not,
    live and latest revisions, URL path, tree path, last publication, locale): if anything
    changed — even published by another server whose version bump this one has not seen — the
    path is routed again. Otherwise the page's own ``route()`` is called with the rest of the
    path: it checks that the page is live and serves the sub-pages of a ``RoutablePageMixin``
    (e.g. a fiche's ``pdf/``). A path that finds nothing (404) is not kept. Privacy (view
    restrictions) is checked after routing, on every request, by Wagtail's
    ``before_serve_page`` hooks: nothing of it is cached."""
    if not enabled() or hasattr(request, "_wagtail_route_for_request"):
        return
    site = find_site(request)
    if site is None:
        return
    components = [component for component in path.split("/") if component]
    key = make_key("route", "/".join(components), request=request)
    cached = _cache().get(key)
    if cached is not None:
        page, used, state = cached
        if page_state(page.pk) == state:
            # Wagtail's per-request memo of routing, which Page.route_for_request (called by
            # wagtail.views.serve) returns when it is set: no public hook replaces the tree walk.
            # Private attribute, checked against Wagtail 8.0.1;
            # tests/cms/cache/test_wagtail_private.py fails when Wagtail stops reading it.
            try:
                request._wagtail_route_for_request = page.route(request, components[used:])
            except Http404:
                request._wagtail_route_for_request = None
            return
    result = Page.route_for_request(request, path)
    if result is not None:
        # Kept before the page is served: nothing of this request is stored with it.
        page = result[0]
        state = tuple(getattr(page, field) for field in PAGE_STATE)
        used = page.depth - site.root_page.depth
        _cache().set(key, (page, used, state), settings.FRAGMENT_CACHE_SECONDS)


#: The columns of a page row whose change makes a cached route and page unusable: content is
#: changed by publishing a revision (``live_revision_id``), moves change the paths. Plain
#: values (no dates), compared as the database driver returns them.
PAGE_STATE = (
    "live",
    "live_revision_id",
    "latest_revision_id",
    "url_path",
    "path",
    "locale_id",
)


def page_state(pk, fields=PAGE_STATE, model=Page):
    """``fields`` of the page ``pk`` as stored now (``None`` when it is gone, or is not a
    ``model``, a page type whose table is then joined). Plain SQL: the ORM would spend ten times
    longer building this one-row query than the database takes to answer it, on every
    request."""
    with connections[Page.objects.db].cursor() as cursor:
        cursor.execute(_page_state_sql(tuple(fields), model), [pk])
        row = cursor.fetchone()
    return None if row is None else tuple(row)


@functools.cache
def _page_state_sql(fields, model):
    quote = connections[Page.objects.db].ops.quote_name
    page = quote(Page._meta.db_table)
    page_id = f"{page}.{quote(Page._meta.pk.column)}"
    columns = ", ".join(f"{page}.{quote(Page._meta.get_field(name).column)}" for name in fields)
    sql = f"SELECT {columns} FROM {page}"
    if model is not Page:
        table = quote(model._meta.db_table)
        sql += f" INNER JOIN {table} ON {table}.{quote(model._meta.pk.column)} = {page_id}"
    return f"{sql} WHERE {page_id} = %s"
