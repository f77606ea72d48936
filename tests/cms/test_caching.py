"""The anonymous page cache (cms.cache.pages): hits, keys, invalidation, who never gets it."""

import os
import socket

import pytest
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cms.cache import keys, pages
from fiches import factories


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, fiche, django_assert_num_queries
):
    first = get(client, fiche.url)
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = get(client, fiche.url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    # Headers that depend on the request are computed again, never replayed from the cache.
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert "Content-Security-Policy" in second


def test_the_cache_is_off_when_page_cache_seconds_is_zero(client, fiche, settings):
    settings.PAGE_CACHE_SECONDS = 0
    get(client, fiche.url)
    assert "X-Cache" not in get(client, fiche.url)


def test_query_string_is_part_of_the_key(client, index, fiche):
    get(client, index.url)
    assert get(client, index.url)["X-Cache"] == "HIT"
    assert get(client, index.url, page="2")["X-Cache"] == "MISS"
    assert get(client, index.url, page="2")["X-Cache"] == "HIT"
    assert get(client, index.url, page="3")["X-Cache"] == "MISS"


def test_language_is_part_of_the_key(rf):
    from django.utils import translation

    request = rf.get("/fiches/")
    with translation.override("fr"):
        french = pages.cache_key(request)
    with translation.override("en"):
        english = pages.cache_key(request)
    assert french != english


def test_a_new_release_does_not_serve_the_previous_pages(client, index, fiche, monkeypatch):
    """After a deployment (new code, templates or translations) the shared cache may still hold
    pages rendered by the previous release: the release digest is part of the key."""
    get(client, index.url)
    assert get(client, index.url)["X-Cache"] == "HIT"
    monkeypatch.setattr(keys, "release", lambda: "next-release")
    assert get(client, index.url)["X-Cache"] == "MISS"
    assert get(client, index.url)["X-Cache"] == "HIT"


def test_publishing_a_page_clears_the_cache(client, fiche, index):
    get(client, index.url)
    get(client, fiche.url)
    fiche.title = "Un titre tout neuf"
    fiche.save_revision().publish()
    response = get(client, fiche.url)
    assert response["X-Cache"] == "MISS"
    assert "Un titre tout neuf" in response.content.decode()
    assert "Un titre tout neuf" in get(client, index.url).content.decode()


def test_unpublishing_a_page_clears_the_cache(client, index):
    fiche = factories.FichePageFactory(parent=index, title="Fiche bientôt retirée")
    assert fiche.title in get(client, index.url).content.decode()
    fiche.unpublish()
    response = get(client, index.url)
    assert response["X-Cache"] == "MISS"
    assert fiche.title not in response.content.decode()
    assert client.get(fiche.url).status_code == 404


def test_moving_a_page_clears_the_cache(client, fiche, index, home):
    other = factories.FichePageFactory(parent=index, title="Fiche voisine")
    get(client, index.url)
    fiche.move(other, pos="last-child")
    assert get(client, index.url)["X-Cache"] == "MISS"


@pytest.mark.parametrize("kind", ["buyer", "supplier", "operator"])
def test_renaming_an_actor_clears_the_pages_that_show_it(client, fiche, kind):
    get(client, fiche.url)
    actor = getattr(fiche, f"{kind}_links").get().actor
    actor.name = "Un nom tout neuf"
    actor.save()
    response = get(client, fiche.url)
    assert response["X-Cache"] == "MISS"
    assert "Un nom tout neuf" in response.content.decode()


def test_renaming_a_theme_clears_the_pages_that_show_it(client, index):
    theme = factories.ThemeFactory(name="Alimentation")
    fiche = factories.FichePageFactory(parent=index, themes=[theme])
    get(client, fiche.url)
    theme.name = "Restauration collective"
    theme.save()
    response = get(client, fiche.url)
    assert response["X-Cache"] == "MISS"
    assert "Restauration collective" in response.content.decode()


def test_logged_in_users_never_get_or_fill_the_cache(client, fiche, django_user_model):
    editor = django_user_model.objects.create_superuser("editrice", "e@example.org", "x")
    client.force_login(editor)
    response = get(client, fiche.url)
    assert "X-Cache" not in response
    client.logout()
    assert get(client, fiche.url)["X-Cache"] == "MISS"
    client.force_login(editor)
    assert "X-Cache" not in get(client, fiche.url)


def test_admin_documents_and_health_check_are_never_cached(client, index):
    document = factories.DocumentFactory()
    # Served to visitors once published content uses it (fiches.selectors.visibility).
    factories.FichePageFactory(parent=index, body=factories.fiche_body(document=document))
    assert client.get(document.url).status_code == 200
    for url in (document.url, "/healthz", reverse("wagtailadmin_login")):
        client.get(url)
        assert "X-Cache" not in client.get(url), url


def test_responses_that_set_cookies_or_are_private_are_not_stored(db):
    request = RequestFactory().get("/fr/")
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("suivi", "1")
    private = HttpResponse("x", headers={"Cache-Control": "private, max-age=0"})
    assert not pages.is_cacheable_response(request, with_cookie)
    assert not pages.is_cacheable_response(request, private)
    assert not pages.is_cacheable_response(request, HttpResponse("x", status=404))
    assert pages.is_cacheable_response(request, HttpResponse("x"))
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not pages.is_cacheable_response(request, HttpResponse("x"))


def redis_is_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_running(), reason="no Redis server on 127.0.0.1:6379")
def test_pages_are_shared_through_redis(client, fiche, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"fiches-rex-test-{os.getpid()}-{fiche.pk}",  # one per xdist worker
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
        }
    }
    redis_cache = caches["default"]
    try:
        assert get(client, fiche.url)["X-Cache"] == "MISS"
        assert get(client, fiche.url)["X-Cache"] == "HIT"
        keys.invalidate()
        assert get(client, fiche.url)["X-Cache"] == "MISS"
    finally:
        redis_cache.delete_pattern("*")


def test_a_page_read_before_the_publication_commits_is_not_kept(
    client, index, fiche, django_capture_on_commit_callbacks
):
    """Another request served while the publication is not committed yet reads the old rows
    and may cache them under the new version: the cache is cleared again on commit."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        fiche.title = "Titre publié"
        fiche.save_revision().publish()
        # The concurrent request, before the commit: it caches what it read.
        assert get(client, index.url)["X-Cache"] == "MISS"
        assert get(client, index.url)["X-Cache"] == "HIT"

    assert callbacks  # the commit cleared the cache again…
    assert get(client, index.url)["X-Cache"] == "MISS"  # …so the next visitor is served afresh


def test_deleting_a_page_clears_the_cache(client, index):
    fiche = factories.FichePageFactory(parent=index, title="Fiche bientôt supprimée")
    assert fiche.title in get(client, index.url).content.decode()
    fiche.delete()
    response = get(client, index.url)
    assert response["X-Cache"] == "MISS"
    assert fiche.title not in response.content.decode()


def test_making_a_page_private_clears_the_cache(client, fiche):
    get(client, fiche.url)
    restriction = PageViewRestriction.objects.create(
        page=fiche, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    response = client.get(fiche.url)

    assert response.status_code == 200
    assert response.get("X-Cache") != "HIT"
    assert fiche.title not in response.content.decode()

    restriction.delete()
    response = get(client, fiche.url)
    assert response["X-Cache"] == "MISS"
    assert fiche.title in response.content.decode()


def test_the_release_digest_depends_on_contents_not_on_dates(settings, tmp_path):
    """Two servers that install the same release at different times share the cache."""
    import os

    from cms import release as release_module

    (tmp_path / "cms").mkdir()
    module = tmp_path / "cms" / "views.py"
    module.write_text("A = 1\n")
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"

    def digest():
        release_module.release.cache_clear()
        return release_module.release()

    try:
        first = digest()
        os.utime(module, (1, 1))
        assert digest() == first
        module.write_text("A = 2\n")
        assert digest() != first
    finally:
        release_module.release.cache_clear()
