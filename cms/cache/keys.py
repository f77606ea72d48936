"""The one key builder of every cache (page, fragments, API payloads, PDF).

A key is ``cms:<name>:<parts>`` where the parts always start with:

- the **release** (cms.release): a digest of the code, templates, translations and static
  files, so that a deployment never serves what the previous one rendered;
- the **content version**, bumped when a page is published, unpublished, moved or deleted, made
  private or public again, and when an actor, a theme, an image, a document or a site is saved
  or deleted (cms.cache.signals): one cheap write forgets every entry of every server at once;
  read at most once per request;
- the active **language** and the Wagtail **site** of the request (once it is known);

followed by what the entry is made of besides (a page's id and live revision, a host and path…).
Every name is registered in cms.cache.registry, with what it holds and what invalidates it.
"""

import hashlib
import re
import time

from django.conf import settings
from django.db import transaction
from django.utils.translation import get_language

from cms.cache import registry
from cms.cache.backend import SafeCache
from cms.release import release

VERSION_KEY = "pagecache:version"
#: Key parts made of these characters are kept readable; others (a search's spaces, accents…)
#: are hashed, as memcached and some proxies refuse them.
SAFE_KEY = re.compile(r"[\w:.+\-]*", re.ASCII)


def _version_cache():
    return SafeCache(settings.PAGE_CACHE_ALIAS)


def current_version():
    """The content version; created on first use, bumped by ``invalidate()``. ``0`` while the
    backend fails: keys then change with nothing, which is harmless as nothing is stored."""
    cache = _version_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def content_version(request=None):
    """``current_version()``, read at most once per request."""
    if request is None:
        return current_version()
    version = getattr(request, "_cache_content_version", None)
    if version is None:
        version = current_version()
        request._cache_content_version = version
    return version


def invalidate():
    """Forgets every cached page and fragment on every server (old keys expire on their own)."""
    cache = _version_cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def invalidate_now_and_on_commit():
    """``invalidate()`` at once, and again when the current transaction commits: a request
    served between the two (it still read the old rows, as the change was not committed) may
    have cached what it saw under the new version; the second bump forgets it. Outside a
    transaction, both happen at once."""
    invalidate()
    transaction.on_commit(invalidate)


def make_key(name, *parts, request=None):
    """``cms:<name>:<release>:<content version>:<language>:<site>:<parts…>`` (hashed when long or
    not plain ASCII). ``name`` must be registered (cms.cache.registry)."""
    registry.get(name)
    site = getattr(request, "_wagtail_site", None) if request is not None else None
    raw = ":".join(
        [
            release(),
            str(content_version(request)),
            get_language() or "",
            str(site.pk if site is not None else ""),
            *(str(part) for part in parts),
        ]
    )
    if len(raw) > 150 or not SAFE_KEY.fullmatch(raw):
        raw = hashlib.sha256(raw.encode()).hexdigest()
    return f"cms:{name}:{raw}"
