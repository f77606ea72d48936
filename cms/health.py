"""The load balancer's health check: /healthz answers 200 when the database and the cache both
answer, 503 otherwise, with the state of each as JSON.

It is a middleware at the top of the stack rather than a URL: the load balancer probes each
server by its address over plain HTTP, which ALLOWED_HOSTS and the HTTPS redirect would refuse;
and it must cost no session, no page lookup and no cache entry.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import DatabaseError, connections
from django.http import JsonResponse

logger = logging.getLogger(__name__)
PATH = "/healthz"


def check_database():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: database unreachable", exc_info=True)
        return False
    return True


def check_cache():
    # A write then a read: with IGNORE_EXCEPTIONS a dead Redis answers None instead of raising.
    key = f"healthz:{uuid.uuid4().hex}"
    cache = caches["default"]
    try:
        cache.set(key, "ok", timeout=5)
        reachable = cache.get(key) == "ok"
        cache.delete(key)
    except Exception:
        logger.warning("Health check: cache error", exc_info=True)
        return False
    if not reachable:
        logger.warning("Health check: cache unreachable")
    return reachable


def health_response():
    """The JSON answer: 200 if every dependency is reachable, 503 otherwise."""
    checks = {"database": check_database(), "cache": check_cache()}
    response = JsonResponse(
        {name: "ok" if ok else "error" for name, ok in checks.items()},
        status=200 if all(checks.values()) else 503,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    """Answers /healthz before any other middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)
