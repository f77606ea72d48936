"""The subscription list is never exposed: no admin for anonymous visitors (and no admin view
of it at all), nothing in the API, the exports, the sitemap or the pages."""

import pytest
from django.urls import reverse

from fiches.models import AlertSubscription
from tests.helpers import make_user

pytestmark = pytest.mark.django_db

EMAIL = "secret.reader@example.org"


@pytest.fixture
def subscription(fiche, index):
    return AlertSubscription.objects.create(
        email=EMAIL, catalogue=index, query="region=53", confirmed_at=fiche.first_published_at
    )


def test_no_public_door_shows_an_address(client, subscription, index, fiche):
    urls = [
        "/sitemap.xml",
        "/robots.txt",
        "/api/v2/pages/",
        f"/api/v2/pages/{fiche.pk}/",
        "/api/v2/exports/fiches.csv",
        "/api/v2/exports/fiches.json",
        "/fr/donnees-ouvertes/",
        index.url,
        fiche.url,
        f"/fr/alertes/?catalogue={index.pk}&region=53",
        "/fr/alertes/envoye/",
        "/fr/recherche/?q=secret",
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        assert EMAIL.encode() not in body, url
        assert b"/alertes/confirmation/" not in body, url
    assert b"/alertes/" not in client.get("/sitemap.xml", follow=True).content
    robots = client.get("/robots.txt").content.decode().splitlines()
    assert {"Disallow: /fr/alertes/", "Disallow: /en/alertes/"} <= set(robots)


def test_anonymous_visitors_get_no_admin(client, subscription):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_no_admin_lists_the_subscriptions(client, subscription):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert EMAIL not in client.get("/admin/").content.decode()
    search = client.get("/admin/pages/search/", {"q": "secret.reader"})
    assert EMAIL not in search.content.decode()
    from django.urls import NoReverseMatch

    for name in (
        "wagtailsnippets_fiches_alertsubscription:list",
        "admin:fiches_alertsubscription_changelist",
    ):
        with pytest.raises(NoReverseMatch):
            reverse(name)
