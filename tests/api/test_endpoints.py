"""Actors, themes, reference data, images; HTTP validators, CORS; the headless preview; the docs."""

import re
import time
from pathlib import Path

import pytest
from django.core import signing

from fiches import factories
from fiches.api.http import preview_token

pytestmark = pytest.mark.django_db


def test_actors_list_their_public_fiches_only(api_get, fiche, draft_fiche, restricted_fiche):
    buyers = api_get("/api/v2/buyers/", fields="*").json()["items"]
    names = [item["name"] for item in buyers]

    # The draft's buyer appears in no public fiche: not listed, not reachable.
    assert "Acheteur du brouillon" not in names
    hidden = draft_fiche.buyer_links.get().actor
    assert api_get(f"/api/v2/buyers/{hidden.pk}/").status_code == 404
    shown = fiche.buyer_links.get().actor
    data = api_get(f"/api/v2/buyers/{shown.pk}/").json()
    assert data["category"] == {"code": "commune", "label": "Commune"}
    assert [item["id"] for item in data["fiches"]] == [fiche.pk]
    assert data["fiches"][0]["role"]["code"] == "acheteur"
    # An actor of both a public and a private fiche shows the public one only.
    supplier = fiche.supplier_links.get().actor
    restricted_fiche.supplier_links.create(actor=supplier)
    data = api_get(f"/api/v2/ess-structures/{supplier.pk}/").json()
    assert [item["id"] for item in data["fiches"]] == [fiche.pk]
    assert data["inclusion_status"]["code"] == "aci"


def test_operators_and_slug_lookup(api_get, fiche):
    operator = fiche.operator_links.get().actor

    items = api_get("/api/v2/operators/", slug=operator.slug).json()["items"]

    assert [item["id"] for item in items] == [operator.pk]


def test_themes_regions_departments_cpv(api_get, fiche):
    factories.ThemeFactory(name="Propreté")
    assert api_get("/api/v2/themes/").json()["items"][0]["slug"] == "proprete"
    assert api_get("/api/v2/regions/").json()["meta"]["total_count"] == 18
    bretagne = api_get("/api/v2/regions/53/").json()
    assert {"code": "35", "name": "Ille-et-Vilaine"} in bretagne["departments"]
    assert api_get("/api/v2/departments/2A/").json()["region"]["code"] == "94"
    assert api_get("/api/v2/departments/", region="53").json()["meta"]["total_count"] == 4
    assert api_get("/api/v2/cpv-codes/77310000-6/").json()["label"] == (
        "Réalisation et entretien d'espaces verts"
    )
    by_code = api_get("/api/v2/cpv-codes/", code="77310000").json()["items"]
    assert [item["code"] for item in by_code] == ["77310000-6"]
    assert api_get("/api/v2/cpv-codes/", prefix="7731").json()["meta"]["total_count"] > 1
    found = api_get("/api/v2/cpv-codes/", search="espaces verts").json()["items"]
    assert "77310000-6" in [item["code"] for item in found]
    assert api_get("/api/v2/cpv-codes/", code="7731-0").status_code == 400
    assert api_get("/api/v2/regions/99/").status_code == 404


def test_images_come_with_renditions(api_get, index):
    image = factories.ImageFactory(description="Un jardin partagé")
    factories.FichePageFactory(parent=index, hero_image=image)

    data = api_get(f"/api/v2/images/{image.pk}/").json()

    assert data["alt"] == "Un jardin partagé"
    assert data["renditions"]["card"]["width"] == 640
    assert api_get("/api/v2/documents/").status_code == 200


def test_etag_304_and_fresh_after_publishing(api_get, client, index, fiche):
    response = api_get("/api/v2/pages/", type="fiches.FichePage")
    assert "max-age=0" in response["Cache-Control"]
    etag = response["ETag"]

    again = client.get(
        "/api/v2/pages/",
        {"type": "fiches.FichePage"},
        HTTP_HOST="localhost",
        HTTP_IF_NONE_MATCH=etag,
    )
    assert again.status_code == 304

    factories.FichePageFactory(parent=index, title="Nouvelle fiche")
    fresh = client.get(
        "/api/v2/pages/",
        {"type": "fiches.FichePage"},
        HTTP_HOST="localhost",
        HTTP_IF_NONE_MATCH=etag,
    )
    assert fresh.status_code == 200
    assert fresh.json()["meta"]["total_count"] == 2


def test_cors_on_the_api_only(client, settings, fiche):
    settings.CORS_ALLOWED_ORIGINS = ["https://partenaire.example"]
    origin = {"HTTP_ORIGIN": "https://partenaire.example", "HTTP_HOST": "localhost"}

    api = client.get("/api/v2/pages/", **origin)
    site = client.get("/fr/fiches/", **origin)
    other = client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example", HTTP_HOST="localhost")

    assert api["Access-Control-Allow-Origin"] == "https://partenaire.example"
    assert "Access-Control-Allow-Origin" not in site
    assert "Access-Control-Allow-Origin" not in other


def test_headless_preview(api_get, settings, fiche):
    fiche.title = "Titre du brouillon"
    fiche.save_revision()
    fiche.refresh_from_db()
    token = preview_token(fiche)

    assert api_get("/api/v2/preview/").status_code == 401
    assert api_get("/api/v2/preview/", token=token + "x").status_code == 403
    response = api_get("/api/v2/preview/", token=token)
    assert response.status_code == 200
    assert response.json()["title"] == "Titre du brouillon"
    assert "no-store" in response["Cache-Control"]
    # The public endpoints still serve the live version.
    assert api_get(f"/api/v2/pages/{fiche.pk}/").json()["title"] != "Titre du brouillon"

    settings.API_PREVIEW_MAX_AGE = 1
    old = signing.TimestampSigner(salt="fiches.api.preview")
    old.timestamp = lambda: signing.b62_encode(int(time.time()) - 3600)
    expired = old.sign_object({"page": fiche.pk, "revision": fiche.latest_revision_id})
    assert api_get("/api/v2/preview/", token=expired).status_code == 401


def test_headless_preview_mode_redirects_to_the_front_end(settings, fiche):
    from fiches.api.http import front_end_preview_url

    settings.HEADLESS_PREVIEW_URL = "https://front.example/preview"

    url = front_end_preview_url(fiche)

    assert url.startswith("https://front.example/preview?type=fiches.FichePage&token=")


def test_openapi_document_and_docs_page(api_get):
    document = api_get("/api/v2/openapi.json").json()

    assert document["openapi"].startswith("3.")
    assert "/pages/" in document["paths"]
    names = {p["name"] for p in document["paths"]["/pages/"]["get"]["parameters"]}
    assert {"region", "cpv", "lever", "search", "order", "limit", "offset"} <= names
    page = api_get("/api/v2/docs/")
    assert page.status_code == 200
    assert b'<redoc spec-url="/api/v2/openapi.json"' in page.content


def test_docs_page_script_is_a_static_file_of_the_project(api_get):
    """The Redoc bundle comes from django-ninja (a Wagtail dependency): its URL is served."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    page = api_get("/api/v2/docs/").content.decode()
    src = re.search(r'<script src="([^"]+)"', page).group(1)
    assert src.startswith(settings.STATIC_URL)
    found = finders.find(src.removeprefix(settings.STATIC_URL))
    assert found and Path(found).stat().st_size > 100_000
    assert "Redoc" in Path(found).read_text(encoding="utf-8")[:2000]


def test_media_of_drafts_stay_out_of_the_api(api_get, index):
    """An image or document only a draft uses is not public yet; a published fiche's are."""
    draft_image = factories.ImageFactory(title="Photo du brouillon")
    draft_document = factories.DocumentFactory(title="Document du brouillon")
    factories.FichePageFactory(
        parent=index,
        publish=False,
        hero_image=draft_image,
        body=factories.fiche_body(document=draft_document),
    )
    live_image = factories.ImageFactory(title="Photo publiée")
    live_document = factories.DocumentFactory(title="Document publié")
    logo = factories.ImageFactory(title="Logo public")
    factories.FichePageFactory(
        parent=index,
        hero_image=live_image,
        body=factories.fiche_body(document=live_document),
        buyers=[factories.BuyerFactory(logo=logo)],
    )
    unused = factories.ImageFactory(title="Photo jamais utilisée")

    images = {item["title"] for item in api_get("/api/v2/images/").json()["items"]}
    documents = {item["title"] for item in api_get("/api/v2/documents/").json()["items"]}

    assert images == {"Photo publiée", "Logo public"}
    assert documents == {"Document publié"}
    assert api_get(f"/api/v2/images/{draft_image.pk}/").status_code == 404
    assert api_get(f"/api/v2/images/{unused.pk}/").status_code == 404
    assert api_get(f"/api/v2/documents/{draft_document.pk}/").status_code == 404
