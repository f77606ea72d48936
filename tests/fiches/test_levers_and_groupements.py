"""A contract reserved under two articles (each on its lot), with an insertion clause on another
lot, won by a groupement solidaire of named and unnamed members: what the page, the PDF, the
API, the CSV, the JSON, DECP and OCDS say of it."""

import csv
import io
import re
from html import unescape

import pytest
from pypdf import PdfReader

from fiches import choices, factories
from fiches.opendata import decp, ocds
from tests.helpers import plain_typography

EXPORTS = "/api/v2/exports/"
NBSP = "\u00a0"
SUMMARY = (
    "Groupement solidaire de 9 structures, mandataire Atelier Mandataire : Atelier Mandataire, "
    f"Jardins Cotraitants et 7 autres structures non nommées (3{NBSP}ESAT, 4{NBSP}SIAE)"
)
SPACES = re.compile(r"[\s\u00a0\u202f]+")

pytestmark = pytest.mark.django_db


def squeeze(text):
    return SPACES.sub("", text)


@pytest.fixture
def fiche(index):
    return factories.FichePageFactory(
        parent=index,
        title="Logistique des Jeux réservée aux EA, ESAT et SIAE",
        reserved=True,
        reserved_articles=[
            (choices.ReservedArticle.DISABILITY, "lot 1"),
            (choices.ReservedArticle.INSERTION, "lot 2"),
        ],
        social_clause=True,
        social_clause_lots="lot 3",
        groupement=choices.Groupement.SEVERAL,
        unnamed_members=[("esat", 3, ""), ("siae", 4, "")],
        buyers=[
            factories.BuyerFactory(
                name="Comité d'organisation des Jeux",
                siret="73282932000074",
                buyer_type=choices.BuyerType.ORGANISING_COMMITTEE,
            )
        ],
        suppliers=[
            (
                factories.ESSStructureFactory(name="Atelier Mandataire", siret="35600000000048"),
                "mandataire",
                "",
            ),
            (
                factories.ESSStructureFactory(name="Jardins Cotraitants", siret="40483304800022"),
                "cotraitant_solidaire",
                "",
            ),
            (factories.ESSStructureFactory(name="Sous-traitant"), "sous_traitant", ""),
        ],
    )


def test_the_page_shows_both_articles_their_lots_and_the_groupement(client, fiche):
    text = unescape(re.sub(r"<[^>]+>", " ", client.get(fiche.url).content.decode()))
    text = SPACES.sub(" ", plain_typography(text))

    assert SPACES.sub(" ", SUMMARY) in text
    assert "art. L2113-12 — réservé aux entreprises adaptées et ESAT · concerne : lot 1" in text
    assert "art. L2113-13 — réservé aux SIAE · concerne : lot 2" in text
    assert "du Code de la commande publique · concerne : lot 3" in text


def test_the_pdf_shows_them_too(client, fiche):
    response = client.get(f"{fiche.url}pdf/")
    reader = PdfReader(io.BytesIO(response.content))
    text = squeeze(" ".join(page.extract_text() for page in reader.pages))

    assert squeeze(SUMMARY) in text
    assert squeeze("L2113-12 — réservé aux entreprises adaptées et ESAT · concerne : lot 1") in text
    assert squeeze("L2113-13 — réservé aux SIAE · concerne : lot 2") in text


def test_the_api_lists_each_article_and_describes_the_groupement(client, fiche):
    data = client.get(f"/api/v2/pages/{fiche.pk}/", HTTP_HOST="localhost").json()

    assert [(item["code"], item["lots"]) for item in data["reserved_articles"]] == [
        ("L2113-12", "lot 1"),
        ("L2113-13", "lot 2"),
    ]
    assert [(lever["code"], lever["article"], lever["lots"]) for lever in data["levers"]] == [
        ("marche_reserve", "L2113-12", "lot 1"),
        ("marche_reserve", "L2113-13", "lot 2"),
        ("clause_sociale", "L2112-2", "lot 3"),
    ]
    group = data["groupement"]
    assert group["type"] == {"code": "solidaire", "label": "Groupement solidaire"}
    assert (group["size"], group["lead_unknown"], group["summary"]) == (9, False, SUMMARY)
    assert [(m["kind"]["code"], m["count"]) for m in group["unnamed_members"]] == [
        ("esat", 3),
        ("siae", 4),
    ]
    roles = [s["role"]["code"] for s in data["stakeholders"]["suppliers"]]
    assert roles == ["mandataire", "cotraitant_solidaire", "sous_traitant"]


def test_the_csv_and_json_exports(client, fiche):
    response = client.get(EXPORTS + "fiches.csv")
    (exported,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))

    assert exported["article_reserve"] == "L2113-12 (lot 1) ; L2113-13 (lot 2)"
    assert exported["clause_sociale_lots"] == "lot 3"
    assert exported["groupement"] == "solidaire"
    assert exported["groupement_membres_non_nommes"] == "3 esat ; 4 siae"

    (item,) = client.get(EXPORTS + "fiches.json").json()["fiches"]
    assert [(lever["article"], lever["lots"]) for lever in item["leviers"]] == [
        ("L2113-12", "lot 1"),
        ("L2113-13", "lot 2"),
        ("L2112-2", "lot 3"),
    ]
    assert item["groupement"]["nombre_structures"] == 9
    assert item["groupement"]["membres_non_nommes"][1] == {
        "type": {"code": "siae", "libelle": "SIAE (type non précisé)"},
        "nombre": 4,
        "precision": None,
    }


def test_decp_names_the_groupement_and_its_named_members(fiche):
    record = decp.decp_marche(fiche)

    assert record["typeGroupementOperateurs"] == "Solidaire"
    assert [t["titulaire"]["id"] for t in record["titulaires"]] == [
        "35600000000048",
        "40483304800022",
    ]
    assert record["considerationsSociales"]["considerationSociale"] == [
        "Clause sociale",
        "Marché réservé",
    ]


def test_decp_leaves_out_a_groupement_of_unknown_form(fiche):
    fiche.groupement = choices.Groupement.UNKNOWN_FORM

    assert decp.decp_marche(fiche) is None
    assert "forme du groupement (conjoint ou solidaire) non renseignée" in decp.decp_missing(fiche)


def test_ocds_release(fiche):
    release = ocds.ocds_release(fiche)
    tender, award = release["tender"], release["awards"][0]
    parties = {party["name"]: party for party in release["parties"]}

    assert tender["otherRequirements"]["reservedParticipation"] == ["shelteredWorkshop"]
    assert tender["sustainability"][0]["description"] == (
        "Marché réservé (L2113-12, lot 1 ; L2113-13, lot 2) ; Clause sociale (lot 3)"
    )
    assert parties["Atelier Mandataire"]["roles"] == ["supplier", "tenderer"]
    assert parties["Atelier Mandataire"]["details"]["roleGroupement"]["code"] == "mandataire"
    assert parties["Sous-traitant"]["roles"] == ["interestedParty"]
    assert [t["name"] for t in tender["tenderers"]] == ["Atelier Mandataire", "Jardins Cotraitants"]
    assert [s["name"] for s in award["suppliers"]] == ["Atelier Mandataire", "Jardins Cotraitants"]
    assert award["description"].startswith(f"{SUMMARY}.")
    buyer = parties["Comité d'organisation des Jeux"]["details"]
    assert buyer["classifications"] == [{"scheme": "eu-buyer-legal-type", "id": "body-pl"}]
    assert buyer["typeAcheteur"]["code"] == "comite_organisation"


def test_every_buyer_type_has_a_legal_type_in_ocds():
    assert set(ocds.BUYER_LEGAL_TYPES) == set(choices.BuyerType)
