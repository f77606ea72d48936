"""Throttling of the page and document passwords (cms.throttle, wired in cms/urls.py)."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from wagtail.models import CollectionViewRestriction

from cms import throttle
from fiches import factories
from tests.helpers import LOCMEM, RAISING_CACHE, restrict


@pytest.fixture(autouse=True)
def fresh_counters(settings):
    settings.PAGE_PASSWORD_FAILURE_LIMIT = 10
    caches["default"].clear()


@pytest.fixture
def protected(fiche):
    restriction = restrict(fiche)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, fiche.id])
    return fiche, url


def try_password(client, url, password, return_url="/"):
    return client.post(url, {"password": password, "return_url": return_url})


def test_ten_wrong_passwords_then_429_even_for_the_right_one(protected):
    fiche, url = protected
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(10):
        response = try_password(client, url, "mauvais")
        assert response.status_code == 200
        assert "password" in response.content.decode()
    response = try_password(client, url, "secret", fiche.url)
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    assert "Trop de mots de passe erronés" in response.content.decode()
    assert client.get(fiche.url).status_code == 200
    assert "password" in client.get(fiche.url).content.decode()
    # Another address still gets in with the right password.
    other = Client(REMOTE_ADDR="198.51.100.4")
    assert try_password(other, url, "secret", fiche.url).status_code == 302


def test_right_passwords_are_not_counted(protected):
    fiche, url = protected
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(12):
        assert try_password(client, url, "secret", fiche.url).status_code == 302
    assert try_password(client, url, "mauvais").status_code == 200


def test_a_failing_cache_locks_nobody_out_and_breaks_nothing(protected, settings):
    fiche, url = protected
    # Wagtail reads the site's root paths from the cache without a guard: read them first.
    page_url = fiche.url
    settings.CACHES = {"default": {"BACKEND": RAISING_CACHE}, "sessions": LOCMEM}
    settings.SESSION_CACHE_ALIAS = "sessions"
    client = Client(REMOTE_ADDR="203.0.113.11")
    for _ in range(12):
        assert try_password(client, url, "mauvais").status_code == 200
    assert try_password(client, url, "secret", page_url).status_code == 302


def test_document_passwords_are_throttled_too(db):
    document = factories.DocumentFactory()
    restriction = CollectionViewRestriction.objects.create(
        collection=document.collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="secret",
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.id])
    client = Client(REMOTE_ADDR="203.0.113.12")
    for _ in range(10):
        assert try_password(client, url, "mauvais").status_code == 200
    response = try_password(client, url, "secret", document.url)
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)


def test_within_limit_counts_each_attempt_under_a_hashed_key(settings):
    key = throttle.value_key("alerts-email", "lea@example.org")
    assert "lea" not in key
    assert key == throttle.value_key("alerts-email", "lea@example.org")
    assert key != throttle.value_key("alerts-email", "leo@example.org")
    answers = [throttle.within_limit(key, limit=3, window=60) for _ in range(5)]
    assert answers == [True, True, True, False, False]


def test_within_limit_with_a_failing_cache_limits_nothing(settings):
    settings.CACHES = {"default": {"BACKEND": RAISING_CACHE}}
    key = throttle.value_key("alerts-email", "lea@example.org")
    assert all(throttle.within_limit(key, limit=1, window=60) for _ in range(3))
