"""Throttling of guesses that the site answers itself (the admin login is django-axes', see
cms.security): a visitor's failed attempts are counted per address in the cache, and past the
limit every attempt, right or wrong, gets a 429 with Retry-After until the window is over.

The counters live in the cache through SafeCache: when the cache fails, nothing is counted and
nobody is locked out (the guessing is then as slow as the view itself), and no request fails.
They are not content caches: their keys hold neither release nor content version, so that
publishing a page does not reset them (hence no entry in cms.cache.registry)."""

import functools
import hashlib

from django.http import HttpResponse
from django.template import loader

from cms.cache.backend import SafeCache
from cms.security import client_ip

KEY_PREFIX = "throttle"


def counter_key(scope, request):
    return value_key(scope, client_ip(request))


def value_key(scope, value):
    """The counter key of ``value`` (the visitor's address, or an e-mail address); hashed, so
    that the cache holds no address in clear nor a character a cache key must not (memcached,
    IPv6 zones)."""
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{scope}:{digest}"


def within_limit(key, *, limit, window, alias="default"):
    """Counts one attempt under ``key`` and says whether it is within ``limit`` attempts in
    ``window`` seconds (for callers that must answer the same either way, and act only
    within the limit)."""
    cache = SafeCache(alias)
    if (cache.get(key, 0) or 0) >= limit:
        return False
    count_failure(cache, key, window)
    return True


def limit_failures(view, *, scope, limit, window, failed, template, alias="default"):
    """``view`` with at most ``limit`` failed attempts per visitor address in ``window``
    seconds; ``failed(request, response)`` says whether an answer was a failed attempt. Past the
    limit, ``template`` is answered with status 429 and Retry-After."""
    cache = SafeCache(alias)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = counter_key(scope, request)
        if (cache.get(key, 0) or 0) >= limit:
            return too_many_attempts(request, template, window)
        response = view(request, *args, **kwargs)
        if failed(request, response):
            count_failure(cache, key, window)
        return response

    return wrapper


def form_answered_again(request, response):
    """A failed attempt for a view that redirects on success and shows its form again (200)
    otherwise, such as Wagtail's password views."""
    return request.method == "POST" and response.status_code == 200


def form_posted(request, response):
    """Every submission counts, accepted or not: for a public form that creates or sends
    something (the proposals, the alert subscriptions), where the limit is on submissions, not
    on guesses."""
    return request.method == "POST"


def count_failure(cache, key, window):
    """One more failure under ``key``; the window starts with the first one."""
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:
        # The counter expired between add and incr: this failure opens a new window.
        cache.set(key, 1, window)


def too_many_attempts(request, template, retry_after):
    """The 429 answer, rendered without context processors (so without any query)."""
    content = loader.get_template(template).render({"minutes": max(1, retry_after // 60)})
    response = HttpResponse(content, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
