"""The stakeholder columns (``fiches.opendata.columns.actors``): the ESUS approval of the ESS
structures (``titulaire_esus``) through the template, the import and the exports."""

import csv
import io

import pytest

from fiches import choices, factories
from fiches.models import ESSStructure
from fiches.opendata import columns, services

EXPORTS = "/api/v2/exports/"


def spreadsheet(**cells):
    values = {
        "reference_externe": "REF-ESUS",
        "titre": "Blanchisserie solidaire",
        "chapo": "Un hôpital confie son linge à une entreprise d'insertion.",
        "nature": "services",
        "titulaire_nom": "Blanchisserie | Atelier",
        "titulaire_famille": "association | cooperative",
        **cells,
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(columns.COLUMN_NAMES)
    writer.writerow([values.get(name, "") for name in columns.COLUMN_NAMES])
    return buffer.getvalue().encode()


def run(index, data, commit=True):
    return services.import_fiches(data=data, filename="f.csv", index=index, commit=commit)


def test_the_column_is_in_the_layout_the_template_and_the_docs_table():
    assert columns.COLUMN_NAMES[-1] == "titulaire_esus"  # the layout only grows at its end
    assert columns.BY_NAME["titulaire_esus"].field == "supplier_links.actor.esus"
    assert columns.template_rows()[0]["titulaire_esus"] == "non | oui"
    assert "| `titulaire_esus` |" in columns.markdown_table()


@pytest.mark.django_db
class TestImport:
    @pytest.mark.parametrize(
        ("cell", "expected"),
        [
            ("oui | non", ["oui", "non"]),
            ("Agréée ESUS | Non agréée ESUS", ["oui", "non"]),
            ("non renseigné | oui", ["non_renseigne", "oui"]),
            ("", ["non_renseigne", "non_renseigne"]),
            ("oui", ["oui", "non_renseigne"]),
        ],
    )
    def test_each_new_structure_gets_its_approval(self, index, cell, expected):
        report = run(index, spreadsheet(titulaire_esus=cell))

        assert report.ok, [str(error) for error in report.errors]
        assert [
            ESSStructure.objects.get(name=name).esus for name in ("Blanchisserie", "Atelier")
        ] == expected

    def test_a_bad_value_is_refused_in_french_and_nothing_is_written(self, index):
        report = run(index, spreadsheet(titulaire_esus="peut-être | oui"))

        assert [str(error) for error in report.errors] == [
            "Ligne 2, colonne « titulaire_esus » : « peut-être » n'est pas une valeur possible. "
            "Valeurs acceptées : oui, non, non_renseigne."
        ]
        assert not ESSStructure.objects.exists()

    def test_more_values_than_structures(self, index):
        report = run(index, spreadsheet(titulaire_esus="oui | non | oui"))

        assert [error.column for error in report.errors] == ["titulaire_esus"]

    def test_a_structure_already_in_the_directory_keeps_its_own(self, index):
        factories.ESSStructureFactory(
            name="Blanchisserie", commune="", siret="", esus=choices.ESUSStatus.YES
        )

        report = run(index, spreadsheet(titulaire_esus="non | non"))

        assert report.ok, [str(error) for error in report.errors]
        assert ESSStructure.objects.get(name="Blanchisserie").esus == "oui"
        assert ESSStructure.objects.get(name="Atelier").esus == "non"


@pytest.mark.django_db
def test_the_exports_give_each_structures_approval(client, index):
    factories.FichePageFactory(
        parent=index,
        suppliers=[
            factories.ESSStructureFactory(esus=choices.ESUSStatus.YES),
            factories.ESSStructureFactory(esus=choices.ESUSStatus.NOT_STATED),
            factories.ESSStructureFactory(esus=choices.ESUSStatus.NO),
        ],
    )

    (row,) = csv.DictReader(
        io.StringIO(client.get(EXPORTS + "fiches.csv").content.decode("utf-8-sig"))
    )
    assert row["titulaire_esus"] == "oui |  | non"
    (item,) = client.get(EXPORTS + "fiches.json").json()["fiches"]
    assert [titulaire["esus"] for titulaire in item["titulaires"]] == [True, None, False]
