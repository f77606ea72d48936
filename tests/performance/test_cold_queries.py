"""The queries of the cold render path (issue 16: FRAGMENT_CACHE_SECONDS=0 and no page cache, the
default of the tests): each public page and API endpoint makes a number of queries that does not
grow with the number of fiches, and at most its budget.

Counted as ``rendered_query_count`` does (the cache cleared: renditions are read from the
database, and Wagtail's site root paths too). The issue's target is 15 for every page and
endpoint; each budget is today's count, lowered as the work goes on (docs/benchmarks.md, « Cold
render path »), so that a query added anywhere fails here. The listings read their cards' themes
and images in one query (``fiches.selectors.prefetch_cards``: the home page its fiches' and its
news' too), the home page its locale with its view restrictions (``HomePage.route``) and its stored
figures with the regions of its map (``fiches.selectors.stored``), the region page its stored
figures and each kind of actor they name; the feeds read no renditions.
Every page with the footer reads the public-interest pages with the menu
(``cms.context_processors``); the catalogue counts every facet in one query
(``fiches.catalogue.counts.count_facets``) and reads its four reference tables in one; Wagtail's
site root paths are read in one query (``cms.sites``, stored under Wagtail's cache key by
``cms.middleware.SiteRootPathsMiddleware``) where Wagtail takes two; the observatory (page, CSV,
API) counts its breakdowns as the catalogue does; the fiche page and the API read a fiche's
eight small tables and its three stakeholder links in one (``fiches.selectors.rows``), and the
fiche page the renditions of the body's images with the others. The fiches are featured, so
that the home page's featured section is counted too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fiches import factories
from fiches.models import FicheBuyer
from tests.helpers import assert_same_queries, rendered_query_count

TARGET = 15
#: The endpoints still above the target.
ABOVE_TARGET = set()

#: endpoint: (its budget, today's count; a function of the fiche read and its catalogue giving
#: the URL)
ENDPOINTS = {
    "fiche": (14, lambda fiche, index: fiche.url),
    "api-detail": (10, lambda fiche, index: f"/api/v2/pages/{fiche.pk}/"),
    "api-list": (
        9,
        lambda fiche, index: "/api/v2/pages/?type=fiches.FichePage&fields=*&limit=20",
    ),
    "catalogue-filters": (
        12,
        lambda fiche, index: f"{index.url}?region=53&nature=services&lever=clause_sociale",
    ),
    "catalogue": (12, lambda fiche, index: index.url),
    "home": (13, lambda fiche, index: "/fr/"),
    "search": (15, lambda fiche, index: "/fr/recherche/?q=espaces+verts"),
    "actors": (13, lambda fiche, index: "/fr/acteurs/"),
    "actor": (
        8,
        lambda fiche, index: (
            FicheBuyer.objects.filter(fiche=fiche).first().actor.get_absolute_url()
        ),
    ),
    "region": (12, lambda fiche, index: "/fr/regions/bretagne/"),
    "regions": (6, lambda fiche, index: "/fr/regions/"),
    "feed": (5, lambda fiche, index: "/fr/flux/fiches/rss/"),
    "widget": (6, lambda fiche, index: "/fr/widget/fiches/?region=53&limit=10"),
    "sitemap": (9, lambda fiche, index: "/sitemap.xml"),
    "observatory": (10, lambda fiche, index: "/fr/chiffres-cles/"),
    "observatory-filters": (
        11,
        lambda fiche, index: (
            "/fr/chiffres-cles/?region=53&nature=services&lever=clause_sociale&q=espaces+verts"
        ),
    ),
    "observatory-csv": (8, lambda fiche, index: "/fr/chiffres-cles/chiffres.csv"),
    "api-observatory": (
        8,
        lambda fiche, index: "/api/v2/observatory/?lever=clause_sociale&q=espaces+verts",
    ),
}


def add_fiches(index, count, image):
    for _ in range(count):
        factories.FichePageFactory(
            parent=index, hero_image=image, body=factories.fiche_body(image=image), is_featured=True
        )


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_cold_queries_are_constant_and_within_budget(client, index, name):
    budget, url_of = ENDPOINTS[name]
    image = factories.ImageFactory()
    fiche = factories.FichePageFactory(
        parent=index, hero_image=image, body=factories.fiche_body(image=image), is_featured=True
    )
    add_fiches(index, 2, image)
    url = url_of(fiche, index)
    small = rendered_query_count(client, url)
    add_fiches(index, 4, image)
    large = rendered_query_count(client, url)

    assert_same_queries(small, large)
    assert len(large) <= budget
    assert budget <= TARGET or name in ABOVE_TARGET


def test_the_first_view_after_a_publication_reads_no_more_than_the_cold_page(
    client, index, settings
):
    """With the fragment caches on, a publication makes every fragment miss (issue 16: « the
    first anonymous view after it within the cold targets »): the page then reads what the cold
    path reads, not more — the head's fragment, rendered first, reads the themes through the
    page's rows, not on its own."""
    image = factories.ImageFactory()
    fiche = factories.FichePageFactory(
        parent=index, hero_image=image, body=factories.fiche_body(image=image)
    )
    cold = rendered_query_count(client, fiche.url)
    settings.FRAGMENT_CACHE_SECONDS = 300
    rendered_query_count(client, fiche.url)
    fiche.save_revision().publish()

    with CaptureQueriesContext(connection) as first_view:
        response = client.get(fiche.url)

    assert response.status_code == 200
    assert len(first_view.captured_queries) <= len(cold) <= TARGET
    assert sum("fiches_theme" in query["sql"] for query in first_view.captured_queries) == 1
