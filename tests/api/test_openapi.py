"""The OpenAPI document against reality: real responses of the endpoints validated against the
schemas the document serves (JSON Schema 2020-12, ``$ref`` resolved inside the document)."""

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from fiches import factories
from fiches.api.router import api_router

pytestmark = pytest.mark.django_db

REFERENCE_ENDPOINTS = ("images", "documents", "regions", "departments", "cpv-codes", "themes")
FIELDS_VARIANTS = ({}, {"fields": "*"}, {"fields": "_"}, {"fields": "-type,-detail_url"})


@pytest.fixture
def document(api_get):
    response = api_get("/api/v2/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def published(index):
    """A public fiche with a hero image, a body image, a document and a theme: what the images,
    documents and themes endpoints list (media only count once a public page uses them)."""
    hero = factories.ImageFactory(title="Photo de une")
    inline = factories.ImageFactory(title="Photo du corps")
    attachment = factories.DocumentFactory(title="Cahier des charges")
    theme = factories.ThemeFactory(name="Propreté")
    fiche = factories.FichePageFactory(
        parent=index,
        hero_image=hero,
        body=factories.fiche_body(image=inline, document=attachment),
        themes=[theme],
    )
    return {
        "pages": fiche.pk,
        "images": hero.pk,
        "documents": attachment.pk,
        "themes": theme.pk,
        "regions": "53",
        "departments": "35",
        "cpv-codes": "77310000-6",
        "buyers": fiche.buyer_links.get().actor_id,
        "ess-structures": fiche.supplier_links.get().actor_id,
        "operators": fiche.operator_links.get().actor_id,
    }


def response_schema(document, path, status=200):
    """The schema of ``path``'s ``status`` response, with the components it may reference."""
    schema = document["paths"][path]["get"]["responses"][str(status)]["content"]
    return {**schema["application/json"]["schema"], "components": document["components"]}


def validate(document, path, data, status=200):
    validator = Draft202012Validator(
        response_schema(document, path, status), format_checker=FormatChecker()
    )
    errors = [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in validator.iter_errors(data)
    ]
    assert not errors, f"{path}: {errors}"


def test_the_document_is_valid_json_schema(document):
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    for path, item in document["paths"].items():
        for status, response in item["get"]["responses"].items():
            if "content" in response:
                Draft202012Validator.check_schema(response_schema(document, path, status))


def test_every_endpoint_of_the_router_is_described(document):
    described = set(document["paths"])
    for name, endpoint in api_router._endpoints.items():
        assert {f"/{name}/", f"/{name}/{{id}}/"} <= described, name
        routes = {pattern.name for pattern in endpoint.get_urlpatterns()}
        assert ("find" in routes) == (f"/{name}/find/" in described), name


def test_find_is_described_with_its_parameters_and_answers(document):
    for name, endpoint in api_router._endpoints.items():
        if f"/{name}/find/" not in document["paths"]:
            continue
        find = document["paths"][f"/{name}/find/"]["get"]
        parameters = {parameter["name"] for parameter in find["parameters"]}
        assert set(endpoint.find_query_parameters) | {"fields", "format"} <= parameters, name
        assert set(find["responses"]) == {"302", "400", "404", "414", "503"}, name
        assert "Location" in find["responses"]["302"]["headers"]


def find_cases(published, fiche_path):
    """``(endpoint, query, expected id)`` of a ``find/`` request for each endpoint that has one."""
    cases = [("pages", {"html_path": fiche_path}, published["pages"])]
    cases.append(("pages", {"id": published["pages"]}, published["pages"]))
    for endpoint in ("images", "documents", "buyers", "ess-structures", "operators", "themes"):
        cases.append((endpoint, {"id": published[endpoint]}, published[endpoint]))
    return cases


def test_find_redirects_to_a_detail_that_matches_the_document(api_get, document, published):
    from fiches.models import FichePage

    fiche = FichePage.objects.get(pk=published["pages"])
    for endpoint, params, expected in find_cases(published, f"/fr/fiches/{fiche.slug}/"):
        response = api_get(f"/api/v2/{endpoint}/find/", **params, fields="*")
        assert response.status_code == 302, (endpoint, params, response.content)
        location = response["Location"]
        assert f"/api/v2/{endpoint}/{expected}/?" in location, location
        assert location.endswith("?fields=%2A"), "the other parameters are kept"
        detail = api_get(location[location.index("/api/v2/") :].split("?")[0], fields="*")
        assert detail.status_code == 200
        validate(document, f"/{endpoint}/{{id}}/", detail.json())


@pytest.mark.parametrize(
    "endpoint", ["pages", "images", "documents", "buyers", "ess-structures", "operators", "themes"]
)
def test_find_errors_match_the_document(api_get, document, published, endpoint):
    path = f"/{endpoint}/find/"
    nothing = api_get(f"/api/v2{path}")
    assert nothing.status_code == 404
    validate(document, path, nothing.json(), 404)
    unknown = api_get(f"/api/v2{path}", id=2**31 - 1)
    assert unknown.status_code == 404
    validate(document, path, unknown.json(), 404)
    malformed = api_get(f"/api/v2{path}", id="abc")
    assert malformed.status_code == 400
    assert malformed.json()["message"].startswith("id:")
    validate(document, path, malformed.json(), 400)


def test_find_by_path_refuses_what_no_page_can_have(api_get, document, published):
    for html_path in ("/fr/\x00/", "/fr/" + "a" * 1000):
        response = api_get("/api/v2/pages/find/", html_path=html_path)
        assert response.status_code == 400
        assert response.json()["message"].startswith("html_path:")
        validate(document, "/pages/find/", response.json(), 400)


def test_find_takes_no_listing_only_parameter_in_listings(api_get, published):
    """``id`` and ``html_path`` identify the object of ``find/``: listings refuse them."""
    assert api_get("/api/v2/pages/", id=published["pages"]).status_code == 400
    assert api_get("/api/v2/pages/", html_path="/fr/").status_code == 400
    assert api_get("/api/v2/images/", id=published["images"]).status_code == 400


def test_every_operation_documents_format(document):
    for path, item in document["paths"].items():
        (format_parameter,) = [p for p in item["get"]["parameters"] if p["name"] == "format"]
        assert format_parameter["schema"]["enum"] == ["json", "api"], path


@pytest.mark.parametrize(
    ("path", "described"),
    [("/api/v2/pages/", "/pages/"), ("/api/v2/regions/53/", "/regions/{id}/")],
)
def test_format_json_and_api_are_what_the_document_says(
    api_get, document, published, path, described
):
    plain = api_get(path)
    as_json = api_get(path, format="json")
    assert as_json.status_code == 200
    assert as_json["Content-Type"] == "application/json"
    assert as_json.json() == plain.json()
    as_html = api_get(path, format="api")
    assert as_html.status_code == 200
    assert as_html["Content-Type"].startswith("text/html")
    response = document["paths"][described]["get"]["responses"]["200"]
    assert set(response["content"]) == {"application/json", "text/html"}


def test_an_unknown_format_is_a_bad_parameter(api_get, document, published):
    response = api_get("/api/v2/pages/", format="xml")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"].startswith("format:")
    validate(document, "/pages/", response.json(), 400)


@pytest.mark.parametrize("endpoint", REFERENCE_ENDPOINTS)
@pytest.mark.parametrize("params", FIELDS_VARIANTS, ids=["default", "all", "none", "no-meta"])
def test_reference_responses_match_the_document(api_get, document, published, endpoint, params):
    listing = api_get(f"/api/v2/{endpoint}/", **params)
    assert listing.status_code == 200, listing.content
    data = listing.json()
    assert data["items"], f"/{endpoint}/ lists nothing"
    validate(document, f"/{endpoint}/", data)

    detail = api_get(f"/api/v2/{endpoint}/{published[endpoint]}/", **params)
    assert detail.status_code == 200, detail.content
    validate(document, f"/{endpoint}/{{id}}/", detail.json())


@pytest.mark.parametrize("endpoint", REFERENCE_ENDPOINTS)
def test_every_field_is_described(api_get, document, published, endpoint):
    """``fields=*`` shows every field a detail can have: the schema names each one, and (as it
    forbids any other) fails as soon as the API grows a field it does not describe."""
    data = api_get(f"/api/v2/{endpoint}/{published[endpoint]}/", fields="*").json()
    content = document["paths"][f"/{endpoint}/{{id}}/"]["get"]["responses"]["200"]["content"]
    reference = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = document["components"]["schemas"][reference]["properties"]
    assert set(data) == set(properties)
    assert set(data["meta"]) == set(properties["meta"]["properties"])
    with pytest.raises(AssertionError):
        validate(document, f"/{endpoint}/{{id}}/", {**data, "undocumented": 1})


def test_errors_match_the_document(api_get, document, published):
    missing = api_get("/api/v2/regions/99/")
    assert missing.status_code == 404
    validate(document, "/regions/{id}/", missing.json(), 404)
    bad = api_get("/api/v2/images/", order="width")
    assert bad.status_code == 400
    validate(document, "/images/", bad.json(), 400)


def test_every_path_answers(api_get, document, published):
    """Every path of the document, with its example identifier or one of the data created here
    and no parameter, answers 200 with a body that its schema accepts (``find/`` apart: see
    below)."""
    for path, item in document["paths"].items():
        if path.endswith("/find/"):
            continue
        endpoint = path.strip("/").split("/")[0]
        url = path
        for parameter in item["get"]["parameters"]:
            if parameter["in"] == "path":
                value = parameter.get("example", published[endpoint])
                url = url.replace("{" + parameter["name"] + "}", str(value))
        response = api_get(f"/api/v2{url}")
        assert response.status_code == 200, (url, response.status_code)
        validate(document, path, response.json())
