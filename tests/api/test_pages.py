"""The pages endpoint: the fiche payload, the other page types, find by path, privacy."""

import pytest

from fiches import factories
from fiches.choices import BuyerRole, SupplierRole
from home.models import ContentPage

pytestmark = pytest.mark.django_db

FICHES = "/api/v2/pages/?type=fiches.FichePage"


def detail(api_get, page):
    response = api_get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_fiche_detail_is_structured(api_get, index):
    theme = factories.ThemeFactory(name="Espaces verts")
    image = factories.ImageFactory(title="Chantier", description="Une équipe au travail")
    document = factories.DocumentFactory(title="Règlement")
    buyer = factories.BuyerFactory(name="Ville de Rennes")
    supplier = factories.ESSStructureFactory(name="Jardins de Cocagne")
    fiche = factories.FichePageFactory(
        parent=index,
        themes=[theme],
        hero_image=image,
        body=factories.fiche_body(image=image, document=document),
        buyers=[(buyer, BuyerRole.COORDINATOR, "Coordonne le groupement.")],
        suppliers=[(supplier, SupplierRole.HOLDER, "Entretient les parcs.")],
        criteria=[("Valeur technique", 60), ("Prix", 40)],
        additional_cpvs=[factories.cpv("77211300-5")],
        added_value_buyer=f'<p>Voir <a linktype="page" id="{index.pk}">le catalogue</a>.</p>',
        contact_name="Claire Martin",
        contact_email="claire@example.org",
        contact_is_public=False,
    )

    data = detail(api_get, fiche)

    assert data["nature"] == {"code": "services", "label": "Services"}
    assert data["procedure"]["code"] == "procedure_adaptee"
    assert {
        "code": "marche_reserve",
        "label": "Marché réservé",
        "article": "L2113-13",
        "lots": None,
    } in data["levers"]
    assert [item["code"] for item in data["reserved_articles"]] == ["L2113-13"]
    assert data["criteria"] == [
        {"name": "Valeur technique", "weight": 60},
        {"name": "Prix", "weight": 40},
    ]
    assert data["cpv"]["main"]["code"] == "77310000-6"
    assert data["cpv"]["main"]["label"] == "Réalisation et entretien d'espaces verts"
    assert [code["code"] for code in data["cpv"]["additional"]] == ["77211300-5"]
    assert data["region"] == {"code": "53", "name": "Bretagne"}
    assert data["departments"] == [{"code": "35", "name": "Ille-et-Vilaine"}]
    assert data["themes"] == [{"id": theme.pk, "slug": "espaces-verts", "name": "Espaces verts"}]
    assert data["amount"]["amount"] == 120000
    assert data["amount"]["currency"] == "EUR"
    buyer_link = data["stakeholders"]["buyers"][0]
    assert buyer_link["role"] == {
        "code": "coordonnateur",
        "label": "Coordonnateur d'un groupement de commandes",
    }
    assert buyer_link["presentation"] == "Coordonne le groupement."
    assert buyer_link["actor"]["name"] == "Ville de Rennes"
    assert buyer_link["actor"]["url"].endswith("/fr/acteurs/acheteurs/ville-de-rennes/")
    assert data["stakeholders"]["suppliers"][0]["actor"]["name"] == "Jardins de Cocagne"
    assert data["impact_indicators"][0]["value"] == 3500
    # Rich text comes out as display HTML: the internal link is resolved to a URL.
    assert 'href="/fr/fiches/"' in data["added_value"]["buyer"]
    assert "linktype" not in data["added_value"]["buyer"]
    assert data["lessons"]["success_factors"] == "<p>Un sourcing préalable avec la CRESS.</p>"
    # The hero image and body media come with renditions and download URLs.
    assert data["hero_image"]["alt"] == "Une équipe au travail"
    card = data["hero_image"]["renditions"]["card"]
    assert (card["width"], card["height"]) == (640, 360)
    assert card["url"].startswith("http://localhost/media/images/")
    blocks = {block["type"]: block["value"] for block in data["body"]}
    assert set(blocks) >= {"heading", "paragraph", "testimony", "key_figures", "image", "document"}
    assert blocks["image"]["image"]["alt"] == "Une équipe au travail"
    assert blocks["image"]["image"]["renditions"]["large"]["url"].startswith("http://localhost/")
    assert blocks["image"]["caption"] == "L'équipe sur le terrain"
    assert blocks["document"]["document"]["download_url"].startswith("http://localhost/documents/")
    assert blocks["paragraph"].startswith("<p>L'acheteur")
    # The contact is personal data: hidden unless marked public.
    assert data["contact"] is None
    assert "claire@example.org" not in str(data)


def test_public_contact_is_shown(api_get, index):
    fiche = factories.FichePageFactory(
        parent=index, contact_name="Claire Martin", contact_role="Acheteuse", contact_is_public=True
    )

    assert detail(api_get, fiche)["contact"]["name"] == "Claire Martin"


def test_listing_shows_card_fields_but_not_the_body(api_get, fiche):
    item = api_get(FICHES).json()["items"][0]

    assert item["title"] == fiche.title
    assert item["nature"]["code"] == "services"
    assert "body" not in item
    response = api_get(FICHES, fields="body")
    assert response.status_code == 400
    assert "body" in response.json()["message"]


def test_other_page_types(api_get, home, index):
    content = ContentPage(title="À propos", slug="a-propos", intro="Qui sommes-nous")
    content.body = [("heading", {"text": "Notre méthode", "level": "h2"})]
    home.add_child(instance=content)
    content.save_revision().publish()

    assert detail(api_get, home)["meta"]["type"] == "home.HomePage"
    assert detail(api_get, index)["intro"].startswith("<p>Tous les retours")
    content_data = detail(api_get, content)
    assert content_data["intro"] == "Qui sommes-nous"
    assert content_data["body"][0]["value"]["text"] == "Notre méthode"


def test_find_by_french_path(api_get, fiche):
    response = api_get("/api/v2/pages/find/", html_path=f"/fr/fiches/{fiche.slug}/")

    assert response.status_code == 302
    assert f"/api/v2/pages/{fiche.pk}/" in response["Location"]


def test_find_by_english_path(api_get, fiche):
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]
    for page in (fiche.get_parent().get_parent(), fiche.get_parent()):
        page.copy_for_translation(english).save_revision().publish()
    index_en = fiche.get_parent().get_translation(english)
    fiche_en = fiche.copy_for_translation(english)
    fiche_en.save_revision().publish()

    response = api_get("/api/v2/pages/find/", html_path=f"/en/{index_en.slug}/{fiche_en.slug}/")

    assert response.status_code == 302
    assert f"/api/v2/pages/{fiche_en.pk}/" in response["Location"]


def test_find_unknown_path_is_404(api_get, fiche):
    response = api_get("/api/v2/pages/find/", html_path="/fr/nulle-part/")

    assert response.status_code == 404


def test_drafts_and_unpublished_changes_never_show(api_get, fiche, draft_fiche):
    fiche.title = "Titre en cours de rédaction"
    fiche.contact_is_public = True
    fiche.contact_name = "Personne privée"
    fiche.save_revision()

    listing = api_get(FICHES).json()
    assert [item["id"] for item in listing["items"]] == [fiche.pk]
    assert "Brouillon jamais publié" not in str(listing)
    assert "Titre en cours de rédaction" not in str(listing)
    data = detail(api_get, fiche)
    assert data["title"] != "Titre en cours de rédaction"
    assert data["contact"] is None
    assert api_get(f"/api/v2/pages/{draft_fiche.pk}/").status_code == 404
    assert api_get("/api/v2/pages/", search="Brouillon").json()["items"] == []


def test_unpublished_and_private_fiches_never_show(api_get, fiche, restricted_fiche):
    assert api_get(f"/api/v2/pages/{restricted_fiche.pk}/").status_code == 404
    assert [item["id"] for item in api_get(FICHES).json()["items"]] == [fiche.pk]
    found = api_get("/api/v2/pages/find/", html_path=f"/fr/fiches/{restricted_fiche.slug}/")
    assert found.status_code == 404

    fiche.unpublish()

    assert api_get(FICHES).json()["items"] == []
    assert api_get(f"/api/v2/pages/{fiche.pk}/").status_code == 404
