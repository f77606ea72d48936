"""The RSS 2.0 and Atom feeds of the news and events (home.feeds)."""

import html
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fiches import factories
from home import factories as home_factories
from tests.helpers import atom, atom_titles, rss, titles


def in_days(days, hour=9):
    return factories.local_datetime(timezone.localdate() + timedelta(days=days), hour)


class TestNewsFeed:
    def test_lists_articles_and_events_with_dates_and_place(self, client, home):
        news = home_factories.NewsIndexPageFactory(parent=home)
        event = home_factories.EventPageFactory(
            parent=news,
            title="Semaine des achats responsables",
            start=in_days(30),
            end=in_days(34, 17),
            place_name="",
            city="Lyon",
        )
        article = home_factories.ArticlePageFactory(parent=news, title="Les premières fiches")
        home_factories.ArticlePageFactory(parent=news, title="Brouillon", publish=False)

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
        news = home_factories.NewsIndexPageFactory(parent=home)

        def add(count):
            for number in range(count):
                home_factories.ArticlePageFactory(parent=news, body=[])
                home_factories.EventPageFactory(
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
