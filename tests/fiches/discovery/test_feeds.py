"""RSS 2.0 and Atom feeds: all fiches, per region, per theme (the news feed: tests/home)."""

import html
from email.utils import parsedate_to_datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fiches import factories, selectors
from fiches.models import Region
from tests.helpers import ATOM, atom, atom_titles, rss, titles


@pytest.fixture
def themes(db):
    return {
        "food": factories.ThemeFactory(name="Alimentation", slug="alimentation"),
        "green": factories.ThemeFactory(name="Espaces verts", slug="espaces-verts"),
    }


class TestAllFiches:
    def test_rss_lists_published_fiches_newest_first(self, client, index, themes):
        older = factories.FichePageFactory(
            parent=index,
            title="Cantine bio",
            chapo="Des légumes <bio> & locaux.",
            themes=[themes["food"], themes["green"]],
        )
        newer = factories.FichePageFactory(parent=index, title="Parcs de Rennes")
        factories.FichePageFactory(parent=index, title="Brouillon secret", publish=False)

        channel = rss(client, "/fr/flux/fiches/rss/")

        assert channel.findtext("title") == "Fiches REX — les dernières fiches publiées"
        assert channel.findtext("link") == "http://testserver/fr/fiches/"
        assert titles(channel) == [newer.title, older.title]
        item = channel.findall("item")[1]
        assert item.findtext("link") == f"http://testserver{older.url}"
        assert html.unescape(item.findtext("description")) == "Des légumes <bio> & locaux."
        assert [category.text for category in item.findall("category")] == [
            "Alimentation",
            "Espaces verts",
        ]
        assert parsedate_to_datetime(item.findtext("pubDate")) == older.first_published_at.replace(
            microsecond=0
        )

    def test_atom_lists_the_same_entries(self, client, index, themes):
        fiche = factories.FichePageFactory(parent=index, themes=[themes["green"]])
        factories.FichePageFactory(parent=index, publish=False)

        feed = atom(client, "/fr/flux/fiches/atom/")

        assert atom_titles(feed) == [fiche.title]
        entry = feed.find(f"{ATOM}entry")
        assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{fiche.url}"
        assert html.unescape(entry.findtext(f"{ATOM}summary")) == fiche.chapo
        assert entry.find(f"{ATOM}category").get("term") == "Espaces verts"
        assert entry.findtext(f"{ATOM}published")
        assert feed.findtext(f"{ATOM}subtitle").startswith("Les derniers retours d'expérience")

    def test_lists_at_most_the_feed_length(self, client, index, monkeypatch):
        monkeypatch.setattr(selectors, "FEED_LENGTH", 2)
        for _ in range(3):
            factories.FichePageFactory(parent=index)

        assert len(titles(rss(client, "/fr/flux/fiches/rss/"))) == 2

    def test_empty_feed_is_valid(self, client, index):
        assert titles(rss(client, "/fr/flux/fiches/rss/")) == []

    @pytest.mark.parametrize("url", ["/fr/flux/fiches/rss/", "/fr/flux/fiches/atom/"])
    def test_does_not_query_per_fiche(self, client, index, themes, url):
        def add(count):
            for _ in range(count):
                factories.FichePageFactory(
                    parent=index,
                    themes=[themes["food"]],
                    author=factories.OperatorFactory(),
                    operators=[],
                    body=[],
                )

        def count():
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        add(2)
        client.get(url)
        small = count()
        add(6)

        assert count() == small


class TestRegionAndThemeFeeds:
    def test_a_region_feed_keeps_its_region(self, client, index):
        breton = factories.FichePageFactory(parent=index, region=Region.objects.get(code="53"))
        factories.FichePageFactory(parent=index, region=Region.objects.get(code="84"))
        slug = Region.objects.get(code="53").slug

        channel = rss(client, f"/fr/flux/regions/{slug}/rss/")
        feed = atom(client, f"/fr/flux/regions/{slug}/atom/")

        assert titles(channel) == [breton.title]
        assert atom_titles(feed) == [breton.title]
        assert channel.findtext("title") == "Fiches REX — Bretagne"
        assert channel.findtext("link") == "http://testserver/fr/fiches/?region=53"

    def test_a_theme_feed_keeps_its_theme(self, client, index, themes):
        food = factories.FichePageFactory(parent=index, themes=[themes["food"]])
        factories.FichePageFactory(parent=index, themes=[themes["green"]])

        channel = rss(client, "/fr/flux/themes/alimentation/rss/")

        assert titles(channel) == [food.title]
        assert channel.findtext("title") == "Fiches REX — thématique « Alimentation »"
        assert channel.findtext("link") == "http://testserver/fr/fiches/?theme=alimentation"
        assert atom_titles(atom(client, "/fr/flux/themes/alimentation/atom/")) == [food.title]

    @pytest.mark.parametrize(
        "url",
        [
            "/fr/flux/regions/atlantide/rss/",
            "/fr/flux/regions/atlantide/atom/",
            "/fr/flux/themes/inconnue/rss/",
            "/fr/flux/themes/inconnue/atom/",
            "/fr/flux/fiches/json/",
        ],
    )
    def test_unknown_region_theme_or_format_is_a_404(self, client, index, url):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/en/flux/fiches/rss/", "/en/flux/actualites/atom/"])
def test_a_language_without_content_has_no_feed(client, index, url):
    factories.FichePageFactory(parent=index)

    assert client.get(url).status_code == 404
