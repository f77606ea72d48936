"""The observatory (« Chiffres clés », /fr/chiffres-cles/): its figures are the catalogue's
counts for the same filters, only public fiches count, what is unknown is counted apart and
never added up, the charts are accessible SVG with the same numbers as their tables, the CSV
gives the page's figures, and the number of queries does not depend on the fiches."""

import csv
import io
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.http import QueryDict
from django.utils.http import urlencode
from wagtail.models import Locale

from fiches import factories
from fiches.observatory import figures as observatory
from fiches.observatory.selectors import BREAKDOWNS
from tests.helpers import assert_same_queries, fiche_in, rendered_query_count

pytestmark = pytest.mark.django_db

PAGE = "/fr/chiffres-cles/"
CSV = "/fr/chiffres-cles/chiffres.csv"


class Figures(HTMLParser):
    """The tables (``{section key: {code: value}}``) and the SVG charts of a page."""

    def __init__(self, html):
        super().__init__()
        self.tables, self.svgs, self.ids = {}, [], {}
        self._table = self._row = self._svg = self._text = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] = tag
        if tag == "table" and attrs.get("id", "").startswith("table-"):
            self._table = self.tables.setdefault(attrs["id"].removeprefix("table-"), {})
        elif tag == "tr" and self._table is not None and "data-code" in attrs:
            self._row = attrs["data-code"]
        elif tag == "td" and self._row is not None and "data-value" in attrs:
            self._table[self._row] = attrs["data-value"]
        elif tag == "svg" and "bar-chart__svg" in attrs.get("class", ""):
            self._svg = {"attrs": attrs, "children": [], "values": []}
            self.svgs.append(self._svg)
        elif self._svg is not None:
            self._svg["children"].append((tag, attrs))
            self._text = attrs.get("class")

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "tr":
            self._row = None
        elif tag == "svg":
            self._svg = None

    def handle_data(self, data):
        if self._svg is not None and self._text == "bar-chart__value":
            self._svg["values"].append(data.strip())
            self._text = None


def figures(client, params=None, path=PAGE):
    response = client.get(path, params or {})
    assert response.status_code == 200
    return response, Figures(response.content.decode())


def section(response, key):
    return next(s for s in response.context["sections"] if s.key == key)


def values(response, key):
    return {row.code: row.value for row in section(response, key).rows}


def catalogue_counts(client, index, params):
    """``{filter: {value: count}}`` of the catalogue's facets, and its number of results."""
    response = client.get(index.url, params)
    assert response.status_code == 200
    counts = {
        facet.name: {option.value: option.count for option in facet.options}
        for _legend, group in response.context["facet_groups"]
        for facet in group
    }
    return counts, response.context["paginator"].count


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"region": "53"},
        {"lever": "clause_sociale"},
        {"nature": "services", "award_year": "2023"},
        {"family": "association", "cpv": "77"},
        {"q": "accord-cadre"},
    ],
    ids=["all", "region", "lever", "nature-year", "family-cpv", "search"],
)
def test_figures_are_the_catalogue_counts_for_the_same_filters(client, index, observed, params):
    catalogue, results = catalogue_counts(client, index, params)
    response, _page = figures(client, params)

    assert response.context["fiche_count"] == results
    for name in (*BREAKDOWNS, "region"):
        shown = {code: value for code, value in values(response, name).items() if code}
        facet = {value: count for value, count in catalogue[name].items() if count}
        if name in params:
            # The catalogue counts a filter's own values without it, the observatory within
            # the selection: the value chosen has the same count; the other values are those
            # the selected fiches also have (none for a fiche's one region, year or nature).
            assert shown[params[name]] == facet[params[name]], name
            if name in ("region", "award_year", "nature"):
                assert set(shown) == {params[name]}, name
        else:
            assert shown == facet, name
    assert results > 0


def test_only_public_fiches_count(client, observed):
    """A draft, a password-protected and a withdrawn fiche, each with 10 000 hours, 1 000 000 €
    and 50 ETP, are in no figure (fiches.selectors.visibility)."""
    response, _page = figures(client)

    assert response.context["fiche_count"] == 5
    assert values(response, "insertion_hours")["sum"] == 5500
    assert values(response, "amounts")["total_sum"] == 120000
    assert values(response, "jobs")["etp_sum"] == 6
    assert sum(values(response, "nature").values()) == 5


def test_unknowns_are_counted_apart_never_added_up(client, observed):
    response, _page = figures(client)
    hours, amounts, jobs = (values(response, key) for key in ("insertion_hours", "amounts", "jobs"))

    # Hours: 3 500 + 1 200 + 800; the two fiches that do not give them are not zeros.
    assert hours == {"sum": 5500, "known": 3, "unknown": 2}
    # Amounts: the exact total alone; the yearly amount is its own sum (another period), the
    # estimate and the range are counted, never added.
    assert amounts == {
        "total_sum": 120000,
        "total_known": 1,
        "yearly_sum": 50000,
        "yearly_known": 1,
        "estimated": 1,
        "ranges": 1,
        "unknown": 1,
    }
    assert sum(amounts[key] for key in amounts if not key.endswith("_sum")) == 5
    # Jobs: ETP 4 + 2 (« etp » with spaces is ETP too), « environ 3 ETP » apart; 6 « emplois »
    # never added to ETP; « postes » (computers) are no jobs.
    assert jobs["etp_sum"] == 6
    assert jobs["etp_indicators"] == 2
    assert jobs["etp_fiches"] == 2
    assert jobs["etp_inexact"] == 1
    assert jobs["emplois_sum"] == 6
    assert jobs["emplois_fiches"] == 1
    assert jobs["unknown"] == 2
    # A fiche has one year and one region at most: those without are counted as such.
    assert values(response, "award_year") == {"2021": 1, "2023": 3, "": 1}
    assert values(response, "region") == {"53": 3, "52": 1, "": 1}


def test_sums_of_an_empty_selection_are_zeros_with_every_fiche_unknown(client, observed):
    response, _page = figures(client, {"region": "11"})

    assert response.context["fiche_count"] == 0
    assert values(response, "insertion_hours") == {"sum": 0, "known": 0, "unknown": 0}
    assert "Aucune fiche ne correspond à la sélection." in response.content.decode()


def test_charts_are_accessible_images_with_the_figures_of_their_table(client, observed):
    response, page = figures(client)
    html = response.content.decode()

    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert len(page.svgs) == len(BREAKDOWNS)
    for svg in page.svgs:
        attrs = svg["attrs"]
        assert attrs["role"] == "img"
        title_id, desc_id = attrs["aria-labelledby"].split()
        children = [(tag, child.get("id")) for tag, child in svg["children"]]
        assert children[0] == ("title", title_id)
        assert children[1] == ("desc", desc_id)
        key = title_id.removeprefix("chart-").removesuffix("-title")
        table = page.tables[key]
        # Each bar writes the number its table gives (the one row without a bar: none here).
        assert [int(value) for value in svg["values"]] == [int(v) for v in table.values()]
    lever = re.search(r'<desc id="chart-lever-desc">([^<]*)</desc>', html).group(1)
    assert "3 valeurs" in unescape(lever)


def test_the_csv_gives_the_figures_of_the_page(client, observed):
    params = {"lever": "marche_reserve"}
    _response, page = figures(client, params)
    download = client.get(CSV, params)

    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in download["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    from_csv = {}
    for row in rows:
        from_csv.setdefault(row["rubrique"], {})[row["code"]] = row["valeur"]
    assert from_csv == page.tables
    assert from_csv["amounts"]["total_sum"] == "120000"
    assert {row["unite"] for row in rows if row["rubrique"] == "lever"} == {"fiches"}


def test_the_page_links_its_csv_with_the_same_filters(client, observed):
    response, _page = figures(client, {"region": "53", "lever": "marche_reserve"})

    assert 'href="/fr/chiffres-cles/chiffres.csv?region=53&amp;lever=marche_reserve"' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "params",
    [
        {"region": "99"},
        {"award_year": "deux-mille"},
        {"cpv": "zz"},
        {"lever": "<script>"},
        {"theme": "\x00"},
        {"q": "!!!"},
    ],
)
def test_bad_filter_values_are_dropped_with_a_notice(client, observed, params):
    """As the catalogue does: the value is ignored (every fiche counts) and a notice says so."""
    response, _page = figures(client, params)
    html = response.content.decode()

    assert response.context["fiche_count"] == 5
    assert response.context["notices"]
    assert "<script>" not in html
    assert client.get(CSV, params).status_code == 200


def test_the_english_page_counts_the_english_fiches(client, observed):
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]
    fiche = observed[0]
    for page in fiche.get_ancestors().filter(depth__gt=1).specific():
        if not page.has_translation(english):
            page.copy_for_translation(english).save_revision().publish()
    fiche.copy_for_translation(english).save_revision().publish()

    response, _page = figures(client, path="/en/chiffres-cles/")

    assert response.context["fiche_count"] == 1
    assert 'lang="en"' in response.content.decode()
    assert figures(client)[0].context["fiche_count"] == 5


def test_the_footer_links_the_page(client, observed):
    assert 'href="/fr/chiffres-cles/"' in client.get("/fr/").content.decode()


def test_the_number_of_queries_does_not_depend_on_the_fiches(client, index):
    factories.FichePageFactory(parent=index)
    fiche_in(index, "52")
    small = rendered_query_count(client, PAGE)
    small_filtered = rendered_query_count(client, f"{PAGE}?lever=clause_sociale&region=53")
    for code in ("11", "24", "27", "28", "32", "44", "53", "75"):
        factories.FichePageFactory(
            parent=index,
            region=None,
            indicators=[("Emplois", 2, "ETP", "", ""), ("Emplois", 5, "emplois", "", "")],
        )
        fiche_in(index, code, insertion_hours=None)

    assert_same_queries(small, rendered_query_count(client, PAGE))
    assert_same_queries(
        small_filtered, rendered_query_count(client, f"{PAGE}?lever=clause_sociale&region=53")
    )
    assert len(small) <= 15, len(small)


@pytest.mark.parametrize("params", [{}, {"lever": "clause_sociale", "region": "53"}])
def test_the_figures_take_six_queries(django_assert_num_queries, index, observed, params):
    # The site and its root page (the visibility rule of the published fiches), then the sums,
    # every breakdown (one UNION ALL, as the catalogue's facets), the map and the jobs.
    locale = Locale.objects.get(language_code="fr")
    query, reference = observatory.page_query(QueryDict(urlencode(params)), locale=locale)
    with django_assert_num_queries(6):
        data = observatory.observatory_figures(
            query=query, reference=reference, locale=locale, catalogue_url=index.url
        )
    assert data["fiche_count"] == (2 if params else 5)


def test_each_row_links_the_catalogue_fiches_it_counts(client, index, observed):
    response, _page = figures(client, {"lever": "clause_sociale"})
    levers = {row.code: row.url for row in section(response, "lever").rows}
    years = {row.code: row.url for row in section(response, "award_year").rows}

    assert levers["clause_sociale"] == f"{index.url}?lever=clause_sociale"
    # Fiches with both levers: the catalogue takes one lever, so no link would give them.
    assert levers["marche_reserve"] == ""
    assert years["2023"] == f"{index.url}?lever=clause_sociale&award_year=2023"
    catalogue = client.get(years["2023"])
    assert catalogue.context["paginator"].count == values(response, "award_year")["2023"]
