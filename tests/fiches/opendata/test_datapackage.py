"""The description of the open data: the Table Schema of the fiches CSV/XLSX, generated from the
column list, validates real exports (frictionless), and the Data Package describes every export
file, each of its URLs answering."""

import json
from urllib.parse import urlsplit

import pytest
from frictionless import Package, Resource, Schema

from fiches import choices, factories
from fiches.opendata import columns, datapackage
from fiches.opendata.columns import Column

BASE = "/api/v2/exports/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(index):
    """Fiches that fill the columns in different ways: complete, partial dates and unknowns, a
    framework agreement with a range, several actors."""
    return [
        factories.FichePageFactory(parent=index, contact_is_public=True,
                                   contact_email="claire@example.org"),
        factories.FichePageFactory(
            parent=index,
            procedure=choices.NOT_STATED,
            technique=choices.NOT_STATED,
            notification_date="2023-07",
            execution_start="2019",
            insertion_hours=None,
            departments=[],
        ),
        factories.FichePageFactory(
            parent=index,
            technique=choices.Technique.FRAMEWORK,
            amount_kind=choices.AmountKind.RANGE,
            amount=None,
            amount_min=11111,
            amount_max=99999.5,
            groupement=choices.Groupement.JOINT,
            suppliers=[factories.ESSStructureFactory(), factories.ESSStructureFactory()],
            milestones=[(choices.MilestoneKind.FIRST_AWARD, "2011", "")],
        ),
    ]  # fmt: skip


def served_schema(client):
    response = client.get(f"{BASE}schema.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def validate(tmp_path, name, content, schema):
    path = tmp_path / name
    path.write_bytes(content)
    resource = Resource(path=name, basepath=str(tmp_path), schema=Schema.from_descriptor(schema))
    report = resource.validate()
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


# ---------- The Table Schema ----------


def test_every_export_column_is_a_field_in_order_with_its_description(client, home):
    schema = served_schema(client)
    assert [field["name"] for field in schema["fields"]] == columns.EXPORT_COLUMN_NAMES
    fields = {field["name"]: field for field in schema["fields"]}
    for column in columns.EXPORT_COLUMNS:
        assert fields[column.name]["description"], column.name
    assert fields["titre"]["description"] == "Titre de la fiche (255 caractères au plus)."
    assert schema["primaryKey"] == "id" and schema["missingValues"] == [""]
    assert Schema.validate_descriptor(schema).valid


def test_types_and_allowed_values_come_from_the_columns(client, home):
    fields = {field["name"]: field for field in served_schema(client)["fields"]}
    assert fields["id"]["type"] == "integer"
    assert fields["heures_insertion"]["type"] == "integer"
    assert fields["montant"]["type"] == "number"
    assert fields["marche_reserve"] == {
        **fields["marche_reserve"],
        "type": "boolean",
        "trueValues": ["oui"],
        "falseValues": ["non"],
    }
    assert fields["date_publication"]["type"] == "date"
    assert "pattern" in fields["date_notification"]["constraints"]
    # Choices: the codes, « non renseigné » being an empty cell.
    assert fields["nature"]["constraints"]["enum"] == ["travaux", "fournitures", "services"]
    assert choices.NOT_STATED not in fields["procedure"]["constraints"]["enum"]
    assert set(fields["procedure"]["constraints"]["enum"]) == (
        set(choices.Procedure.values) - {choices.NOT_STATED}
    )
    assert fields["langue"]["constraints"]["enum"] == ["fr", "en"]
    assert fields["titre"]["constraints"]["required"] is True
    assert "constraints" not in fields["reference_externe"]  # required by the import only


def test_a_new_column_appears_in_the_schema(monkeypatch, client, home):
    added = Column("nouvelle_colonne", "Une colonne ajoutée.", "title", "text")
    monkeypatch.setattr(columns, "EXPORT_COLUMNS", [*columns.EXPORT_COLUMNS, added])
    fields = served_schema(client)["fields"]
    assert fields[-1] == {
        "name": "nouvelle_colonne",
        "description": "Une colonne ajoutée.",
        "type": "string",
    }


@pytest.mark.parametrize(
    ("column", "missing"),
    [
        (Column("sans_type", "Écrite par l'export seul."), "EXPORT_ONLY_FIELDS"),
        (Column("lue", "Lue autrement.", "title", "nouveau_lecteur"), "no Table Schema type"),
        (Column("choix", "Un choix.", "nature", "choice"), "without its choices"),
        (Column("muette", "", "title", "text"), "no help text"),
    ],
)
def test_a_column_without_what_the_schema_needs_fails(monkeypatch, column, missing):
    monkeypatch.setattr(columns, "EXPORT_COLUMNS", [*columns.EXPORT_COLUMNS, column])
    with pytest.raises(datapackage.SchemaError, match=missing):
        datapackage.table_schema()


def test_the_exported_csv_and_xlsx_validate_against_the_schema(client, varied, tmp_path):
    schema = served_schema(client)
    csv_file = client.get(f"{BASE}fiches.csv")
    xlsx_file = client.get(f"{BASE}fiches.xlsx")
    assert csv_file.status_code == xlsx_file.status_code == 200
    assert csv_file.content.decode("utf-8-sig").count("\r\n") == len(varied) + 1

    assert validate(tmp_path, "fiches.csv", csv_file.content, schema) == []
    assert validate(tmp_path, "fiches.xlsx", xlsx_file.content, schema) == []
    # Filtered exports, built live, have the same layout.
    filtered = client.get(f"{BASE}fiches.csv?nature=services")
    assert validate(tmp_path, "filtre.csv", filtered.content, schema) == []


def test_the_schema_rejects_a_csv_that_breaks_it(client, varied, tmp_path):
    schema = served_schema(client)
    text = client.get(f"{BASE}fiches.csv").content.decode("utf-8-sig")
    header, first, *rest = text.split("\r\n")
    values = dict(zip(header.split(","), first.split(","), strict=False))
    broken = first.replace(f",{values['nature']},", ",plusieurs,", 1)
    errors = validate(tmp_path, "casse.csv", "\r\n".join([header, broken, *rest]).encode(), schema)
    assert [error[1:3] for error in errors] == [["nature", "constraint-error"]]


# ---------- The Data Package ----------


def served_package(client):
    response = client.get(f"{BASE}datapackage.json")
    assert response.status_code == 200
    return response.json()


def test_the_data_package_is_valid_and_describes_every_export(client, home):
    package = served_package(client)
    report = Package.validate_descriptor(package)
    assert report.valid, report.flatten(["type", "note"])
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert set(resources) == {"fiches-csv", "fiches-xlsx", "fiches-json", "fiches-decp",
                              "fiches-ocds"}  # fmt: skip
    assert [license["title"] for license in package["licenses"]] == ["Licence Ouverte 2.0"]
    assert package["licenses"][0]["name"] == "etalab-2.0"
    for resource in resources.values():
        assert resource["title"] and resource["format"] and resource["mediatype"]
    assert resources["fiches-csv"]["schema"] == resources["fiches-xlsx"]["schema"]
    assert urlsplit(resources["fiches-csv"]["schema"]).path == f"{BASE}schema.json"
    assert resources["fiches-decp"]["jsonSchema"] == datapackage.DECP_SCHEMA_URL
    assert resources["fiches-ocds"]["jsonSchema"].endswith("/release-package-schema.json")


def test_every_url_of_the_data_package_answers(client, fiche):
    package = served_package(client)
    urls = [package["id"], package["homepage"]]
    for resource in package["resources"]:
        urls.append(resource["path"])
        if "schema" in resource:
            urls.append(resource["schema"])
    for url in urls:
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
    assert json.loads(client.get(f"{BASE}schema.json").content) == served_schema(client)


def test_the_licence_follows_the_settings(client, home, settings):
    settings.OPEN_DATA_LICENCE = "ODbL 1.0"
    settings.OPEN_DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
    [license] = served_package(client)["licenses"]
    assert license == {"title": "ODbL 1.0", "path": settings.OPEN_DATA_LICENCE_URL}
    assert served_schema(client)["licenses"] == [license]


def test_the_open_data_page_links_the_schema_and_the_data_package(client, home):
    content = client.get("/fr/donnees-ouvertes/").content.decode()
    assert f'href="{BASE}schema.json"' in content
    assert f'href="{BASE}datapackage.json"' in content
