"""RSS 2.0 and Atom feeds: all fiches, per region, per theme, news and events."""

import html
import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fiches import factories, selectors
from fiches.models import Region

ATOM = "{http://www.w3.org/2005/Atom}"


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def titles(channel):
    return [item.findtext("title") for item in channel.iter("item")]


def atom_titles(feed):
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


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
        add(18)

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


def in_days(days, hour=9):
    return factories.local_datetime(timezone.localdate() + timedelta(days=days), hour)


class TestNewsFeed:
    def test_lists_articles_and_events_with_dates_and_place(self, client, home):
        news = factories.NewsIndexPageFactory(parent=home)
        event = factories.EventPageFactory(
            parent=news,
            title="Semaine des achats responsables",
            start=in_days(30),
            end=in_days(34, 17),
            place_name="",
            city="Lyon",
        )
        article = factories.ArticlePageFactory(parent=news, title="Les premières fiches")
        factories.ArticlePageFactory(parent=news, title="Brouillon", publish=False)

        channel = rss(client, "/fr/flux/actualites/rss/")
        feed = atom(client, "/fr/flux/actualites/atom/")

        assert titles(channel) == [article.title, event.title]
        assert atom_titles(feed) == [article.title, event.title]
        assert channel.findtext("link") == "http://testserver/fr/actualites/"
        items = channel.findall("item")
        assert [item.findtext("category") for item in items] == ["Actualité", "Événement"]
        description = html.unescape(items[1].findtext("description"))
        assert description.startswith(f"<p>{event.dates_label.capitalize()} — Lyon</p>")
        assert event.chapo in description
        assert items[1].findtext("link") == f"http://testserver{event.url}"

    def test_does_not_query_per_entry(self, client, home):
        news = factories.NewsIndexPageFactory(parent=home)

        def add(count):
            for number in range(count):
                factories.ArticlePageFactory(parent=news, body=[])
                factories.EventPageFactory(
                    parent=news, start=in_days(number), end=in_days(number, 17)
                )

        def count():
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/fr/flux/actualites/rss/").status_code == 200
            return len(queries)

        add(1)
        client.get("/fr/flux/actualites/rss/")
        small = count()
        add(9)

        assert count() == small
