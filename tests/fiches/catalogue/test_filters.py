"""The one spec per catalogue filter (fiches.catalogue.filters) and every consumer of it.

Each test iterates the spec: a filter added to ``FILTERS`` fails here until it has a sample
below and every consumer — the catalogue, the API, the exports, the widget, the canonical URL
and the OpenAPI document — accepts it, applies it and rejects a bad value as it always has."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from fiches.catalogue import facets, filters
from fiches.discovery import seo
from tests.helpers import CATALOGUE, shown

pytestmark = pytest.mark.django_db

#: For each filter, a value that keeps the canteen fiche of the ``catalogue`` fixture and not
#: the green spaces one.
SAMPLES = {
    "region": "52",
    "department": "85",
    "theme": "alimentation",
    "cpv": "55",
    "nature": "fournitures",
    "procedure": "appel_offres_ouvert",
    "award_year": "2021",
    "lever": "critere_social",
    "legal_article": "R2152-7",
    "buyer_type": "hopital",
    "family": "cooperative",
    "status": "esat",
}
BAD = "zz-inconnu"
API = "/api/v2/pages/"
EXPORT = "/api/v2/exports/fiches.json"
NAMES = pytest.mark.parametrize("name", filters.NAMES)


def api_get(client, **params):
    return client.get(API, {"type": "fiches.FichePage", **params}, HTTP_HOST="localhost")


def widget_get(client, **params):
    with translation.override("fr"):
        url = reverse("widget_fiches")
    return client.get(url, params)


def test_every_filter_has_a_sample_and_one_name():
    assert set(SAMPLES) == set(filters.NAMES)
    assert len(filters.NAMES) == len(filters.FILTERS)
    assert all(spec.label and spec.invalid and spec.group for spec in filters.FILTERS)


@NAMES
def test_every_consumer_accepts_and_applies_the_filter(client, catalogue, name):  # noqa: F811
    green, canteen = catalogue
    value = SAMPLES[name]

    # The catalogue narrows, draws its facet, and keeps it in its canonical URL (tracking
    # parameters aside) and in the export links.
    response = client.get(CATALOGUE, {name: value, "utm_source": "x"})
    assert shown(response, green, canteen) == {canteen.title}
    content = unescape(response.content.decode())
    assert f'name="{name}"' in content
    canonical = re.search(r'<link rel="canonical" href="([^"]*)"', content).group(1)
    assert canonical.endswith(f"?{name}={value}")
    assert f"/api/v2/exports/fiches.csv?{name}={value}" in content
    assert name in seo.CATALOGUE_CANONICAL_PARAMS
    assert facets.EXPORTED_FILTERS[name] == name
    # The API narrows.
    response = api_get(client, **{name: value})
    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()["items"]] == [canteen.pk]
    # The exports narrow and say so.
    document = client.get(EXPORT, {name: value}).json()
    assert [fiche["titre"] for fiche in document["fiches"]] == [canteen.title]
    assert document["filtres"][name] == value
    # The widget narrows; its builder has the field and keeps it in the snippet.
    response = widget_get(client, **{name: value})
    html = unescape(response.content.decode())
    assert response.status_code == 200, html
    assert canteen.title in html
    assert green.title not in html
    with translation.override("fr"):
        builder = unescape(client.get(reverse("widget_builder"), {name: value}).content.decode())
    assert f'name="{name}"' in builder
    assert f"{name}={value}" in builder


def test_the_openapi_document_lists_every_filter(client):
    document = client.get("/api/v2/openapi.json", HTTP_HOST="localhost").json()

    parameters = {
        parameter["name"]: parameter
        for parameter in document["paths"]["/pages/"]["get"]["parameters"]
        if "name" in parameter
    }
    for name in filters.NAMES:
        assert parameters[name]["in"] == "query"
        assert parameters[name]["description"]


@NAMES
def test_a_bad_value_is_refused_by_each_consumer_as_before(client, index, name):
    spec = filters.BY_NAME[name]

    # The catalogue drops it with a French notice.
    content = unescape(client.get(CATALOGUE, {name: BAD}).content.decode())
    assert f"Filtre ignoré : « {BAD} » n'est pas une valeur connue pour « {spec.label} »" in content
    # The API answers 400, naming the parameter.
    response = api_get(client, **{name: BAD})
    assert response.status_code == 400
    assert response.json()["message"].startswith(f"{name}: ")
    # The exports answer 400 with the French message.
    response = client.get(EXPORT, {name: BAD})
    assert response.status_code == 400
    assert BAD in response.json()["erreur"]
    # The widget answers 400 with the message instead of the list.
    response = widget_get(client, **{name: BAD})
    assert response.status_code == 400
    assert BAD in unescape(response.content.decode())


def test_exports_still_read_year_as_award_year(client, catalogue):  # noqa: F811
    green, canteen = catalogue

    document = client.get(EXPORT, {"year": "2021"}).json()

    assert [fiche["titre"] for fiche in document["fiches"]] == [canteen.title]
    assert document["filtres"] == {"award_year": "2021", "locale": "fr"}
    assert client.get(EXPORT, {"year": "deux"}).status_code == 400
    # The API and the catalogue know only the one name.
    assert api_get(client, year="2021").status_code == 400


def test_the_api_keeps_its_wider_cpv_values(client, catalogue):  # noqa: F811
    green, canteen = catalogue

    assert [item["id"] for item in api_get(client, cpv="5552").json()["items"]] == [canteen.pk]
    # Well-formed, but no such code (its check digit is 8): nothing to filter by.
    assert api_get(client, cpv="55524000-0").status_code == 404
