"""Failures of the services the site depends on: the database and Redis."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connections
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.helpers import CLOSED_REDIS


@pytest.fixture
def visitor():
    # Errors must come back as responses, as in production, not be re-raised into the test.
    return Client(raise_request_exception=False)


def database_down(error=OperationalError):
    connection = connections["default"]
    return mock.patch.object(
        connection, "cursor", side_effect=error("connection to server failed: refused")
    )


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_pages_answer_a_clean_503_while_the_database_is_down(visitor, fiche, index, error):
    for url in (fiche.url, index.url, "/fr/"):
        with database_down(error):
            response = visitor.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        assert response["Cache-Control"] == "no-store"
        html = response.content.decode()
        assert "Service momentanément indisponible" in html
        assert "Traceback" not in html
        assert "OperationalError" not in html
        assert "refused" not in html
        # The security headers are still there.
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" in response


def test_the_site_recovers_by_itself_when_the_database_comes_back(visitor, fiche):
    url = fiche.url
    with database_down():
        assert visitor.get(url).status_code == 503
    response = visitor.get(url)
    assert response.status_code == 200
    assert escape(fiche.title) in response.content.decode()


def test_the_admin_answers_503_too(visitor, db):
    with database_down():
        response = visitor.get(reverse("wagtailadmin_login"))
    assert response.status_code == 503


def test_other_errors_still_answer_the_500_page(visitor, fiche):
    with mock.patch("fiches.selectors.fiche_page", side_effect=ValueError("bogue")):
        response = visitor.get(fiche.url)
    assert response.status_code == 500
    assert "Le site rencontre un problème" in response.content.decode()


def test_cached_pages_are_still_served_while_the_database_is_down(visitor, fiche, settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    try:
        url = fiche.url
        assert visitor.get(url).status_code == 200
        with database_down():
            response = visitor.get(url)
        assert response.status_code == 200
        assert response["X-Cache"] == "HIT"
    finally:
        cache.clear()


def test_the_site_still_serves_with_redis_down(visitor, fiche, index, settings, django_user_model):
    settings.CACHES = CLOSED_REDIS
    settings.PAGE_CACHE_SECONDS = 300
    for url in (fiche.url, index.url, fiche.url):
        response = visitor.get(url)
        assert response.status_code == 200, url
        assert response["X-Cache"] == "MISS"
    # Sessions fall back on the database: editors can still log in and work.
    editor = django_user_model.objects.create_superuser("editrice", "e@example.org", "x")
    visitor.force_login(editor)
    assert visitor.get(reverse("wagtailadmin_home")).status_code == 200
