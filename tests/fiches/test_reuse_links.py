"""Region and actor pages lead to the ways of reusing their fiches: feeds and the widget."""

from fiches import factories
from tests.fiches.discovery.test_regions import fiche_in

from .test_pages import assert_shows


def test_a_region_page_announces_its_feeds_and_offers_the_widget(client, index):
    fiche_in(index, "53")

    response = client.get("/fr/regions/bretagne/")

    assert_shows(
        response,
        'type="application/rss+xml"',
        'href="/fr/flux/regions/bretagne/rss/"',
        'href="/fr/flux/regions/bretagne/atom/"',
        'href="/fr/widget/?region=53"',
        'rel="canonical"',
    )
    assert client.get("/fr/flux/regions/bretagne/rss/").status_code == 200


def test_an_actor_page_offers_the_widget_for_its_fiches(client, index):
    buyer = factories.BuyerFactory(slug="ville-de-rennes")
    fiche_in(index, "53", buyers=[buyer])

    response = client.get("/fr/acteurs/acheteurs/ville-de-rennes/")

    assert_shows(response, 'href="/fr/widget/?actor=acheteurs:ville-de-rennes"')
    widget = client.get("/fr/widget/fiches/?actor=acheteurs:ville-de-rennes")
    assert widget.status_code == 200


def test_the_catalogue_announces_the_feed_of_all_fiches(client, index):
    response = client.get(index.url)

    assert_shows(
        response,
        'type="application/rss+xml"',
        'href="/fr/flux/fiches/rss/"',
        'href="/fr/flux/fiches/atom/"',
    )
