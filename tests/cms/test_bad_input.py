"""Bad input never gives a 500: NUL bytes (cms.middleware.RejectNulBytesMiddleware) and
out-of-range integers in the HTML pages' parameters. Run on PostgreSQL too, where a NUL byte
in a query crashes psycopg: DATABASE_URL=postgres://… pytest tests/cms/test_bad_input.py."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

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
def test_a_nul_byte_in_a_parameter_is_a_400_page(client, fiche, url, parameter, value):
    response = client.get(url_of(url, fiche), {parameter: value})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_a_nul_byte_in_a_parameter_name_is_a_400(client, fiche):
    assert client.get(fiche.get_parent().url, {"re\x00gion": "53"}).status_code == 400


@pytest.mark.parametrize("path", ["/fr/regions/%00/", "/fr/acteurs/acheteurs/a%00b/", "/%00/"])
def test_a_nul_byte_in_the_path_is_a_400(client, db, path):
    response = client.get(path)
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?slug=%00",
        "/api/v2/regions/%00/",
        "/api/v2/departments/?region=%00",
        "/api/v2/exports/fiches.csv?region=%00",
        "/api/v2/exports/fiches.xlsx?locale=fr%00",
        "/api/v2/exports/fiches.json?theme=%00",
    ],
)
def test_under_the_api_the_400_is_json(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert NUL_MESSAGE in response.json()["message"]


def test_a_nul_byte_in_a_form_field_is_a_400(client, db):
    response = client.post(reverse("wagtailadmin_login"), {"username": "a\x00", "password": "x"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


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
