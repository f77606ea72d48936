"""A cache backend that fails changes the speed of an answer, never the answer: the fiche page,
its PDF, the API detail and list and the admin edit page answer as without a cache, with a
backend whose calls raise, with one that answers like django-redis with IGNORE_EXCEPTIONS while
Redis is down (the same default dict from every failed ``get_many``), and with the real
django-redis against a closed port."""

import json

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse

from fiches import factories
from tests.helpers import LOCMEM, RAISING_CACHE

#: The dict django-redis returns from every failed get_many (its omit_exception default).
SHARED_DEFAULT = {}


class SharedDefaultCache(LocMemCache):
    """django-redis with IGNORE_EXCEPTIONS and Redis down: reads miss, writes are dropped, and
    every get_many answers the same dict."""

    def get(self, key, default=None, version=None):
        return default

    def get_many(self, keys, version=None):
        return SHARED_DEFAULT

    def set(self, *args, **kwargs):
        return None

    def set_many(self, *args, **kwargs):
        return []

    def add(self, *args, **kwargs):
        return False

    def incr(self, *args, **kwargs):
        return None


def closed_redis(backend):
    return {
        "BACKEND": backend,
        # Nothing listens there: every connection is refused at once.
        "LOCATION": "redis://127.0.0.1:6390/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
    }


BROKEN = {
    "raising": {"default": LOCMEM, "broken": {"BACKEND": RAISING_CACHE}},
    "shared-default": {"default": {"BACKEND": f"{__name__}.SharedDefaultCache"}},
    "closed-redis": {"default": closed_redis("cms.cache.backend.RedisCache")},
    "closed-plain-django-redis": {"default": closed_redis("django_redis.cache.RedisCache")},
}


@pytest.fixture
def rich_fiche(index):
    image = factories.ImageFactory(title="Chantier", credit="Photo : CRESS Bretagne")
    return factories.FichePageFactory(
        parent=index,
        title="Des espaces verts entretenus par un chantier d'insertion",
        hero_image=image,
        buyers=[factories.BuyerFactory(name="Ville de Rennes", logo=factories.ImageFactory())],
        body=factories.fiche_body(image=image),
    )


def answers(client, fiche, editor):
    """What each endpoint answers, twice in a row (the second read would be a cache hit)."""
    api_list = "/api/v2/pages/?type=fiches.FichePage&fields=*"
    api_detail = f"/api/v2/pages/{fiche.pk}/"
    result = {}
    for _ in range(2):
        client.logout()
        for url in (api_list, api_detail):
            response = client.get(url)
            assert response.status_code == 200, url
            result[url] = json.loads(response.content)
        response = client.get(fiche.url)
        assert response.status_code == 200
        assert fiche.title in response.content.decode()
        response = client.get(f"{fiche.url}pdf/")
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        client.force_login(editor)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[fiche.pk]))
        assert response.status_code == 200
    return result


@pytest.mark.parametrize("backend", list(BROKEN))
def test_a_failing_cache_changes_no_answer(
    backend, client, rich_fiche, settings, django_user_model
):
    editor = django_user_model.objects.create_superuser("editrice", "e@example.org", "x")
    settings.FRAGMENT_CACHE_SECONDS = 0
    settings.PAGE_CACHE_SECONDS = 0
    expected = answers(client, rich_fiche, editor)

    settings.CACHES = BROKEN[backend]
    alias = "broken" if "broken" in settings.CACHES else "default"
    settings.FRAGMENT_CACHE_ALIAS = settings.PAGE_CACHE_ALIAS = alias
    settings.FRAGMENT_CACHE_SECONDS = 300
    settings.PAGE_CACHE_SECONDS = 300
    try:
        assert answers(client, rich_fiche, editor) == expected
        # Nothing was added to the dict django-redis shares between its failed calls.
        assert SHARED_DEFAULT == {}
    finally:
        SHARED_DEFAULT.clear()
        caches["default"].close()


def test_the_production_backend_never_hands_out_the_shared_dict(settings):
    settings.CACHES = {"default": closed_redis("cms.cache.backend.RedisCache")}
    first = caches["default"].get_many(["a"])
    first["poison"] = "x"
    assert caches["default"].get_many(["b"]) == {}
