"""Amounts and figures keep their precision in every output: an estimated amount per year and
a range or bound indicator on the page, the PDF, the API, the CSV, the JSON, OCDS and DECP,
exactly as entered (never a computed total or a midpoint); key figures stored before their
precision existed still render and export."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from fiches import choices, factories
from fiches.models import FichePage
from fiches.opendata import decp
from tests.helpers import page_text

EXPORTS = "/api/v2/exports/"
NBSP = "\u00a0"
SIRETS = {"buyers": "21350238800019", "suppliers": "40483304800022"}


def numbers_in(value):
    """Every number anywhere in a JSON value (a random identifier may contain the digits)."""
    if isinstance(value, dict):
        return [n for item in value.values() for n in numbers_in(item)]
    if isinstance(value, list):
        return [n for item in value for n in numbers_in(item)]
    return [value] if isinstance(value, int | float) and not isinstance(value, bool) else []


def squeeze(text):
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.replace(NBSP, " ").replace("\u202f", " ").split())


@pytest.fixture
def annual(index):
    """« environ 200 000 € par an » over 6 years, « 350 à 500 personnes », « plus de 400
    machines » and a range key figure: what the sources of a real case said."""
    body = factories.fiche_body()
    body.append(
        (
            "key_figures",
            {
                "title": "Chiffres",
                "figures": [
                    {"kind": "fourchette", "value_min": "2", "value_max": "3", "unit": "t",
                     "label": "de textile trié", "period": "par jour", "source": "Bilan"},
                ],
            },
        )
    )  # fmt: skip
    return factories.FichePageFactory(
        parent=index,
        title="Réemploi des ordinateurs",
        amount_kind=choices.AmountKind.ESTIMATED,
        amount_period=choices.AmountPeriod.PER_YEAR,
        amount_years=6,
        amount=Decimal("200000"),
        duration_months=72,
        body=body,
        buyers=[factories.BuyerFactory(siret=SIRETS["buyers"])],
        suppliers=[factories.ESSStructureFactory(siret=SIRETS["suppliers"])],
        indicators=[
            ("Personnes accompagnées", ("fourchette", 350, 500), "personnes", "2023", "PLIE"),
            ("Machines réemployées", ("plus_de", 400), "machines", "par an", "Atelier"),
        ],
    )


@pytest.mark.django_db
class TestAnnualAmountAndRangeIndicator:
    def test_page(self, client, annual):
        text = squeeze(page_text(client.get(annual.url)))
        assert "environ 200 000 € par an, sur 6 ans (estimation)" in text
        assert "350 à 500 personnes" in text
        assert "plus de 400 machines" in text
        assert "2 à 3 t de textile trié par jour" in text
        assert "1 200 000" not in text  # never 6 × 200 000
        assert "425" not in text  # never the midpoint of 350–500

    def test_pdf(self, client, annual):
        response = client.get(f"{annual.url}pdf/")
        reader = PdfReader(io.BytesIO(response.content))
        text = squeeze(" ".join(page.extract_text() for page in reader.pages))
        assert "environ 200 000 € par an, sur 6 ans" in text
        assert "350 à 500 personnes" in text
        assert "plus de 400 machines" in text
        assert "2 à 3 t de textile trié par jour" in text

    def test_api(self, client, annual):
        data = client.get(f"/api/v2/pages/{annual.pk}/", HTTP_HOST="localhost").json()
        assert data["amount"] == {
            "kind": {"code": "estime", "label": "Montant estimé"},
            "period": {"code": "par_an", "label": "Montant par an"},
            "years": 6,
            "amount": 200000,
            "min": None,
            "max": None,
            "currency": "EUR",
        }
        first, second = data["impact_indicators"]
        assert (first["kind"]["code"], first["value"], first["min"], first["max"]) == (
            "fourchette",
            None,
            350,
            500,
        )
        assert (second["kind"]["code"], second["value"], second["min"]) == ("plus_de", 400, None)
        blocks = [b for b in data["body"] if b["type"] == "key_figures"]
        figures = blocks[-1]["value"]["figures"]
        assert figures[0]["kind"] == "fourchette"
        assert (figures[0]["value"], figures[0]["value_min"], figures[0]["value_max"]) == (
            None,
            2,
            3,
        )

    def test_csv_and_json(self, client, annual):
        rows = list(
            csv.DictReader(
                io.StringIO(client.get(EXPORTS + "fiches.csv").content.decode("utf-8-sig"))
            )
        )
        row = next(r for r in rows if r["id"] == str(annual.pk))
        assert (row["type_montant"], row["montant"], row["periode_montant"]) == (
            "estime",
            "200000.00",
            "par_an",
        )
        assert row["annees_montant"] == "6"
        assert "Personnes accompagnées: 350 à 500 personnes (2023, PLIE)" in row["indicateurs"]
        assert "Machines réemployées: plus de 400 machines" in row["indicateurs"]
        assert "2 à 3 t de textile trié par jour (Bilan)" in row["chiffres_cles"]

        fiche = next(
            f for f in client.get(EXPORTS + "fiches.json").json()["fiches"] if f["id"] == annual.pk
        )
        assert fiche["montant"] == {
            "type": "estime",
            "periode": "par_an",
            "annees": 6,
            "montant": 200000,
            "minimum": None,
            "maximum": None,
            "devise": "EUR",
        }
        indicator = fiche["indicateurs"][0]
        assert (indicator["precision"], indicator["valeur"]) == ("fourchette", None)
        assert (indicator["minimum"], indicator["maximum"]) == (350, 500)

    def test_ocds_has_no_value_for_a_yearly_amount(self, client, annual):
        release = client.get(f"{EXPORTS}fiches/{annual.pk}.ocds.json").json()["releases"][0]
        assert "value" not in release["tender"]
        assert all("value" not in award for award in release["awards"])
        assert 200000 not in numbers_in(release)

    def test_decp_omits_a_yearly_amount_with_its_reason(self, client, annual):
        assert decp.decp_missing(annual) == [
            "montant annuel : DECP attend le montant total du marché"
        ]
        response = client.get(EXPORTS + "fiches.decp.json")
        assert response.json()["marches"]["marche"] == []
        assert response["X-Fiches-Omises"] == "1"


@pytest.mark.django_db
class TestTotalsAndUnknown:
    def fiche(self, index, **kwargs):
        return factories.FichePageFactory(
            parent=index,
            buyers=[factories.BuyerFactory(siret=SIRETS["buyers"])],
            suppliers=[factories.ESSStructureFactory(siret=SIRETS["suppliers"])],
            **kwargs,
        )

    def test_an_estimated_total_is_decp_montant_and_ocds_tender_value(self, client, index):
        fiche = self.fiche(index, amount_kind=choices.AmountKind.ESTIMATED, amount=630000)
        record = client.get(f"{EXPORTS}fiches/{fiche.pk}.decp.json").json()["marches"]["marche"]
        assert record[0]["montant"] == 630000
        release = client.get(f"{EXPORTS}fiches/{fiche.pk}.ocds.json").json()["releases"][0]
        assert release["tender"]["value"] == {"amount": 630000, "currency": "EUR"}
        assert "value" not in release["awards"][0]

    def test_an_exact_total_is_the_award_value(self, client, index):
        fiche = self.fiche(index, amount_kind=choices.AmountKind.EXACT, amount=1600000)
        release = client.get(f"{EXPORTS}fiches/{fiche.pk}.ocds.json").json()["releases"][0]
        assert release["awards"][0]["value"] == {"amount": 1600000, "currency": "EUR"}

    def test_an_unknown_amount(self, client, index):
        fiche = self.fiche(index, amount_kind=choices.AmountKind.UNKNOWN, amount=None)
        fiche.full_clean()
        assert "Non renseigné" in page_text(client.get(fiche.url))
        assert decp.decp_missing(fiche) == ["montant non renseigné"]
        release = client.get(f"{EXPORTS}fiches/{fiche.pk}.ocds.json").json()["releases"][0]
        assert "value" not in release["tender"]
        assert "value" not in release["awards"][0]
        data = client.get(f"/api/v2/pages/{fiche.pk}/", HTTP_HOST="localhost").json()
        assert data["amount"]["kind"]["code"] == "non_renseigne"
        assert data["amount"]["amount"] is None


@pytest.mark.django_db
def test_key_figures_stored_before_their_precision_still_render_and_export(client, index):
    fiche = factories.FichePageFactory(parent=index)
    # The JSON a page saved before this change holds: no kind, period nor source.
    stored = [
        {
            "type": "key_figures",
            "id": "old-figures",
            "value": {
                "title": "En bref",
                "figures": [
                    {"type": "item", "id": "f1",
                     "value": {"value": "105000", "unit": "€", "label": "d'achats par an"}},
                ],
            },
        }
    ]  # fmt: skip
    FichePage.objects.filter(pk=fiche.pk).update(body=json.dumps(stored))

    text = squeeze(page_text(client.get(fiche.url)))
    assert "105 000 € d'achats par an" in text
    data = client.get(f"/api/v2/pages/{fiche.pk}/", HTTP_HOST="localhost").json()
    figure = data["body"][0]["value"]["figures"][0]
    assert (figure["kind"], figure["value"], figure["unit"]) == ("exact", 105000, "€")
    fiches = client.get(EXPORTS + "fiches.json").json()["fiches"]
    exported = next(f for f in fiches if f["id"] == fiche.pk)["chiffres_cles"][0]
    assert (exported["precision"], exported["valeur"], exported["minimum"]) == (
        "exact",
        105000,
        None,
    )
