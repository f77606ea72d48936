"""/sitemap.xml and /robots.txt: what they list and leave out, language alternates, query counts."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from fiches import factories

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
BASE = "http://testserver"


def sitemap(client):
    """``{location: {hreflang: href}}`` for every ``<url>`` of /sitemap.xml."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.findall("sm:url", NS):
        location = url.findtext("sm:loc", namespaces=NS)
        assert location not in entries, f"{location} is listed twice"
        entries[location] = {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
    return entries


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


def translate(page, english):
    """Publishes an English translation of ``page`` (its parents must be translated first)."""
    translation = page.copy_for_translation(english)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


class TestSitemapContent:
    def test_lists_the_published_pages_and_leaves_out_drafts_private_and_withdrawn(
        self, client, home, index
    ):
        public = factories.FichePageFactory(parent=index, title="Fiche publique")
        draft = factories.FichePageFactory(parent=index, title="Brouillon", publish=False)
        private = factories.FichePageFactory(parent=index, title="Fiche privée")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        withdrawn = factories.FichePageFactory(parent=index, title="Fiche retirée")
        withdrawn.unpublish()

        entries = sitemap(client)

        assert f"{BASE}/fr/" in entries
        assert f"{BASE}/fr/fiches/" in entries
        assert f"{BASE}/fr/fiches/{public.slug}/" in entries
        for hidden in (draft, private, withdrawn):
            assert f"{BASE}/fr/fiches/{hidden.slug}/" not in entries

    def test_gives_the_last_publication_date(self, client, fiche):
        response = client.get("/sitemap.xml")
        root = ET.fromstring(response.content)
        lastmods = {
            url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
            for url in root.findall("sm:url", NS)
        }
        assert lastmods[f"{BASE}{fiche.url}"] == timezone.localtime(
            fiche.last_published_at
        ).strftime("%Y-%m-%d")

    def test_lists_the_actors_of_published_fiches_only(self, client, index):
        shown = factories.BuyerFactory(name="Ville de Rennes")
        hidden = factories.BuyerFactory(name="Ville en brouillon")
        author = factories.OperatorFactory(name="CRESS Bretagne")
        factories.FichePageFactory(parent=index, buyers=[shown], author=author)
        factories.FichePageFactory(parent=index, buyers=[hidden], publish=False)

        entries = sitemap(client)

        assert f"{BASE}/fr/acteurs/acheteurs/{shown.slug}/" in entries
        assert f"{BASE}/fr/acteurs/operateurs/{author.slug}/" in entries
        assert f"{BASE}/fr/acteurs/acheteurs/{hidden.slug}/" not in entries

    def test_lists_region_pages_and_list_pages_in_every_language(self, client, home):
        entries = sitemap(client)

        bretagne = entries[f"{BASE}/fr/regions/bretagne/"]
        assert bretagne == {
            "fr": f"{BASE}/fr/regions/bretagne/",
            "en": f"{BASE}/en/regions/bretagne/",
            "x-default": f"{BASE}/fr/regions/bretagne/",
        }
        assert f"{BASE}/en/regions/bretagne/" in entries
        for path in ("/fr/regions/", "/fr/acteurs/", "/fr/donnees-ouvertes/"):
            assert f"{BASE}{path}" in entries

    def test_search_results_are_not_listed(self, client, home):
        assert not [url for url in sitemap(client) if "/recherche/" in url]


class TestLanguageAlternates:
    def test_a_translated_fiche_lists_both_versions_as_alternates(
        self, client, home, index, fiche, english
    ):
        translate(home, english)
        translate(index, english)
        fiche_en = translate(fiche, english)
        french = f"{BASE}{fiche.url}"
        english_url = f"{BASE}{fiche_en.url}"
        assert english_url.startswith(f"{BASE}/en/")

        entries = sitemap(client)

        expected = {"fr": french, "en": english_url, "x-default": french}
        assert entries[french] == expected
        assert entries[english_url] == expected

    def test_an_untranslated_page_has_no_alternates(self, client, fiche):
        assert sitemap(client)[f"{BASE}{fiche.url}"] == {}

    def test_aliases_are_left_out(self, client, home, index, fiche, english):
        translate(home, english)
        index_en = translate(index, english)
        alias = fiche.copy_for_translation(english, alias=True)
        assert alias.alias_of_id == fiche.pk and alias.live

        entries = sitemap(client)

        assert f"{BASE}{index_en.url}" in entries
        assert not [url for url in entries if url.endswith(f"/{alias.slug}/") and "/en/" in url]


class TestQueryCount:
    def test_does_not_query_per_page_or_actor(self, client, index):
        def add(count):
            for _ in range(count):
                factories.FichePageFactory(parent=index, criteria=(), indicators=(), body=[])

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/sitemap.xml").status_code == 200
            return len(captured)

        add(2)
        queries()  # the site's root paths are cached by the first request
        small = queries()
        add(10)
        assert queries() == small


class TestRobots:
    def test_allows_the_site_and_disallows_admin_search_and_preview(self, client, settings):
        settings.ADMIN_URL_PATH = "gestion-7f3a/"

        response = client.get("/robots.txt")

        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "max-age=" in response["Cache-Control"]
        lines = response.content.decode().splitlines()
        assert "User-agent: *" in lines
        assert "Allow: /" in lines
        for path in ("/gestion-7f3a/", "/fr/recherche/", "/en/recherche/", "/api/v2/preview/"):
            assert f"Disallow: {path}" in lines
        assert "Disallow: /fr/" not in lines
        assert f"Sitemap: {BASE}/sitemap.xml" in lines

    def test_sitemap_is_cacheable(self, client, home):
        response = client.get("/sitemap.xml")
        assert "max-age=3600" in response["Cache-Control"]
