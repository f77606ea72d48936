"""``/api/v2/observatory/``: the observatory's figures as the page gives them, its payload as
the OpenAPI document describes it, its parameters checked as every other operation's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from wagtail.models import Locale

from fiches import factories
from fiches.observatory.selectors import BREAKDOWNS
from tests.helpers import assert_same_queries, fiche_in

pytestmark = pytest.mark.django_db

URL = "/api/v2/observatory/"


@pytest.fixture
def document(api_get):
    return api_get("/api/v2/openapi.json").json()


@pytest.fixture
def figures(index):
    """Two public fiches in Bretagne and one in Pays de la Loire, and a draft."""
    factories.FichePageFactory(parent=index, insertion_hours=None)
    factories.FichePageFactory(parent=index, amount_kind="estime")
    fiche_in(index, "52", indicators=[("Emplois", 3, "ETP", "2024", "")])
    factories.FichePageFactory(parent=index, publish=False, insertion_hours=99999)


def assert_valid(document, data, status=200):
    content = document["paths"]["/observatory/"]["get"]["responses"][str(status)]["content"]
    schema = {**content["application/json"]["schema"], "components": document["components"]}
    errors = [error.message for error in Draft202012Validator(schema).iter_errors(data)]
    assert not errors, errors


def rows(data, key):
    section = next(section for section in data["sections"] if section["key"] == key)
    return {row["code"]: row["value"] for row in section["rows"]}


def test_the_payload_gives_the_figures_the_document_describes(api_get, document, figures):
    response = api_get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "ETag" in response
    data = response.json()
    assert_valid(document, data)
    assert data["locale"] == "fr"
    assert data["filters"] == {}
    assert data["fiche_count"] == 3
    assert [s["key"] for s in data["sections"]][: len(BREAKDOWNS) + 1] == [
        *BREAKDOWNS[:3],
        "region",
        *BREAKDOWNS[3:],
    ]
    assert rows(data, "region") == {"53": 2, "52": 1}
    assert rows(data, "insertion_hours") == {"sum": 7000, "known": 2, "unknown": 1}
    assert rows(data, "amounts")["total_sum"] == 240000
    assert rows(data, "amounts")["estimated"] == 1
    assert rows(data, "jobs")["etp_sum"] == 3


def test_the_api_gives_the_figures_of_the_page(api_get, client, figures):
    params = {"region": "53", "lever": "marche_reserve"}
    data = api_get(URL, **params).json()
    page = client.get("/fr/chiffres-cles/", params)

    assert data["filters"] == params
    assert data["fiche_count"] == page.context["fiche_count"] == 2
    for section in page.context["sections"]:
        assert rows(data, section.key) == {row.code: row.value for row in section.rows}


def test_a_search_counts_the_fiches_the_page_and_the_catalogue_find(
    api_get, client, index, figures
):
    factories.FichePageFactory(parent=index, title="Une laverie solidaire au marché")
    data = api_get(URL, q="laverie").json()
    page = client.get("/fr/chiffres-cles/", {"q": "laverie"})
    catalogue = client.get(index.url, {"q": "laverie"})

    assert data["q"] == "laverie"
    assert data["fiche_count"] == page.context["fiche_count"] == 1
    assert catalogue.context["paginator"].count == 1
    for section in page.context["sections"]:
        assert rows(data, section.key) == {row.code: row.value for row in section.rows}
    assert api_get(URL).json()["q"] == ""


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"region": "99"}, "region"),
        ({"award_year": "1789"}, "award_year"),
        ({"lever": "autre"}, "lever"),
        ({"theme": "\x00"}, "theme"),
        ({"locale": "de"}, "locale"),
        ({"format": "xml"}, "format"),
        ({"limit": "10"}, ""),
        ({"q": "!!!"}, "q"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(api_get, document, figures, params, name):
    response = api_get(URL, **params)

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"].startswith(f"{name}: " if name else "paramètre inconnu")
    assert_valid(document, response.json(), 400)


def test_an_unknown_cpv_code_is_a_404(api_get, document, figures):
    response = api_get(URL, cpv="99999999")

    assert response.status_code == 404
    assert response.json()["message"].startswith("cpv: ")
    assert_valid(document, response.json(), 404)


def test_a_cpv_prefix_counts_its_fiches(api_get, figures):
    assert api_get(URL, cpv="7731").json()["fiche_count"] == 3
    assert api_get(URL, cpv="55").json()["fiche_count"] == 0


def test_the_browsable_page_and_another_language(api_get, figures):
    html = api_get(URL, format="api")
    assert html.status_code == 200
    assert html["Content-Type"].startswith("text/html")

    Locale.objects.get_or_create(language_code="en")
    english = api_get(URL, locale="en")
    assert english.status_code == 200
    assert english.json()["fiche_count"] == 0


def test_the_document_describes_the_operation(document):
    operation = document["paths"]["/observatory/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}

    assert {"locale", "format", "region", "lever", "legal_article", "cpv", "award_year"} <= names
    region = next(p for p in operation["parameters"] if p["name"] == "region")
    assert "53" in region["schema"]["enum"]
    assert "jamais additionnés" in operation["description"]


def test_the_number_of_queries_does_not_depend_on_the_fiches(api_get, index):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api_get(URL, lever="clause_sociale").status_code == 200
        return [query["sql"] for query in queries.captured_queries]

    factories.FichePageFactory(parent=index)
    api_get(URL)
    small = count()
    for code in ("11", "24", "27", "52", "84"):
        fiche_in(index, code, indicators=[("Emplois", 1, "emplois", "", "")])
    assert_same_queries(small, count())
    assert len(small) <= 15, len(small)
