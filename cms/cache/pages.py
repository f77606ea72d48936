"""Full-page cache for anonymous visitors, shared by every app server through the default cache.

A page is cached when an anonymous visitor GETs it and the answer is a plain 200 that sets no
cookie, uses no CSRF token and does not ask to stay private. The key (cms.cache.keys, name
``page``) holds the release (so a deployment never serves pages rendered by the previous code or
templates), the content version (bumped by what cms.cache.signals listens to: one cheap write
clears the cache of every server at once), the language, the host and the full path with its
query string. PAGE_CACHE_SECONDS=0 turns it off; production does so without a shared cache
(docs/deployment.md).
"""

from django.conf import settings
from django.utils.cache import cc_delim_re

from cms.cache.backend import SafeCache
from cms.cache.keys import make_key

HEADER = "X-Cache"
# Hop-by-hop or per-response headers that must be computed again for each visitor.
UNSTORED_HEADERS = {"set-cookie", "vary", "x-request-id", "content-length"}
PRIVATE_DIRECTIVES = {"private", "no-cache", "no-store"}


def _cache():
    return SafeCache(settings.PAGE_CACHE_ALIAS)


def is_enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def is_cacheable_request(request):
    """Anonymous GET outside the admin, documents and health check."""
    if not is_enabled() or request.method != "GET":
        return False
    if request.path_info.startswith(tuple(excluded_prefixes())):
        return False
    return not request.user.is_authenticated


def excluded_prefixes():
    return [f"/{settings.ADMIN_URL_PATH}", *settings.PAGE_CACHE_EXCLUDED_PREFIXES]


def is_cacheable_response(request, response):
    """A plain 200 that is the same for every anonymous visitor."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    directives = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
        if part
    }
    return not directives & PRIVATE_DIRECTIVES


def cache_key(request):
    """Release, content version, language, host and full path (query string included)."""
    return make_key("page", request.get_host(), request.get_full_path(), request=request)


def get(key):
    return _cache().get(key)


def store(key, response):
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
    ]
    _cache().set(
        key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS
    )
