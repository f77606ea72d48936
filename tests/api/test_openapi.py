"""The OpenAPI document against reality: real responses of the endpoints validated against the
schemas the document serves (JSON Schema 2020-12, ``$ref`` resolved inside the document)."""

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from fiches import factories
from fiches.api.views import api_router

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
        for status in item["get"]["responses"]:
            Draft202012Validator.check_schema(response_schema(document, path, status))


def test_every_endpoint_of_the_router_is_described(document):
    described = set(document["paths"])
    for name in api_router._endpoints:
        assert {f"/{name}/", f"/{name}/{{id}}/"} <= described, name


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
    and no parameter, answers 200 with a body that its schema accepts."""
    for path, item in document["paths"].items():
        endpoint = path.strip("/").split("/")[0]
        url = path
        for parameter in item["get"]["parameters"]:
            if parameter["in"] == "path":
                value = parameter.get("example", published[endpoint])
                url = url.replace("{" + parameter["name"] + "}", str(value))
        response = api_get(f"/api/v2{url}")
        assert response.status_code == 200, (url, response.status_code)
        validate(document, path, response.json())
