"""The cache backend as every cache of cms.cache reads and writes it: a failing backend (Redis
down, a value that cannot be pickled) changes only the speed of an answer, never the answer.

- Every call that fails is logged and answered as a miss (reads) or ignored (writes).
- ``get_many`` always answers a new dict holding only the keys asked for. django-redis with
  ``IGNORE_EXCEPTIONS`` answers every failed ``get_many`` with the *same* dict (the default of
  its ``omit_exception`` decorator): a caller that adds to it (as the API's fragments did) would
  leave its values in every later answer of that worker, Wagtail's renditions included.
  ``RedisCache`` below is the production backend that never hands that shared dict out.
"""

import logging

from django.core.cache import caches
from django_redis.cache import RedisCache as DjangoRedisCache

logger = logging.getLogger(__name__)
MISSING = object()


class SafeCache:
    """The cache ``alias`` of ``settings.CACHES``, with failures logged and ignored."""

    def __init__(self, alias):
        self.alias = alias

    @property
    def backend(self):
        return caches[self.alias]

    def _failed(self, operation, keys):
        logger.warning(
            "Cache %s: %s failed for %s; answered without the cache.",
            self.alias,
            operation,
            keys,
            exc_info=True,
        )

    def get(self, key, default=None, *, version=None):
        try:
            return self.backend.get(key, default, version=version)
        except Exception:
            self._failed("get", key)
            return default

    def get_many(self, keys):
        """A new dict with the values found for ``keys`` (and only those)."""
        keys = list(keys)
        try:
            found = self.backend.get_many(keys)
        except Exception:
            self._failed("get_many", keys)
            return {}
        return {key: found[key] for key in keys if key in found}

    def set(self, key, value, timeout, *, version=None):
        try:
            self.backend.set(key, value, timeout, version=version)
        except Exception:
            self._failed("set", key)

    def set_many(self, mapping, timeout):
        try:
            self.backend.set_many(dict(mapping), timeout)
        except Exception:
            self._failed("set_many", list(mapping))

    def add(self, key, value, timeout):
        try:
            return self.backend.add(key, value, timeout)
        except Exception:
            self._failed("add", key)
            return False

    def incr(self, key):
        """The incremented value; ``ValueError`` when ``key`` is not there, ``None`` when the
        backend failed."""
        try:
            return self.backend.incr(key)
        except ValueError:
            raise
        except Exception:
            self._failed("incr", key)
            return None


class RedisCache(DjangoRedisCache):
    """django-redis, whose ``get_many`` answers a new dict even when Redis is down (checked
    against django-redis 7.0: ``omit_exception(return_value={})`` shares one dict between every
    failed call), so that no caller, ours or Wagtail's, can poison the others' answers."""

    def get_many(self, *args, **kwargs):
        return dict(super().get_many(*args, **kwargs))
