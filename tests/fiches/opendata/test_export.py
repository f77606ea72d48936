"""The open-data exports: CSV, XLSX and JSON of the published catalogue, filters and privacy."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from wagtail.models import Locale

from fiches import factories
from fiches.models import FichePage, Region
from fiches.opendata import columns, files, services

BASE = "/api/v2/exports/"


@pytest.fixture
def catalogue(index):
    """Two published fiches (one with a public contact, one with a private one) and a draft."""
    public_contact = factories.FichePageFactory(
        parent=index,
        title="Fiche au contact public",
        external_ref="EXT-1",
        contact_name="Claire Publique",
        contact_email="claire@example.org",
        contact_is_public=True,
        nature="services",
        suppliers=[
            factories.ESSStructureFactory(name="Jardins solidaires", siret="73282932000074"),
            factories.ESSStructureFactory(name="Atelier vert"),
        ],
        criteria=[("Valeur technique", 60), ("Prix", 40)],
    )
    private_contact = factories.FichePageFactory(
        parent=index,
        title="Fiche au contact privé",
        contact_name="Paul Secret",
        contact_email="paul.secret@example.org",
        contact_phone="0600000000",
        contact_is_public=False,
        nature="travaux",
        region=Region.objects.get(code="84"),
        departments=[],
        notification_date=date(2021, 6, 1),
    )
    draft = factories.FichePageFactory(parent=index, title="Brouillon caché", publish=False)
    return public_contact, private_contact, draft


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.django_db
class TestCatalogueExports:
    def test_csv_round_trips_the_key_fields(self, client, catalogue):
        public_contact, private_contact, draft = catalogue

        response = client.get(BASE + "fiches.csv")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = csv_rows(response)
        assert [row["titre"] for row in rows] == [public_contact.title, private_contact.title]
        first = rows[0]
        assert list(first) == columns.EXPORT_COLUMN_NAMES
        assert first["reference_externe"] == "EXT-1"
        assert first["montant"] == "120000.00"
        assert first["date_notification"] == "2023-03-15"
        assert first["cpv_principal"] == "77310000-6"
        assert first["titulaire_nom"] == "Jardins solidaires | Atelier vert"
        assert first["titulaire_siret"] == "73282932000074 |"
        assert first["criteres"] == "Valeur technique: 60 | Prix: 40"
        assert first["marche_reserve"] == "oui"
        assert first["url"].endswith(public_contact.url)

    def test_no_drafts_and_no_private_contact(self, client, catalogue):
        for name in ("fiches.csv", "fiches.json"):
            content = client.get(BASE + name).content.decode("utf-8-sig")
            assert "Brouillon caché" not in content
            assert "Paul Secret" not in content
            assert "paul.secret@example.org" not in content
            assert "0600000000" not in content
            assert "claire@example.org" in content
        workbook = load_workbook(io.BytesIO(client.get(BASE + "fiches.xlsx").content))
        values = {cell for row in workbook.active.iter_rows(values_only=True) for cell in row}
        assert "Paul Secret" not in values and "Brouillon caché" not in values

    def test_xlsx_has_the_same_columns_and_values(self, client, catalogue):
        response = client.get(BASE + "fiches.xlsx")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == columns.EXPORT_COLUMN_NAMES
        record = dict(zip(rows[0], rows[1], strict=True))
        assert record["titre"] == "Fiche au contact public"
        assert record["montant"] == 120000
        assert record["nature"] == "services"

    def test_json_layout(self, client, catalogue):
        public_contact, _private, _draft = catalogue

        document = client.get(BASE + "fiches.json").json()

        assert document["format"] == "fiches-rex"
        assert document["licence"]["name"] == "Licence Ouverte 2.0"
        assert document["nombre"] == 2
        fiche = document["fiches"][0]
        assert fiche["id"] == public_contact.pk
        assert fiche["nature"] == {"code": "services", "libelle": "Services"}
        assert fiche["montant"]["montant"] == 120000
        assert fiche["cpv_principal"]["code"] == "77310000-6"
        assert [c["ponderation"] for c in fiche["criteres"]] == [60, 40]
        assert fiche["titulaires"][0]["siret"] == "73282932000074"
        assert fiche["contact"]["email"] == "claire@example.org"
        assert document["fiches"][1]["contact"] is None
        assert {lever["code"] for lever in fiche["leviers"]} == {
            "marche_reserve",
            "clause_sociale",
        }

    @pytest.mark.parametrize(
        ("query", "titles"),
        [
            ("nature=travaux", ["Fiche au contact privé"]),
            ("region=84", ["Fiche au contact privé"]),
            ("year=2023", ["Fiche au contact public"]),
            ("procedure=procedure_adaptee", ["Fiche au contact public", "Fiche au contact privé"]),
            ("locale=en", []),
        ],
    )
    def test_filters(self, client, catalogue, query, titles):
        Locale.objects.get_or_create(language_code="en")

        document = client.get(f"{BASE}fiches.json?{query}").json()

        assert [fiche["titre"] for fiche in document["fiches"]] == titles

    def test_theme_filter(self, client, catalogue, index):
        theme = factories.ThemeFactory(name="Espaces verts")
        factories.FichePageFactory(parent=index, title="Fiche verte", themes=[theme])

        rows = csv_rows(client.get(BASE + "fiches.csv?theme=espaces-verts"))

        assert [row["titre"] for row in rows] == ["Fiche verte"]
        assert rows[0]["thematiques"] == "espaces-verts"

    @pytest.mark.parametrize(
        "query", ["region=99", "nature=logiciels", "year=deux", "locale=de", "theme=a b"]
    )
    def test_bad_filters_get_a_400_in_french(self, client, catalogue, query):
        response = client.get(f"{BASE}fiches.csv?{query}")

        assert response.status_code == 400
        assert response.json()["erreur"]

    @pytest.mark.parametrize("name", ["fiches.json", "fiches.csv", "fiches.xlsx"])
    def test_query_count_does_not_grow_with_the_catalogue(
        self, client, index, name, django_assert_max_num_queries
    ):
        # Bodies with image and document blocks: reading them must not load media per fiche.
        body = factories.fiche_body(
            image=factories.ImageFactory(), document=factories.DocumentFactory()
        )
        factories.FichePageFactory.create_batch(2, parent=index, body=body)
        client.get(BASE + name)  # fills the per-process caches (site root paths, locales)
        files.mark_stale()  # the file is built again by the next request, whose queries count
        with django_assert_max_num_queries(40) as small:
            client.get(BASE + name)
        factories.FichePageFactory.create_batch(8, parent=index, body=body)
        with django_assert_max_num_queries(40) as large:
            client.get(BASE + name)
        assert len(large.captured_queries) == len(small.captured_queries) > 1

    def test_exported_csv_imports_back(self, client, catalogue, index):
        FichePage.objects.filter(pk=catalogue[1].pk).update(external_ref="EXT-2")
        data = client.get(BASE + "fiches.csv").content

        report = services.import_fiches(data=data, filename="export.csv", index=index)

        assert report.ok, [str(e) for e in report.errors]
        assert sorted(report.to_update) == ["EXT-1", "EXT-2"]


@pytest.mark.django_db
class TestOpenDataPage:
    def test_page_explains_formats_and_licence(self, client, catalogue):
        response = client.get("/fr/donnees-ouvertes/")

        assert response.status_code == 200
        content = response.content.decode()
        assert "Licence Ouverte 2.0" in content
        for name in ("fiches.csv", "fiches.xlsx", "fiches.json", "fiches.decp.json"):
            assert BASE + name in content
        assert "reference_externe" in content

    def test_licence_is_configurable(self, client, settings, catalogue):
        settings.OPEN_DATA_LICENCE = "ODbL 1.0"
        settings.OPEN_DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/"

        assert "ODbL 1.0" in client.get("/fr/donnees-ouvertes/").content.decode()
        assert client.get(BASE + "fiches.json").json()["licence"]["name"] == "ODbL 1.0"
