"""The queries of the cold render path (issue 16: FRAGMENT_CACHE_SECONDS=0 and no page cache, the
default of the tests): each public page and API endpoint makes a number of queries that does not
grow with the number of fiches, and at most its budget.

Counted as ``rendered_query_count`` does (the cache cleared: renditions are read from the
database). The issue's target is 15 for every page and endpoint; the budgets above it are
today's counts, to be lowered as the work goes on (docs/benchmarks.md, « Cold render path »): the
fiche page and the API read two more row tables since the reserved articles and the groupement's
unnamed members, one more since the milestones (issue 14). Every page with the footer reads one
more since the public-interest pages (issue 18: the statement, site map and legal pages in the
active language, ``home.site_map.footer_pages``, cached with the footer), read since in the
menu's query (``cms.context_processors``). The catalogue counts every facet in one query
(``fiches.catalogue.counts.count_all``) and reads its four reference tables in one; the
observatory (page, CSV, API) counts its breakdowns the same way. The fiche page and the API
read a fiche's eight small tables and its three stakeholder links in one
(``fiches.selectors.rows``), and the fiche page the renditions of the body's images with the
others."""

import pytest

from fiches import factories
from fiches.models import FicheBuyer
from tests.helpers import assert_same_queries, rendered_query_count

TARGET = 15

#: endpoint: (its budget, a function of the fiche read and its catalogue giving the URL)
ENDPOINTS = {
    "fiche": (16, lambda fiche, index: fiche.url),
    "api-detail": (TARGET, lambda fiche, index: f"/api/v2/pages/{fiche.pk}/"),
    "api-list": (
        TARGET,
        lambda fiche, index: "/api/v2/pages/?type=fiches.FichePage&fields=*&limit=20",
    ),
    "catalogue-filters": (
        TARGET,
        lambda fiche, index: f"{index.url}?region=53&nature=services&lever=clause_sociale",
    ),
    "catalogue": (TARGET, lambda fiche, index: index.url),
    "home": (22, lambda fiche, index: "/fr/"),
    "search": (16, lambda fiche, index: "/fr/recherche/?q=espaces+verts"),
    "actors": (16, lambda fiche, index: "/fr/acteurs/"),
    "actor": (
        TARGET,
        lambda fiche, index: (
            FicheBuyer.objects.filter(fiche=fiche).first().actor.get_absolute_url()
        ),
    ),
    "region": (16, lambda fiche, index: "/fr/regions/bretagne/"),
    "regions": (TARGET, lambda fiche, index: "/fr/regions/"),
    "feed": (TARGET, lambda fiche, index: "/fr/flux/fiches/rss/"),
    "widget": (TARGET, lambda fiche, index: "/fr/widget/fiches/?region=53&limit=10"),
    "sitemap": (TARGET, lambda fiche, index: "/sitemap.xml"),
    "observatory": (TARGET, lambda fiche, index: "/fr/chiffres-cles/"),
    "observatory-filters": (
        TARGET,
        lambda fiche, index: (
            "/fr/chiffres-cles/?region=53&nature=services&lever=clause_sociale&q=espaces+verts"
        ),
    ),
    "observatory-csv": (TARGET, lambda fiche, index: "/fr/chiffres-cles/chiffres.csv"),
    "api-observatory": (
        TARGET,
        lambda fiche, index: "/api/v2/observatory/?lever=clause_sociale&q=espaces+verts",
    ),
}


def add_fiches(index, count, image):
    for _ in range(count):
        factories.FichePageFactory(
            parent=index, hero_image=image, body=factories.fiche_body(image=image)
        )


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_cold_queries_are_constant_and_within_budget(client, index, name):
    budget, url_of = ENDPOINTS[name]
    image = factories.ImageFactory()
    fiche = factories.FichePageFactory(
        parent=index, hero_image=image, body=factories.fiche_body(image=image)
    )
    add_fiches(index, 2, image)
    url = url_of(fiche, index)
    small = rendered_query_count(client, url)
    add_fiches(index, 4, image)
    large = rendered_query_count(client, url)

    assert_same_queries(small, large)
    assert len(large) <= budget
