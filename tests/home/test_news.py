"""The news and events section: tree rules, validation, the news page (order, filter,
pagination, query count), article and event pages, the API, the admin and the demo seed."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from fiches import factories
from home import demo, selectors
from home import factories as home_factories
from home.models import ArticlePage, ContentPage, EventPage, HomePage, NewsIndexPage
from tests.helpers import make_user


def in_days(days, hour=9):
    return factories.local_datetime(timezone.localdate() + timedelta(days=days), hour)


def small_image(**fields):
    png = factories.make_png(width=64, height=36)
    return factories.ImageFactory(file=ImageFile(io.BytesIO(png), name="photo.png"), **fields)


@pytest.fixture
def news(home):
    return home_factories.NewsIndexPageFactory(parent=home)


class TestNewsTree(WagtailPageTestCase):
    def test_the_news_page_lives_under_the_home_page_once(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {ArticlePage, EventPage})
        home = Page.objects.get(depth=2)
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        assert NewsIndexPage.can_create_at(home)
        home_factories.NewsIndexPageFactory(parent=home)
        assert not NewsIndexPage.can_create_at(home)

    def test_articles_and_events_live_under_the_news_page_only(self):
        for model in (ArticlePage, EventPage):
            self.assertAllowedParentPageTypes(model, {NewsIndexPage})
            self.assertAllowedSubpageTypes(model, set())
            self.assertCanNotCreateAt(HomePage, model)
            self.assertCanNotCreateAt(ContentPage, model)


@pytest.mark.django_db
class TestEventValidation:
    def event(self, **fields):
        values = {
            "title": "Rencontre",
            "slug": "rencontre",
            "chapo": "Une rencontre.",
            "start": in_days(10),
            "end": in_days(10, 17),
            "city": "Rennes",
        }
        return EventPage(**{**values, **fields})

    def test_the_end_may_not_precede_the_start(self):
        with pytest.raises(ValidationError) as error:
            self.event(end=in_days(9)).clean()

        assert error.value.message_dict["end"] == [
            "La fin de l'événement ne peut pas précéder son début."
        ]

    def test_an_event_may_end_when_it_starts(self):
        start = in_days(10)
        self.event(start=start, end=start).clean()

    def test_an_event_needs_a_place_or_an_online_link(self):
        with pytest.raises(ValidationError) as error:
            self.event(city="").clean()

        assert "Indiquez où se tient l'événement" in error.value.message_dict["place_name"][0]
        self.event(city="", online_url="https://example.org/webinaire").clean()

    def test_dates_and_place_in_words(self):
        one_day = self.event(start=in_days(10, 9), end=in_days(10, 17), place_name="Hôtel de Ville")
        week = self.event(
            start=in_days(10), end=in_days(14, 17), city="", online_url="https://x.org"
        )
        day = timezone.localdate() + timedelta(days=10)

        assert one_day.dates_label.startswith("le ")
        assert "de 09:00 à 17:00" in one_day.dates_label
        assert str(day.year) in one_day.dates_label
        assert week.dates_label.startswith("du ")
        assert one_day.place_label == "Hôtel de Ville, Rennes"
        assert week.place_label == "En ligne"

    def test_status(self):
        event = self.event(start=in_days(1), end=in_days(3))
        assert event.status() == "upcoming"
        assert event.status(now=in_days(2)) == "ongoing"
        assert event.status(now=in_days(4)) == "past"


@pytest.mark.django_db
def test_an_article_image_needs_an_alternative_text():
    article = ArticlePage(title="A", slug="a", chapo="B", image=small_image(description=""))
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "texte alternatif" in error.value.message_dict["image_alt"][0]
    article.image_alt = "Une équipe au travail"
    article.clean()
    assert article.image_alt_text == "Une équipe au travail"


class TestNewsPage:
    def test_upcoming_events_first_then_news_and_past_events(self, client, news):
        later = home_factories.EventPageFactory(parent=news, start=in_days(20), end=in_days(20, 17))
        sooner = home_factories.EventPageFactory(parent=news, start=in_days(5), end=in_days(5, 17))
        ongoing = home_factories.EventPageFactory(parent=news, start=in_days(-1), end=in_days(1))
        old_event = home_factories.EventPageFactory(
            parent=news, start=in_days(-3), end=in_days(-3, 17)
        )
        recent = home_factories.ArticlePageFactory(
            parent=news, date=timezone.localdate() - timedelta(days=1)
        )
        older = home_factories.ArticlePageFactory(
            parent=news, date=timezone.localdate() - timedelta(days=10)
        )
        draft = home_factories.ArticlePageFactory(
            parent=news, publish=False, title="Brouillon caché"
        )

        response = client.get(news.url)

        assert response.status_code == 200
        assert [entry.pk for entry in response.context["entries"]] == [
            ongoing.pk,
            sooner.pk,
            later.pk,
            recent.pk,
            old_event.pk,
            older.pk,
        ]
        content = response.content.decode()
        assert draft.title not in content
        assert "Événement passé" in content
        assert escape(recent.chapo) in content

    def test_filters_news_or_events(self, client, news):
        event = home_factories.EventPageFactory(parent=news)
        article = home_factories.ArticlePageFactory(parent=news)

        events = client.get(news.url, {"type": "evenements"})
        articles = client.get(news.url, {"type": "actualites"})

        assert [entry.pk for entry in events.context["entries"]] == [event.pk]
        assert [entry.pk for entry in articles.context["entries"]] == [article.pk]
        assert 'aria-current="page">Événements</a>' in events.content.decode()

    def test_an_unknown_filter_shows_everything_with_a_message(self, client, news):
        home_factories.EventPageFactory(parent=news)
        home_factories.ArticlePageFactory(parent=news)

        response = client.get(news.url, {"type": "<b>concerts</b>", "page": "x"})

        assert response.status_code == 200
        assert len(response.context["entries"]) == 2
        content = response.content.decode()
        assert "Le filtre « &lt;b&gt;concerts&lt;/b&gt; » n&#x27;existe pas" in content

    def test_paginated(self, client, news):
        for _ in range(NewsIndexPage.per_page + 2):
            home_factories.ArticlePageFactory(parent=news, body=[])

        first = client.get(news.url)
        second = client.get(news.url, {"page": 2})

        assert len(first.context["entries"]) == NewsIndexPage.per_page
        assert len(second.context["entries"]) == 2
        assert 'rel="next"' in first.content.decode()

    def test_says_when_there_is_nothing_yet(self, client, news):
        response = client.get(news.url, {"type": "evenements"})
        assert "Aucun événement pour le moment" in response.content.decode()

    def test_has_feed_autodiscovery_links(self, client, news):
        content = client.get(news.url).content.decode()
        assert (
            '<link rel="alternate" type="application/rss+xml" '
            'title="Actualités et événements (RSS)" href="/fr/flux/actualites/rss/">'
        ) in content
        assert 'type="application/atom+xml"' in content

    def test_does_not_query_per_entry(self, client, news, monkeypatch):
        # Every entry on one page, articles and events alike.
        monkeypatch.setattr(NewsIndexPage, "per_page", 50)

        def add(count):
            for number in range(count):
                home_factories.ArticlePageFactory(
                    parent=news, image=small_image(), image_alt="Photo", body=[]
                )
                home_factories.EventPageFactory(
                    parent=news, start=in_days(number + 1), end=in_days(number + 1, 17), body=[]
                )

        def count():
            assert client.get(news.url).status_code == 200
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(news.url).status_code == 200
            return len(queries)

        add(1)
        small = count()
        add(9)

        assert count() == small


class TestArticlePage:
    def test_renders_with_its_image_and_related_published_fiches(self, client, news, index):
        published = factories.FichePageFactory(parent=index, title="Cantine bio en Vendée")
        draft = factories.FichePageFactory(parent=index, publish=False, title="Brouillon")
        article = home_factories.ArticlePageFactory(
            parent=news,
            title="Les premières fiches",
            chapo="Le réseau publie ses fiches.",
            image=small_image(description=""),
            image_alt="Des jardiniers au travail",
            body=[("paragraph", RichText("<p>Chaque fiche raconte un marché réel.</p>"))],
            related_fiches=[draft, published],
        )

        response = client.get(article.url)

        assert response.status_code == 200
        content = response.content.decode()
        for text in ("Les premières fiches", "Le réseau publie ses fiches.", "marché réel"):
            assert text in content
        assert 'alt="Des jardiniers au travail"' in content
        assert [fiche.pk for fiche in response.context["related_fiches"]] == [published.pk]
        assert "Cantine bio en Vendée" in content
        assert 'href="/fr/actualites/"' in content  # breadcrumb
        assert content.count('property="og:type"') == 1
        assert '<meta property="og:type" content="article">' in content
        assert '<meta property="og:image:alt" content="Des jardiniers au travail">' in content

    def test_does_not_query_per_related_fiche(self, client, news, index):
        def article_with(count):
            fiches = [factories.FichePageFactory(parent=index, body=[]) for _ in range(count)]
            return home_factories.ArticlePageFactory(parent=news, related_fiches=fiches)

        def count(article):
            assert client.get(article.url).status_code == 200
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(article.url).status_code == 200
            return len(queries)

        assert count(article_with(2)) == count(article_with(12))


class TestEventPage:
    def test_shows_dates_place_and_registration(self, client, news):
        event = home_factories.EventPageFactory(
            parent=news,
            title="Rencontre acheteurs",
            place_name="Hôtel de Région",
            city="Rennes",
            registration_url="https://example.org/inscription",
        )

        content = client.get(event.url).content.decode()

        assert "Hôtel de Région, Rennes" in content
        assert escape(event.dates_label.capitalize()) in content
        assert 'href="https://example.org/inscription"' in content
        assert "Cet événement est terminé" not in content

    def test_a_past_event_says_so_and_offers_no_registration(self, client, news):
        event = home_factories.EventPageFactory(
            parent=news,
            start=in_days(-10),
            end=in_days(-9),
            registration_url="https://example.org/inscription",
        )

        content = client.get(event.url).content.decode()

        assert "Cet événement est terminé" in content
        assert "https://example.org/inscription" not in content


class TestAPI:
    def test_lists_events_with_their_dates_and_place(self, client, news):
        event = home_factories.EventPageFactory(
            parent=news, city="Lyon", online_url="https://example.org/live"
        )
        home_factories.ArticlePageFactory(parent=news)

        response = client.get(
            "/api/v2/pages/", {"type": "home.EventPage", "fields": "start,end,place,chapo"}
        )

        assert response.status_code == 200
        items = response.json()["items"]
        assert [item["id"] for item in items] == [event.pk]
        assert items[0]["place"] == {
            "name": "Hôtel de Région",
            "city": "Lyon",
            "online_url": "https://example.org/live",
        }
        assert items[0]["start"].startswith(str(timezone.localdate(event.start).year))

    def test_an_article_in_detail(self, client, news, index):
        fiche = factories.FichePageFactory(parent=index)
        article = home_factories.ArticlePageFactory(
            parent=news, image=small_image(), image_alt="Photo", related_fiches=[fiche]
        )

        payload = client.get(f"/api/v2/pages/{article.pk}/").json()

        assert payload["meta"]["type"] == "home.ArticlePage"
        assert payload["chapo"] == article.chapo
        assert payload["image"]["alt"] == "Photo"
        assert payload["related_fiches"] == [{"id": fiche.pk, "title": fiche.title}]

    def test_the_article_listing_reads_related_fiches_once_per_page(self, client, news, index):
        draft = factories.FichePageFactory(parent=index, publish=False)
        fiches = [factories.FichePageFactory(parent=index) for _ in range(3)]

        def listing_queries(count):
            for _ in range(count - ArticlePage.objects.count()):
                home_factories.ArticlePageFactory(parent=news, related_fiches=[draft, *fiches])
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/api/v2/pages/?type=home.ArticlePage&fields=*")
            items = response.json()["items"]
            assert len(items) == count
            assert all(
                item["related_fiches"] == [{"id": f.pk, "title": f.title} for f in fiches]
                for item in items
            )
            return len(queries)

        assert listing_queries(2) == listing_queries(6)


@pytest.mark.django_db
class TestAdmin:
    def add_form(self, client, news, model):
        url = reverse("wagtailadmin_pages:add", args=["home", model, news.pk])
        response = client.get(url)
        assert response.status_code == 200
        return url, querydict_from_html(response.content.decode(), form_id="page-edit-form")

    def test_a_contributor_drafts_an_article(self, client, news, index):
        fiche = factories.FichePageFactory(parent=index)
        contributor = make_user("claire", "Contributeurs")
        client.force_login(contributor)
        url, data = self.add_form(client, news, "articlepage")
        data.update(
            nested_form_data(
                {
                    "title": "Un nouveau marché réservé",
                    "slug": "un-nouveau-marche-reserve",
                    "date": "2026-11-20",
                    "chapo": "Une commune réserve son marché d'entretien.",
                    "body": streamfield([("paragraph", rich_text("<p>Le récit du marché.</p>"))]),
                    "related_fiche_links": inline_formset([{"fiche": fiche.pk}]),
                    "comments": inline_formset([]),
                }
            )
        )

        preview_url = reverse(
            "wagtailadmin_pages:preview_on_add", args=["home", "articlepage", news.pk]
        )
        assert client.post(preview_url, data).json()["is_valid"]
        assert escape(fiche.title) in client.get(preview_url).content.decode()

        response = client.post(url, data)

        assert response.status_code == 302
        article = ArticlePage.objects.get(slug="un-nouveau-marche-reserve")
        assert article.owner == contributor
        assert not article.live
        revision = article.get_latest_revision_as_object()
        assert [link.fiche_id for link in revision.related_fiche_links.all()] == [fiche.pk]

    def test_editors_preview_articles_with_their_related_fiches(self, client, news, index):
        fiche = factories.FichePageFactory(parent=index, title="Cantine bio en Vendée")
        article = home_factories.ArticlePageFactory(parent=news, related_fiches=[fiche])
        client.force_login(make_user("mona", "Modérateurs"))
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
        data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
        data.update(
            nested_form_data(
                {
                    "title": "Titre en cours de relecture",
                    "body": streamfield([("paragraph", rich_text("<p>Brouillon.</p>"))]),
                    "related_fiche_links": inline_formset([{"fiche": fiche.pk}]),
                    "comments": inline_formset([]),
                }
            )
        )
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])

        assert client.post(url, data).json()["is_valid"]
        preview = client.get(url)

        assert preview.status_code == 200
        content = preview.content.decode()
        assert "Titre en cours de relecture" in content
        assert "Cantine bio en Vendée" in content

    def test_an_event_ending_before_it_starts_is_refused_in_french(self, client, news):
        client.force_login(make_user("mona", "Modérateurs"))
        url, data = self.add_form(client, news, "eventpage")
        data.update(
            nested_form_data(
                {
                    "title": "Rencontre",
                    "slug": "rencontre",
                    "start": "2026-12-10 14:00",
                    "end": "2026-12-10 09:00",
                    "city": "Nantes",
                    "chapo": "Une rencontre.",
                    "body": streamfield([]),
                    "comments": inline_formset([]),
                }
            )
        )

        response = client.post(url, data)

        assert response.status_code == 200
        assert "La fin de l&#x27;événement ne peut pas précéder son début." in (
            response.content.decode()
        )
        assert not EventPage.objects.exists()


class TestDemoSeed:
    def test_creates_the_news_page_articles_and_future_events_once(self, home, index):
        fiche = factories.FichePageFactory(parent=index)

        created = demo.seed_news(home=home, index=index)
        again = demo.seed_news(home=home, index=index)

        assert (created, again) == (5, 0)
        news = NewsIndexPage.objects.get()
        assert news.title == "Actualités" and news.live and news.show_in_menus
        assert ArticlePage.objects.child_of(news).live().count() == 3
        events = EventPage.objects.child_of(news).live()
        assert events.count() == 2
        assert all(event.start > timezone.now() and event.end >= event.start for event in events)
        assert events.filter(
            title__contains="Semaine des achats socialement et écologiquement responsables"
        ).exists()
        first = ArticlePage.objects.get(slug="premieres-fiches-rex")
        assert [link.fiche_id for link in first.related_fiche_links.all()] == [fiche.pk]
        assert selectors.news_index() == news
