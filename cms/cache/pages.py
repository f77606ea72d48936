"""Full-page cache for anonymous visitors, shared by every app server through the default cache.

A page is cached when an anonymous visitor GETs it and the answer is a plain 200 that sets no
cookie, uses no CSRF token and does not ask to stay private. The key holds the release (so a
deployment never serves pages rendered by the previous code or templates), the host, the
language and the full path with its query string. Invalidation bumps a version number that is
part of every key: one cheap write clears the cache of every server at once, whatever the cache
backend (see cms.pagecache.signals for what triggers it). PAGE_CACHE_SECONDS=0 turns it off.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from cms.release import release

HEADER = "X-Cache"
VERSION_KEY = "pagecache:version"
# Hop-by-hop or per-response headers that must be computed again for each visitor.
UNSTORED_HEADERS = {"set-cookie", "vary", "x-request-id", "content-length"}
PRIVATE_DIRECTIVES = {"private", "no-cache", "no-store"}


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


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


def current_version():
    """The version part of every key; created on first use, bumped by invalidate()."""
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def cache_key(request):
    """Release, host, language and full path (query string included), under the current
    version."""
    raw = "|".join((release(), request.get_host(), get_language() or "", request.get_full_path()))
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"pagecache:{current_version()}:{digest}"


def get(key):
    return _cache().get(key)


def store(key, response):
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
    ]
    _cache().set(
        key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS
    )


def invalidate_now_and_on_commit():
    """``invalidate()`` at once, and again when the current transaction commits: a request
    served between the two (it still read the old rows, as the change was not committed) may
    have cached what it saw under the new version; the second bump forgets it. Outside a
    transaction, both happen at once."""
    invalidate()
    transaction.on_commit(invalidate)


def invalidate():
    """Forget every cached page on every server (the old keys expire on their own)."""
    cache = _cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
