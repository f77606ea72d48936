"""The home page: featured and latest fiches, key figures, the map, entry points by theme and
lever, the next events and latest news, the feeds' autodiscovery, and a constant query count."""

import io
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from fiches import factories
from fiches.models import Region
from home import factories as home_factories
from home import selectors
from tests.helpers import restrict


def small_image():
    png = factories.make_png(width=64, height=36)
    return factories.ImageFactory(file=ImageFile(io.BytesIO(png), name="photo.png"))


def in_days(days, hour=9):
    return factories.local_datetime(timezone.localdate() + timedelta(days=days), hour)


@pytest.fixture
def news(home):
    return home_factories.NewsIndexPageFactory(parent=home)


def position(content, text):
    found = content.find(text)
    assert found >= 0, text
    return found


class TestHomePage:
    def test_featured_fiches_come_first_then_the_latest(self, client, index):
        featured = factories.FichePageFactory(
            parent=index, title="Fiche à la une", is_featured=True
        )
        latest = factories.FichePageFactory(parent=index, title="Fiche toute récente")

        response = client.get("/fr/")

        content = response.content.decode()
        assert [fiche.pk for fiche in response.context["featured_fiches"]] == [featured.pk]
        assert [fiche.pk for fiche in response.context["latest_fiches"]] == [latest.pk, featured.pk]
        assert position(content, "À la une") < position(content, "Dernières fiches publiées")
        assert position(content, "Fiche à la une") < position(content, "Fiche toute récente")

    def test_the_latest_and_the_featured_are_each_the_newest_of_their_kind(
        self, client, home, index
    ):
        home.latest_count = 2
        home.save_revision().publish()
        # Oldest first: four featured (the oldest one left out), then two plain ones.
        old_featured = [
            factories.FichePageFactory(parent=index, is_featured=True) for _ in range(4)
        ]
        factories.FichePageFactory(parent=index, is_featured=False, publish=False)
        newest = [factories.FichePageFactory(parent=index) for _ in range(2)]

        response = client.get("/fr/")

        assert [fiche.pk for fiche in response.context["latest_fiches"]] == [
            newest[1].pk,
            newest[0].pk,
        ]
        assert [fiche.pk for fiche in response.context["featured_fiches"]] == [
            fiche.pk for fiche in reversed(old_featured[1:])
        ]

    def test_entry_points_by_theme_and_lever_link_to_the_filtered_catalogue(self, client, index):
        food = factories.ThemeFactory(name="Alimentation", slug="alimentation")
        green = factories.ThemeFactory(name="Espaces verts", slug="espaces-verts")
        factories.ThemeFactory(name="Textile", slug="textile")  # no fiche: not offered
        factories.FichePageFactory(parent=index, themes=[food, green])
        factories.FichePageFactory(
            parent=index, themes=[green], reserved=False, reserved_articles=(), social_clause=True
        )
        factories.FichePageFactory(parent=index, themes=[green], publish=False)

        response = client.get("/fr/")

        assert [(theme["name"], theme["count"]) for theme in response.context["themes"]] == [
            ("Espaces verts", 2),
            ("Alimentation", 1),
        ]
        levers = {lever["code"]: lever["count"] for lever in response.context["levers"]}
        assert levers == {"marche_reserve": 1, "clause_sociale": 2}
        content = response.content.decode()
        assert 'href="/fr/fiches/?theme=espaces-verts"' in content
        assert 'href="/fr/fiches/?lever=clause_sociale"' in content
        assert re.search(r"Espaces verts</span>\s*<span[^>]*>2 fiches</span>", content)
        assert "Textile" not in content

    def test_shows_the_map_of_regions(self, client, index):
        factories.FichePageFactory(parent=index, region=Region.objects.get(code="53"))

        response = client.get("/fr/")

        content = response.content.decode()
        assert 'class="france-map"' in content
        assert 'aria-labelledby="map-title"' in content
        assert "/fr/fiches/?region=53" in content

    def test_shows_the_next_events_and_the_latest_news(self, client, index, news):
        past = home_factories.EventPageFactory(
            parent=news, title="Forum passé", start=in_days(-5), end=in_days(-4)
        )
        far = home_factories.EventPageFactory(
            parent=news, title="Forum lointain", start=in_days(60), end=in_days(61)
        )
        soon = home_factories.EventPageFactory(
            parent=news, title="Forum tout proche", start=in_days(3), end=in_days(3, 17)
        )
        for days in (1, 2, 3, 4):
            home_factories.EventPageFactory(
                parent=news, start=in_days(10 + days), end=in_days(10 + days)
            )
        articles = [
            home_factories.ArticlePageFactory(
                parent=news,
                title=f"Actualité {days}",
                date=timezone.localdate() - timedelta(days=days),
            )
            for days in (1, 2, 3, 4)
        ]
        draft = home_factories.ArticlePageFactory(
            parent=news, title="Actualité en brouillon", publish=False
        )

        response = client.get("/fr/")

        events = response.context["upcoming_events"]
        assert len(events) == 3 and events[0].pk == soon.pk
        assert [article.pk for article in response.context["latest_articles"]] == [
            article.pk for article in articles[:3]
        ]
        content = response.content.decode()
        assert "Forum tout proche" in content
        assert past.title not in content and far.title not in content
        assert "Actualité 1" in content and "Actualité 4" not in content
        assert draft.title not in content
        assert 'href="/fr/actualites/"' in content
        assert 'href="/fr/flux/actualites/rss/"' in content

    def test_without_news_the_section_is_left_out(self, client, index):
        content = client.get("/fr/").content.decode()
        assert "Actualités et événements</h2>" not in content

    def test_announces_its_feeds(self, client, index):
        content = client.get("/fr/").content.decode()
        head = content[: content.index("</head>")]
        for kind, url in (
            ("application/rss+xml", "/fr/flux/fiches/rss/"),
            ("application/atom+xml", "/fr/flux/fiches/atom/"),
            ("application/rss+xml", "/fr/flux/actualites/rss/"),
        ):
            assert re.search(
                rf'<link rel="alternate" type="{re.escape(kind)}"[^>]*href="{url}"', head
            )

    def test_draft_fiches_stay_out_of_the_figures_and_entry_points(self, client, index):
        theme = factories.ThemeFactory(name="Propreté", slug="proprete")
        factories.FichePageFactory(parent=index, themes=[theme], publish=False)

        response = client.get("/fr/")

        assert response.context["themes"] == []
        assert response.context["fiche_count"] == 0
        assert escape("Propreté") not in response.content.decode()


def test_the_selector_works_without_a_request(home, index):
    factories.FichePageFactory(parent=index)

    context = selectors.home_page(home=home, latest_count=3)

    assert context["catalogue_url"] == "/fr/fiches/"
    assert context["fiche_count"] == 1
    assert context["map"]["total"] == 1


def test_the_query_count_does_not_grow_with_fiches_news_and_themes(client, index, news):
    def add(count):
        theme = factories.ThemeFactory()
        for number in range(count):
            factories.FichePageFactory(
                parent=index,
                hero_image=small_image(),
                themes=[theme],
                is_featured=True,
                buyers=[factories.BuyerFactory()],
                suppliers=[factories.ESSStructureFactory()],
                operators=[],
                body=[],
                region=Region.objects.order_by("code")[number % 5],
            )
            home_factories.ArticlePageFactory(
                parent=news, image=small_image(), image_alt="Photo", body=[]
            )
            home_factories.EventPageFactory(
                parent=news, start=in_days(number + 1), end=in_days(number + 1, 17), body=[]
            )

    def count():
        assert client.get("/fr/").status_code == 200
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/fr/").status_code == 200
        return len(queries)

    add(2)
    small = count()
    add(6)

    assert count() == small


def test_a_restriction_on_the_home_page_still_applies(client, home, index):
    # HomePage.route reads the home page's view restrictions with its locale.
    factories.FichePageFactory(parent=index, title="Fiche derrière un mot de passe")
    assert "Fiche derrière un mot de passe" in client.get("/fr/").content.decode()
    restrict(home)

    response = client.get("/fr/")

    assert response.status_code == 200
    assert "Fiche derrière un mot de passe" not in response.content.decode()
    assert 'name="password"' in response.content.decode()
