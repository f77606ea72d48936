"""Formula injection: the one rule (fiches.opendata.formulas), applied by the CSV and XLSX
exports and the import template; the import's side is in test_import.py (TestFormulaCells)."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from fiches import factories
from fiches.models import FichePage
from fiches.opendata import formulas, services, spreadsheets

BASE = "/api/v2/exports/"
FORMULAS = ['=HYPERLINK("http://evil.example","clic")', "+33 cmd", "-2+3", "@SUM(A1)"]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+SOMME(A1)", "'+SOMME(A1)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@A1", "'@A1"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'=1+1", "''=1+1"),
        ("-12,5", "-12,5"),
        ("-12 500.50", "-12 500.50"),
        ("+33", "+33"),
        ("L'Haÿ-les-Roses", "L'Haÿ-les-Roses"),
        ("'Tis", "'Tis"),
        ("", ""),
    ],
)
def test_the_prefix_rule_and_its_inverse(text, written):
    assert formulas.neutralise(text) == written
    assert formulas.read_cell(written) == (text, False)


def test_writers_prefix_text_only_numbers_stay_numbers():
    rows = [{"texte": "=1+1", "nombre": Decimal("-5"), "entier": -3, "brut": "-5"}]
    columns = ["texte", "nombre", "entier", "brut"]

    text = spreadsheets.write_csv(columns, rows).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(spreadsheets.write_xlsx(columns, rows))).active

    assert text.splitlines()[1] == "'=1+1,-5,-3,-5"
    assert [cell.value for cell in sheet[2]] == ["'=1+1", -5, -3, "-5"]
    assert [cell.data_type for cell in sheet[2]] == ["s", "n", "n", "s"]


@pytest.fixture
def hostile(index):
    return factories.FichePageFactory(
        parent=index,
        title=FORMULAS[0],
        chapo=FORMULAS[3],
        commune=FORMULAS[1],
        external_ref=FORMULAS[2],
    )


@pytest.mark.django_db
def test_the_csv_export_neutralises_formulas(client, hostile):
    response = client.get(BASE + "fiches.csv")

    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["titre"] == "'" + FORMULAS[0]
    assert row["chapo"] == "'" + FORMULAS[3]
    assert row["commune"] == "'" + FORMULAS[1]
    assert row["reference_externe"] == "'" + FORMULAS[2]
    assert not any(formulas.is_formula(value) for value in row.values())


@pytest.mark.django_db
def test_the_xlsx_export_neutralises_formulas(client, hostile):
    response = client.get(BASE + "fiches.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, (cell.value for cell in sheet[2]), strict=True))
    assert values["titre"] == "'" + FORMULAS[0]
    assert values["commune"] == "'" + FORMULAS[1]
    assert all(cell.data_type != "f" for cell in sheet[2])


@pytest.mark.django_db
def test_an_exported_file_imports_again_unchanged(client, hostile, index):
    data = client.get(BASE + "fiches.csv").content
    FichePage.objects.filter(pk=hostile.pk).update(title="Autre titre")

    report = services.import_fiches(data=data, filename="fiches.csv", index=index, commit=True)

    assert report.ok, [str(error) for error in report.errors]
    assert report.updated or report.to_update
    latest = FichePage.objects.get(pk=hostile.pk).get_latest_revision_as_object()
    assert latest.title == FORMULAS[0]
    assert latest.commune == FORMULAS[1]
