"""DECP and OCDS exports validated offline against the official schemas in ../shared/data.

The OCDS release schema is compiled like the standard's tooling does: core 1.1.5 JSON-merge-patched
(RFC 7386) with the lots, submissionTerms, awardCriteria, otherRequirements and sustainability
extensions, then registered under its ``id`` so that nothing is fetched from the network.
"""

import json
from copy import deepcopy
from datetime import date

import pytest
from jsonschema import Draft4Validator, Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from fiches import choices, factories
from fiches.models import FicheReservedArticle
from fiches.opendata import decp, ocds
from tests.helpers import SHARED_DATA

OCDS = SHARED_DATA / "ocds"
DECP_SCHEMA = SHARED_DATA / "decp" / "schema_decp_v2.0.3.json"
EXTENSIONS = ["lots", "submissionTerms", "awardCriteria", "otherRequirements", "sustainability"]
BASE = "/api/v2/exports/"
BUYER_SIRET = "73282932000074"
SUPPLIER_SIRET = "35600000000048"

pytestmark = pytest.mark.skipif(
    not (OCDS.exists() and DECP_SCHEMA.exists()), reason="../shared/data schemas are absent"
)


def merge_patch(target, patch):
    """RFC 7386 JSON merge patch: ``null`` deletes, objects merge, everything else replaces."""
    if not isinstance(patch, dict):
        return deepcopy(patch)
    result = deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ocds_validator():
    release = load(OCDS / "1.1" / "release-schema.json")
    for name in EXTENSIONS:
        release = merge_patch(release, load(OCDS / "extensions" / name / "release-schema.json"))
    package = load(OCDS / "1.1" / "release-package-schema.json")
    Draft4Validator.check_schema(release)
    registry = Registry().with_resource(
        release["id"], Resource.from_contents(release, default_specification=DRAFT4)
    )
    return Draft4Validator(package, registry=registry)


@pytest.fixture(scope="module")
def decp_validator():
    schema = load(DECP_SCHEMA)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def errors(validator, document):
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def codes(name):
    lines = (OCDS / "extensions" / name / "codelists" / "reservedParticipation.csv").read_text()
    return {line.split(",")[0] for line in lines.splitlines()[1:]}


@pytest.fixture
def complete(index):
    """A fiche with everything DECP requires, two suppliers in a joint group and a subcontractor,
    an operator and a hero image (an OCDS illustration)."""
    return factories.FichePageFactory(
        parent=index,
        hero_image=factories.ImageFactory(),
        title="Restauration scolaire bio réservée à un ESAT",
        nature=choices.Nature.SUPPLIES,
        procedure=choices.Procedure.OPEN,
        technique=choices.Technique.FRAMEWORK,
        execution_mode=choices.ExecutionMode.PURCHASE_ORDERS,
        reserved=True,
        # Two articles: OCDS gives their one code once.
        reserved_articles=[choices.ReservedArticle.DISABILITY, choices.ReservedArticle.INSERTION],
        groupement=choices.Groupement.JOINT,
        unnamed_members=[("ea", 2, "")],
        social_clause=False,
        environmental_criterion=True,
        amount_kind=choices.AmountKind.RANGE,
        amount=None,
        amount_min=50000,
        amount_max=105000,
        notification_date=date(2015, 9, 1),
        duration_months=72,
        main_cpv=factories.cpv("15331100-8"),
        additional_cpvs=[factories.cpv("55524000-9")],
        buyers=[factories.BuyerFactory(name="Département de la Vendée", siret=BUYER_SIRET)],
        suppliers=[
            (factories.ESSStructureFactory(siret=SUPPLIER_SIRET), "mandataire", ""),
            (factories.ESSStructureFactory(siret="40483304800022"), "cotraitant_conjoint", ""),
            (factories.ESSStructureFactory(), "sous_traitant", ""),
        ],
        criteria=[("Valeur technique", 50), ("Prix", 40), ("Performance insertion", 10)],
    )


@pytest.mark.django_db
class TestDECP:
    def test_catalogue_validates_and_omits_incomplete_fiches(
        self, client, complete, fiche, decp_validator
    ):
        response = client.get(BASE + "fiches.decp.json")

        document = response.json()
        assert errors(decp_validator, document) == []
        records = document["marches"]["marche"]
        assert len(records) == 1
        assert response["X-Fiches-Omises"] == "1"
        record = records[0]
        assert record["acheteur"] == {"id": BUYER_SIRET}
        assert record["codeCPV"] == "15331100"
        assert record["procedure"] == "Appel d'offres ouvert"
        assert record["techniques"] == {"technique": ["Accord-cadre"]}
        assert record["modalitesExecution"] == {"modaliteExecution": ["Bons de commande"]}
        assert record["montant"] == 105000
        assert record["dureeMois"] == 72
        assert record["dateNotification"] == "2015-09-01"
        assert record["typeGroupementOperateurs"] == "Conjoint"
        assert record["sousTraitanceDeclaree"] is True
        assert [t["titulaire"]["id"] for t in record["titulaires"]] == [
            SUPPLIER_SIRET,
            "40483304800022",
        ]
        assert record["considerationsSociales"] == {"considerationSociale": ["Marché réservé"]}
        assert record["considerationsEnvironnementales"] == {
            "considerationEnvironnementale": ["Critère environnemental"]
        }

    def test_one_fiche(self, client, complete, fiche, decp_validator):
        document = client.get(f"{BASE}fiches/{complete.pk}.decp.json").json()

        assert errors(decp_validator, document) == []
        assert document["marches"]["marche"][0]["objet"] == complete.title

    def test_fiche_without_the_required_data_says_why(self, client, fiche):
        response = client.get(f"{BASE}fiches/{fiche.pk}.decp.json")

        assert response.status_code == 404
        assert "aucun acheteur avec un SIRET" in response.json()["raisons"]

    def test_no_social_consideration(self, complete, decp_validator):
        complete.reserved = False
        complete.reserved_articles = []
        complete.environmental_criterion = False
        record = decp.decp_marche(complete)

        assert record["considerationsSociales"]["considerationSociale"] == [
            "Pas de considération sociale"
        ]
        assert errors(decp_validator, {"marches": {"marche": [record]}}) == []


@pytest.mark.django_db
class TestOCDS:
    def test_catalogue_package_validates(self, client, complete, fiche, index, ocds_validator):
        factories.FichePageFactory(
            parent=index, criteria=[], main_cpv=None, amount_kind="", amount=None
        )

        package = client.get(BASE + "fiches.ocds.json").json()

        assert errors(ocds_validator, package) == []
        assert len(package["releases"]) == 3
        assert package["extensions"] == ocds.OCDS_EXTENSIONS

    def test_release_content(self, client, complete, ocds_validator):
        package = client.get(f"{BASE}fiches/{complete.pk}.ocds.json").json()

        assert errors(ocds_validator, package) == []
        release = package["releases"][0]
        tender = release["tender"]
        assert tender["mainProcurementCategory"] == "goods"
        assert tender["procurementMethod"] == "open"
        assert tender["procurementMethodDetails"] == "Appel d'offres ouvert"
        assert tender["items"][0]["classification"] == {
            "scheme": "CPV",
            "id": "15331100",
            "description": "Légumes frais ou congelés",
        }
        assert tender["items"][0]["additionalClassifications"][0]["id"] == "55524000"
        criteria = tender["lots"][0]["awardCriteria"]["criteria"]
        assert [(c["name"], c["type"], c["numbers"][0]["number"]) for c in criteria] == [
            ("Valeur technique", "quality", 50),
            ("Prix", "price", 40),
            ("Performance insertion", "quality", 10),
        ]
        assert tender["otherRequirements"] == {"reservedParticipation": ["shelteredWorkshop"]}
        goals = {entry["goal"]: entry["strategies"] for entry in tender["sustainability"]}
        assert goals == {
            "social.disadvantagedEmploymentOpportunities": ["reservedParticipation"],
            "environmental": ["awardCriteria"],
        }
        assert tender["value"]["amount"] == 105000 and tender["minValue"]["amount"] == 50000
        roles = {party["name"]: party["roles"] for party in release["parties"]}
        assert roles["Département de la Vendée"] == ["buyer"]
        assert release["buyer"]["id"] == f"FR-SIRET-{BUYER_SIRET}"
        award = release["awards"][0]
        assert len(award["suppliers"]) == 2
        assert len(tender["tenderers"]) == 2
        assert award["description"].startswith("Groupement conjoint de 4 structures, mandataire")
        assert award["contractPeriod"]["startDate"].startswith("2015-09-01")
        assert award["contractPeriod"]["endDate"].startswith("2021-08-31")
        operator = complete.operator_links.get().actor
        party = next(party for party in release["parties"] if party["name"] == operator.name)
        assert party["roles"] == ["interestedParty"]
        assert party["details"]["rolesFiche"] == [
            {"code": "facilitation", "libelle": "Facilitation des clauses sociales"}
        ]
        image = tender["documents"][0]
        assert image["documentType"] == "illustration"
        assert image["url"].endswith(".png")
        assert complete.hero_image.credit in image["description"]
        assert "Ce marché a changé notre manière d'acheter." in award["description"]

    @pytest.mark.parametrize(
        ("article", "expected"),
        [
            (choices.ReservedArticle.DISABILITY, "shelteredWorkshop"),
            (choices.ReservedArticle.INSERTION, "shelteredWorkshop"),
            (choices.ReservedArticle.PRISONS, "shelteredWorkshop"),
            (choices.ReservedArticle.ESS, "publicServiceMissionOrganization"),
        ],
    )
    def test_reserved_participation_uses_the_codelist(self, complete, article, expected):
        complete.reserved_articles = [FicheReservedArticle(article=article)]

        tender = ocds.ocds_release(complete)["tender"]

        assert tender["otherRequirements"]["reservedParticipation"] == [expected]
        assert expected in codes("otherRequirements")
