"""What the OpenAPI document promises, failure class by failure class (what schemathesis found
with every check): NUL characters, integers out of range, values outside the enums and
patterns, empty values, parameters that name nothing, a database that is down, and requests
that stay under the production server's request-line limit."""

from urllib.parse import quote

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from fiches.api.openapi.document import operation_schemas
from fiches.api.validation import check_value

pytestmark = pytest.mark.django_db

LISTINGS = (
    "pages",
    "images",
    "documents",
    "buyers",
    "ess-structures",
    "operators",
    "themes",
    "regions",
    "departments",
    "cpv-codes",
)
#: gunicorn's default ``limit_request_line``.
REQUEST_LINE_LIMIT = 4094


def assert_bad(response, name):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"].startswith(f"{name}: "), response.json()


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v2/pages/", "slug"),
        ("/api/v2/pages/", "locale"),
        ("/api/v2/pages/", "region"),
        ("/api/v2/pages/", "theme"),
        ("/api/v2/pages/", "search"),
        ("/api/v2/pages/find/", "html_path"),
        ("/api/v2/themes/", "slug"),
        ("/api/v2/themes/", "locale"),
        ("/api/v2/departments/", "region"),
        ("/api/v2/buyers/", "region"),
        ("/api/v2/buyers/", "slug"),
        ("/api/v2/cpv-codes/", "search"),
    ],
)
def test_a_nul_character_in_a_parameter_is_a_400(api_get, path, name):
    assert_bad(api_get(path, **{name: "a\x00b"}), name)


@pytest.mark.parametrize(
    "path", ["/api/v2/regions/%00/", "/api/v2/departments/%00/", "/api/v2/cpv-codes/%00/"]
)
def test_a_nul_character_in_a_code_of_the_path_is_a_400(api_get, path):
    """Refused before any routing by cms.middleware.RejectNulBytesMiddleware, in the API's JSON
    error body (400 is documented for every operation)."""
    response = api_get(path)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "caractère nul" in response.json()["message"]


@pytest.mark.parametrize("name", ["region", "locale", "theme"])
def test_a_nul_character_in_an_export_filter_is_a_400(client, name):
    response = client.get("/api/v2/exports/fiches.json", {name: "\x00"})

    assert response.status_code == 400
    assert "caractère nul" in response.json()["erreur"]


@pytest.mark.parametrize("endpoint", LISTINGS)
@pytest.mark.parametrize(
    ("name", "value"),
    [("offset", "9223372036854775808"), ("offset", "2147483648"), ("limit", "51")],
)
def test_integers_beyond_the_documented_bounds_are_a_400(api_get, endpoint, name, value):
    assert_bad(api_get(f"/api/v2/{endpoint}/", **{name: value}), name)


@pytest.mark.parametrize("name", ["child_of", "descendant_of", "translation_of", "buyer"])
def test_page_and_actor_ids_beyond_the_documented_bounds_are_a_400(api_get, name):
    assert_bad(api_get("/api/v2/pages/", **{name: "9223372036854775808"}), name)


def test_the_largest_documented_offset_is_an_empty_page(api_get):
    response = api_get("/api/v2/pages/", offset=str(2**31 - 1))

    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("name", ["format", "order", "fields", "slug", "type", "limit"])
def test_an_empty_value_is_a_400(api_get, name):
    assert_bad(api_get("/api/v2/pages/", **{name: ""}), name)


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("/api/v2/pages/", {"search": "vert", "search_operator": "AAA"}, "search_operator"),
        ("/api/v2/pages/", {"order": "title,"}, "order"),
        ("/api/v2/pages/", {"order": "-title,id,-id,title"}, "order"),
        ("/api/v2/pages/", {"fields": "title(id)"}, "fields"),
        ("/api/v2/pages/", {"fields": "body"}, "fields"),
        ("/api/v2/pages/", {"type": "wagtailcore.Page"}, "type"),
        ("/api/v2/pages/", {"type": "fiches.FichePage,home.HomePage"}, "type"),
        ("/api/v2/pages/", {"limit": "+5"}, "limit"),
        ("/api/v2/pages/", {"region": "٥٣"}, "region"),
        ("/api/v2/regions/53/", {"format": "xml"}, "format"),
        ("/api/v2/regions/53/", {"fields": "J"}, "fields"),
        ("/api/v2/images/", {"fields": "¬"}, "fields"),
    ],
)
def test_values_outside_the_enums_and_patterns_are_a_400(api_get, path, params, name):
    assert_bad(api_get(path, **params), name)


def test_a_parameter_given_twice_is_a_400(client):
    response = client.get("/api/v2/pages/?limit=1&limit=2", HTTP_HOST="localhost")

    assert_bad(response, "limit")


def test_a_detail_refuses_the_parameters_of_listings(api_get):
    response = api_get("/api/v2/regions/53/", limit="1")

    assert response.status_code == 400
    assert "limit" in response.json()["message"]


@pytest.mark.parametrize("name", ["child_of", "descendant_of", "translation_of"])
def test_a_parent_page_that_is_not_public_is_a_404(api_get, draft_fiche, name):
    for page_id in (draft_fiche.pk, 2**31 - 1):
        response = api_get("/api/v2/pages/", **{name: page_id})

        assert response.status_code == 404
        assert response.json()["message"].startswith(f"{name}: ")


def test_child_of_and_descendant_of_combine(api_get, fiche):
    index = fiche.get_parent()
    response = api_get("/api/v2/pages/", child_of=index.pk, descendant_of=index.get_parent().pk)

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [fiche.pk]


def test_fields_of_another_page_type_are_left_out(api_get, fiche):
    """The document lists the fields of every page type for every page: one that a page does
    not have is left out rather than refused."""
    home = fiche.get_parent().get_parent()
    response = api_get(f"/api/v2/pages/{home.pk}/", fields="_,title,chapo")

    assert response.status_code == 200
    assert response.json() == {"title": home.title}
    fiche_data = api_get(f"/api/v2/pages/{fiche.pk}/", fields="_,title,chapo").json()
    assert fiche_data == {"title": fiche.title, "chapo": fiche.chapo}


def test_fiche_keys_of_order_only_sort_fiches(api_get, fiche):
    assert api_get("/api/v2/pages/", type="home.HomePage", order="-amount").status_code == 200


def test_a_search_without_a_word_finds_nothing(api_get, fiche):
    for path in ("/api/v2/pages/", "/api/v2/cpv-codes/"):
        response = api_get(path, search=" !? ")

        assert response.status_code == 200
        assert response.json()["meta"]["total_count"] == 0


@pytest.fixture
def database_down(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)


def test_the_api_answers_a_json_503_when_the_database_is_down(client, database_down):
    client.raise_request_exception = False
    response = client.get("/api/v2/pages/", HTTP_HOST="localhost")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"]
    assert response.json()["message"]


def test_the_site_keeps_its_html_503(client, database_down):
    client.raise_request_exception = False
    response = client.get("/fr/recherche/", HTTP_HOST="localhost")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")


def worst_value(schema):
    """The longest value ``schema`` accepts, percent-encoded: a 4-byte character (12 bytes once
    encoded) per character of a free text, 3 bytes per character of a pattern made of ASCII."""
    if "enum" in schema:
        return max((len(quote(str(value), safe="")) for value in schema["enum"]), default=0)
    if schema["type"] == "integer":
        return len(str(schema["maximum"]))
    per_character = 12 if "[^" in schema.get("pattern", "[^") else 3
    if "maxLength" not in schema:
        # A pattern without repetition: as long as its literal text at most.
        return 3 * len(schema["pattern"])
    return per_character * schema["maxLength"]


def test_every_string_parameter_is_bounded():
    for path in ("/pages/", "/pages/find/", "/themes/", "/buyers/", "/cpv-codes/"):
        for name, schema in operation_schemas(path).items():
            assert "enum" in schema or schema["type"] == "integer" or "pattern" in schema, name
            if "pattern" in schema and "[^" in schema["pattern"]:
                assert "maxLength" in schema, (path, name)


def test_a_request_within_the_documented_lengths_fits_the_request_line(api_get):
    """Every parameter of an operation at its longest still makes a request line gunicorn
    accepts, so that a valid request never gets a 414."""
    document = api_get("/api/v2/openapi.json").json()
    for path, item in document["paths"].items():
        query = sum(
            len(parameter["name"]) + 2 + worst_value(parameter["schema"])
            for parameter in item["get"]["parameters"]
            if parameter["in"] == "query"
        )
        line = len("GET /api/v2") + len(path) + 20 + query + len(" HTTP/1.1")
        assert line < REQUEST_LINE_LIMIT, (path, line)


def test_the_document_schemas_are_what_the_server_checks():
    schema = operation_schemas("/pages/")["order"]
    check_value("order", "-amount,title", schema)
    with pytest.raises(Exception, match="order: "):
        check_value("order", "amount,title,id,-id", schema)
