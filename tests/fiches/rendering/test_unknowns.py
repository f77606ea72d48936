"""A case recorded as its sources give it — an unknown procedure, a buyer and an operator of
unknown type, a structure whose family and ESUS approval are not stated, an unnamed speaker and
a date known to the month — through every output: the page, the PDF, the API, CSV, JSON, OCDS
and DECP."""

import csv
import io
import json
import re
from html import unescape

import pytest
from pypdf import PdfReader
from wagtail.rich_text import RichText

from fiches import choices, factories

EXPORTS = "/api/v2/exports/"
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def flat(text):
    return SPACES.sub(" ", unescape(text))


@pytest.fixture
def unknown(index):
    return factories.FichePageFactory(
        parent=index,
        title="Des gobelets lavés pour un festival",
        procedure=choices.Procedure.NOT_STATED,
        technique=choices.Technique.NOT_STATED,
        execution_mode=choices.ExecutionMode.NOT_STATED,
        notification_date="juillet 2023",
        criteria=(),
        award_criteria_status=choices.CriteriaStatus.NOT_STATED,
        buyers=[
            factories.BuyerFactory(
                name="Comité du festival",
                buyer_type=choices.BuyerType.NOT_STATED,
                siret="73282932000074",
            )
        ],
        suppliers=[
            factories.ESSStructureFactory(
                name="Laverie solidaire",
                family=choices.ESSFamily.NOT_STATED,
                inclusion_status=choices.InclusionStatus.NOT_STATED,
                esus=choices.ESUSStatus.NOT_STATED,
                siret="35600000000048",
            )
        ],
        operators=[
            factories.OperatorFactory(
                name="Réseau du festival", operator_type=choices.OperatorType.NOT_STATED
            )
        ],
        body=[
            ("paragraph", RichText("<p>Le récit.</p>")),
            ("testimony", {"quote": "Sans eux, retour au jetable.", "author": "", "role": ""}),
        ],
    )


@pytest.mark.django_db
class TestUnknownsInEveryOutput:
    def test_the_page_says_non_renseigne_and_the_month(self, client, unknown):
        html = client.get(unknown.url).content.decode()
        card = flat(re.search(r'<dl class="tech-card__list">.*?</dl>', html, re.S).group())

        assert re.search(r"<dt>\s*Procédure\s*</dt>\s*<dd>\s*Non renseigné\s*</dd>", card)
        assert '<time datetime="2023-07">juillet 2023</time>' in card
        assert "Non renseignées" in card  # technique and execution mode
        assert "Non renseignés" in card  # the criteria
        for default in (
            "Procédure adaptée",
            "Sans objet",
            "01/07/2023",
            "1 juillet",
            "1er juillet",
        ):
            assert default not in card
        text = flat(re.sub(r"<[^>]+>", " ", html))
        assert "Type d'acheteur non renseigné" in text
        assert "Type d'opérateur non renseigné" in text
        assert "Famille de l'ESS non renseignée" in text
        assert "agréée ESUS" not in text
        assert "Témoin non nommé" in text

    def test_the_pdf_says_it_too(self, client, unknown):
        response = client.get(f"{unknown.url}pdf/")
        reader = PdfReader(io.BytesIO(response.content))
        text = flat(" ".join(page.extract_text() for page in reader.pages))

        assert "Procédure Non renseigné" in text
        assert "juillet 2023" in text
        assert "Témoin non nommé" in text
        assert "Procédure adaptée" not in text

    def test_the_api_gives_the_explicit_code_and_the_precision(self, client, unknown):
        payload = client.get(f"/api/v2/pages/{unknown.pk}/", HTTP_HOST="localhost").json()

        assert payload["procedure"] == {"code": "non_renseigne", "label": "Non renseigné"}
        assert payload["technique"]["code"] == "non_renseigne"
        assert payload["criteria"] == []
        assert payload["criteria_status"] == {"code": "non_renseigne", "label": "Non renseignés"}
        assert payload["notification_date"] == "2023-07"
        assert payload["date_precision"] == "month"
        assert payload["duration"]["months"] == 36
        buyer = payload["stakeholders"]["buyers"][0]["actor"]
        assert buyer["type"] == {"code": "non_renseigne", "label": "Non renseigné"}
        operator = payload["stakeholders"]["operators"][0]["actor"]
        assert operator["type"] == {"code": "non_renseigne", "label": "Non renseigné"}
        testimony = next(block for block in payload["body"] if block["type"] == "testimony")
        assert testimony["value"]["author"] == ""

    def test_the_ess_structure_endpoint_says_esus_is_not_stated(self, client, unknown):
        structure = unknown.supplier_links.get().actor
        payload = client.get(
            f"/api/v2/ess-structures/{structure.pk}/", HTTP_HOST="localhost"
        ).json()

        assert payload["esus"] == {"code": "non_renseigne", "label": "Non renseigné"}
        assert payload["inclusion_status"]["code"] == "non_renseigne"

    def test_csv_leaves_unknowns_empty_and_keeps_the_month(self, client, unknown):
        """Empty where the import reads an empty cell back as « non renseigné »; the code
        ``non_renseigne`` where an empty cell means something else (test_round_trip.py)."""
        response = client.get(EXPORTS + "fiches.csv")
        (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))

        assert row["procedure"] == ""
        assert row["technique"] == ""
        assert row["modalite_execution"] == ""
        assert row["criteres_statut"] == "non_renseigne"  # empty: the criteria are listed
        assert row["date_notification"] == "2023-07"
        assert row["acheteur_type"] == ""
        assert row["titulaire_famille"] == ""
        assert row["titulaire_statut"] == "non_renseigne"  # empty: no status
        assert row["titulaire_esus"] == ""
        assert row["operateur_type"] == ""

    def test_json_gives_null_for_unknowns(self, client, unknown):
        (item,) = client.get(EXPORTS + "fiches.json").json()["fiches"]

        assert item["procedure"] is None
        assert item["technique"] is None
        assert item["criteres_statut"] is None
        assert item["date_notification"] == "2023-07"
        assert item["date_notification_precision"] == "month"
        assert item["acheteurs"][0]["type"] is None
        titulaire = item["titulaires"][0]
        assert (titulaire["famille"], titulaire["statut"], titulaire["esus"]) == (None, None, None)
        assert item["operateurs"][0]["type"] is None
        assert item["temoignages"][0]["auteur"] is None

    def test_ocds_leaves_the_method_and_the_month_out(self, client, unknown):
        release = client.get(f"{EXPORTS}fiches/{unknown.pk}.ocds.json").json()["releases"][0]

        assert "procurementMethod" not in release["tender"]
        assert "procurementMethodDetails" not in release["tender"]
        award = release["awards"][0]
        assert "date" not in award
        assert award["contractPeriod"] == {"durationInDays": 1096}
        # No unknown is written as a value: the buyer's, the structure's and the operator's
        # unknown types are absent too.
        text = json.dumps(release, ensure_ascii=False)
        assert "non_renseigne" not in text, re.findall(r".{120}non_renseigne.{60}", text)
        operator = next(
            party for party in release["parties"] if party["name"] == "Réseau du festival"
        )
        assert operator["roles"] == ["interestedParty"]

    def test_decp_omits_the_fiche_with_its_reasons(self, client, unknown):
        response = client.get(f"{EXPORTS}fiches/{unknown.pk}.decp.json")

        assert response.status_code == 404
        reasons = response.json()["raisons"]
        assert "procédure non renseignée" in reasons
        assert "technique d'achat non renseignée" in reasons
        assert "modalité d'exécution non renseignée" in reasons
        assert "date de notification connue au mois ou à l'année seulement" in reasons
        whole = client.get(EXPORTS + "fiches.decp.json")
        assert whole.json()["marches"]["marche"] == []
        assert whole["X-Fiches-Omises"] == "1"


@pytest.mark.django_db
def test_a_year_precise_date_with_a_known_procedure_is_left_out_of_decp_alone(client, index):
    fiche = factories.FichePageFactory(
        parent=index,
        notification_date="2018",
        buyers=[factories.BuyerFactory(siret="73282932000074")],
        suppliers=[factories.ESSStructureFactory(siret="35600000000048")],
    )

    reasons = client.get(f"{EXPORTS}fiches/{fiche.pk}.decp.json").json()["raisons"]
    assert reasons == ["date de notification connue au mois ou à l'année seulement"]
    release = client.get(f"{EXPORTS}fiches/{fiche.pk}.ocds.json").json()["releases"][0]
    assert release["tender"]["procurementMethod"] == "open"


@pytest.mark.django_db
def test_day_precise_execution_dates_make_the_ocds_contract_period(client, index):
    fiche = factories.FichePageFactory(
        parent=index,
        notification_date="2015",
        execution_start="01/09/2015",
        execution_end="31/08/2021",
        milestones=[(choices.MilestoneKind.FIRST_AWARD, "2011", "")],
    )

    award = client.get(f"{EXPORTS}fiches/{fiche.pk}.ocds.json").json()["releases"][0]["awards"][0]
    assert "date" not in award
    assert award["contractPeriod"] == {
        "startDate": "2015-09-01T00:00:00Z",
        "endDate": "2021-08-31T00:00:00Z",
        "durationInDays": 2192,
    }
    (row,) = csv.DictReader(
        io.StringIO(client.get(EXPORTS + "fiches.csv").content.decode("utf-8-sig"))
    )
    assert (row["date_notification"], row["debut_execution"], row["fin_execution"]) == (
        "2015",
        "2015-09-01",
        "2021-08-31",
    )
    assert row["historique"] == "premiere_attribution: 2011"
    payload = client.get(f"/api/v2/pages/{fiche.pk}/", HTTP_HOST="localhost").json()
    assert payload["execution"]["start"] == {"date": "2015-09-01", "precision": "day"}
    assert payload["milestones"] == [
        {
            "kind": {"code": "premiere_attribution", "label": "Première attribution"},
            "date": {"date": "2011", "precision": "year"},
            "note": "",
        }
    ]
