"""Bad input never gives a 500: NUL bytes (cms.middleware.RejectNulBytesMiddleware) and
out-of-range integers in the HTML pages' parameters. Run on PostgreSQL too, where a NUL byte
in a query crashes psycopg: DATABASE_URL=postgres://… pytest tests/cms/test_bad_input.py."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from django.test import Client, RequestFactory
from django.urls import reverse

from cms.middleware import RejectNulBytesMiddleware

NUL_MESSAGE = "contient un caractère nul"
HUGE = "9223372036854775808"

PAGES = [
    ("/fr/donnees-ouvertes/", "region"),
    ("/fr/recherche/", "q"),
    ("/fr/recherche/suggestions/", "q"),
    ("/fr/widget/", "region"),
    ("/fr/widget/fiches/", "theme"),
    ("/fr/acteurs/", "q"),
    ("/fr/regions/", "page"),
    ("/fr/regions/bretagne/", "theme"),
    ("CATALOGUE", "region"),
    ("CATALOGUE", "q"),
]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def url_of(url, fiche):
    return fiche.get_parent().url if url == "CATALOGUE" else url


@pytest.mark.parametrize(("url", "parameter"), PAGES)
@pytest.mark.parametrize("value", ["\x00", "bre\x00tagne"])
def test_a_nul_byte_in_a_parameter_is_never_a_500(client, fiche, url, parameter, value):
    """The views that check their parameters answer in context (200 or their own 400); the
    others get the middleware's 400 when their query fails on it (PostgreSQL)."""
    response = client.get(url_of(url, fiche), {parameter: value})
    assert response.status_code in (200, 400)
    if response.status_code == 400 and NUL_MESSAGE in response.content.decode():
        assert response["Content-Type"].startswith("text/html")


def test_a_nul_byte_in_a_parameter_name_is_never_a_500(client, fiche):
    assert client.get(fiche.get_parent().url, {"re\x00gion": "53"}).status_code in (200, 400)


def nul_request(path, **params):
    return RequestFactory().get(path, params)


def middleware():
    return RejectNulBytesMiddleware(lambda request: None)


@pytest.mark.parametrize(
    "exception",
    [
        DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"),
        ValueError("A string literal cannot contain NUL (0x00) characters."),
    ],
)
def test_a_query_failing_on_a_nul_byte_is_a_400_page(exception):
    response = middleware().process_exception(nul_request("/fr/regions/", q="a\x00"), exception)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert NUL_MESSAGE in response.content.decode()


def test_under_the_api_that_400_is_json():
    request = nul_request("/api/v2/exports/fiches.csv", region="\x00")
    response = middleware().process_exception(request, DataError("NUL"))

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert NUL_MESSAGE in json.loads(response.content)["message"]


def test_other_failures_are_left_alone():
    assert middleware().process_exception(nul_request("/fr/", q="ok"), DataError("x")) is None
    assert middleware().process_exception(nul_request("/fr/", q="\x00"), KeyError("x")) is None


@pytest.mark.parametrize("path", ["/fr/regions/%00/", "/fr/acteurs/acheteurs/a%00b/", "/%00/"])
def test_a_nul_byte_in_the_path_is_a_400(client, db, path):
    response = client.get(path)
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?slug=%00",
        "/api/v2/departments/?region=%00",
        "/api/v2/exports/fiches.csv?region=%00",
        "/api/v2/exports/fiches.xlsx?locale=fr%00",
        "/api/v2/exports/fiches.json?theme=%00",
        "/api/v2/exports/fiches.ocds.json?region=53%00",
    ],
)
def test_under_the_api_a_nul_byte_is_never_a_500_and_always_json(client, db, url):
    response = client.get(url)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response["Content-Type"].startswith("application/json")
        # The exports' own validation answers {"erreur": …}, the API's {"message": …}.
        assert response.json().get("message") or response.json().get("erreur")


def test_a_nul_byte_in_an_api_path_is_a_json_400(client, db):
    response = client.get("/api/v2/regions/%00/")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert NUL_MESSAGE in response.json()["message"]


def test_a_nul_byte_in_a_form_field_is_never_a_500(client, db):
    response = client.post(reverse("wagtailadmin_login"), {"username": "a\x00", "password": "x"})
    assert response.status_code in (200, 400)


def test_a_form_field_counts_for_the_middleware():
    request = RequestFactory().post("/fr/", {"nom": "a\x00"})
    response = middleware().process_exception(request, DataError("NUL"))
    assert response.status_code == 400


def test_a_nul_byte_in_an_uploaded_file_is_no_concern(client, db):
    upload = SimpleUploadedFile("classeur.xlsx", b"PK\x03\x04\x00\x00binary")
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "a", "password": "x", "file": upload}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("CATALOGUE", "page"),
        ("CATALOGUE", "annee"),
        ("/fr/recherche/", "page"),
        ("/fr/acteurs/", "page"),
        ("/fr/regions/bretagne/", "page"),
        ("/fr/widget/fiches/", "limit"),
        ("/api/v2/exports/fiches.csv", "annee"),
    ],
)
@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "1e400"])
def test_an_out_of_range_integer_is_no_500(client, fiche, url, parameter, value):
    response = client.get(url_of(url, fiche), {parameter: value, "q": "chantier"})
    assert response.status_code in (200, 400, 404)
