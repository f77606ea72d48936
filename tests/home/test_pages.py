"""The home page and content pages: tree rules, rendering, the 404 page and query counts."""

import io

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase

from fiches import factories
from fiches.models import FicheIndexPage, Region
from home.factories import ArticlePageFactory, NewsIndexPageFactory
from home.models import AccessibilityPage, ContentPage, HomePage, NewsIndexPage, SiteMapPage


def small_image():
    """An image small enough to keep renditions cheap to create."""
    png = factories.make_png(width=64, height=36)
    return factories.ImageFactory(file=ImageFile(io.BytesIO(png), name="photo.png"))


def add_content_page(parent, **fields):
    page = ContentPage(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class TestHomeAndContentTree(WagtailPageTestCase):
    def test_the_home_page_lives_only_under_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(ContentPage, HomePage)
        self.assertCanNotCreateAt(FicheIndexPage, HomePage)

    def test_the_home_page_holds_the_catalogue_and_content_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {FicheIndexPage, NewsIndexPage, ContentPage, AccessibilityPage, SiteMapPage},
        )

    def test_a_content_page_lives_under_the_home_page_or_another_content_page(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})


class TestHomePage:
    def test_shows_latest_fiches_and_key_figures(self, client, index):
        shared_buyer = factories.BuyerFactory()
        first = factories.FichePageFactory(parent=index, buyers=[shared_buyer])
        second = factories.FichePageFactory(
            parent=index, buyers=[shared_buyer], region=Region.objects.get(code="52")
        )
        draft = factories.FichePageFactory(parent=index, publish=False)

        response = client.get("/fr/")

        assert response.status_code == 200
        content = response.content.decode()
        assert escape(first.title) in content
        assert escape(second.title) in content
        assert escape(draft.title) not in content
        context = response.context
        assert context["fiche_count"] == 2
        assert context["region_count"] == 2
        assert context["buyer_count"] == 1
        assert context["ess_count"] == 2
        for figure, label in ((2, "fiches publiées"), (1, "acheteur public")):
            assert f'<span class="key-numbers__value">{figure}</span>' in content
            assert label in content

    def test_shows_at_most_latest_count_fiches(self, client, home, index):
        home.latest_count = 1
        home.save_revision().publish()
        older = factories.FichePageFactory(parent=index)
        newer = factories.FichePageFactory(parent=index)

        response = client.get("/fr/")

        assert [fiche.pk for fiche in response.context["latest_fiches"]] == [newer.pk]
        assert escape(older.title) not in response.content.decode()

    def test_links_to_its_live_catalogue_and_news_page(self, client, home, index):
        news = NewsIndexPageFactory(parent=home)
        ArticlePageFactory(parent=news)  # the news section shows with an article
        factories.FicheIndexPageFactory(
            parent=home, title="Brouillon", slug="brouillon", publish=False
        )

        response = client.get("/fr/")

        content = response.content.decode()
        assert response.context["catalogue"] == index
        assert response.context["news_index"] == news
        assert f'<a class="button button--primary" href="{index.url}">' in content
        assert f'<a class="button" href="{news.url}">' in content

    def test_without_catalogue_or_news_page_links_to_neither(self, client, home):
        response = client.get("/fr/")

        assert response.status_code == 200
        assert response.context["catalogue"] is None
        assert response.context["news_index"] is None
        assert "Explorer les fiches" not in response.content.decode()

    def test_does_not_query_per_fiche(self, client, index):
        theme = factories.ThemeFactory(name="Alimentation")

        def add_fiches(count):
            for _ in range(count):
                factories.FichePageFactory(
                    parent=index,
                    hero_image=small_image(),
                    themes=[theme],
                    is_featured=True,
                    buyers=[factories.BuyerFactory()],
                    suppliers=[factories.ESSStructureFactory()],
                    operators=[],
                    body=[],
                )

        def count():
            assert client.get("/fr/").status_code == 200
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/fr/").status_code == 200
            return len(queries)

        add_fiches(2)
        small = count()
        add_fiches(18)

        assert count() == small


class TestContentPage:
    def test_renders_its_title_intro_and_body(self, client, home):
        page = add_content_page(
            home,
            title="Méthodologie",
            slug="methodologie",
            intro="Comment les fiches sont écrites.",
            body=[("paragraph", RichText("<p>Chaque fiche est relue par la CRESS.</p>"))],
        )
        child = add_content_page(page, title="Glossaire", slug="glossaire")

        response = client.get("/fr/methodologie/")

        assert response.status_code == 200
        content = response.content.decode()
        for text in ("Méthodologie", "Comment les fiches sont écrites.", "relue par la CRESS"):
            assert text in content
        assert client.get(child.url).status_code == 200


@pytest.mark.django_db
class TestNotFound:
    def test_an_unknown_address_gets_the_french_404_page(self, client, index):
        response = client.get("/fr/cette-page-n-existe-pas/")

        assert response.status_code == 404
        content = response.content.decode()
        assert "Cette page est introuvable" in content
        assert "Revenir à l'accueil" in content
        assert '<html lang="fr">' in content
