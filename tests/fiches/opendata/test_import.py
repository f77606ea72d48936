"""The spreadsheet import of fiches: reading, validation, dry run, the write and re-import."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from fiches import factories
from fiches.models import Buyer, ESSStructure, FichePage, Operator
from fiches.opendata import columns as import_columns
from fiches.opendata import services, spreadsheets

VALID_SIRET = "73282932000074"
OTHER_SIRET = "35600000000048"


def row(**overrides):
    values = {
        "reference_externe": "REF-1",
        "titre": "Entretien des parcs par un chantier d'insertion",
        "chapo": "Une commune confie ses parcs à un chantier d'insertion.",
        "nature": "services",
        "procedure": "Procédure adaptée (MAPA)",
        "marche_reserve": "oui",
        "article_reserve": "L2113-13",
        "clause_sociale": "oui",
        "cpv_principal": "77310000",
        "duree_mois": "36",
        "type_montant": "exact",
        "montant": "12 500,50 €",
        "date_notification": "15/03/2023",
        "region": "53",
        "departements": "35 | 56",
        "commune": "Rennes",
        "criteres": "Valeur technique: 60 | Prix: 40",
        "description": "Premier paragraphe.\n\nSecond paragraphe.",
        "acheteur_nom": "Ville de Rennes",
        "acheteur_siret": VALID_SIRET,
        "acheteur_type": "commune",
        "acheteur_commune": "Rennes",
        "titulaire_nom": "Jardins solidaires | Atelier vert",
        "titulaire_famille": "association | cooperative",
        "titulaire_statut": "aci | ",
        "titulaire_role": "mandataire | cotraitant_conjoint",
        "titulaire_commune": "Rennes | Vitré",
    }
    values.update(overrides)
    return values


def csv_bytes(rows, *, delimiter=";", encoding="utf-8", columns=None):
    columns = columns or import_columns.COLUMN_NAMES
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(column, "") for column in columns])
    return buffer.getvalue().encode(encoding)


def run(data, *, index, commit=False, filename="fiches.csv"):
    return services.import_fiches(data=data, filename=filename, index=index, commit=commit)


def messages(report):
    return [str(error) for error in report.errors]


@pytest.fixture
def cpvs(db):
    return [factories.cpv("77310000-6"), factories.cpv("90910000-9")]


@pytest.mark.django_db
class TestValidFile:
    def test_dry_run_validates_and_writes_nothing(self, index, cpvs):
        report = run(csv_bytes([row()]), index=index)

        assert report.ok, messages(report)
        assert report.dry_run
        assert report.to_create == ["REF-1"]
        assert "seraient créées" in report.summary()
        assert not FichePage.objects.filter(external_ref="REF-1").exists()
        assert not Buyer.objects.exists()

    def test_commit_creates_a_draft_with_its_actors(self, index, cpvs):
        report = run(csv_bytes([row()]), index=index, commit=True)

        assert report.ok, messages(report)
        page = FichePage.objects.get(external_ref="REF-1")
        assert not page.live
        assert page.get_parent().pk == index.pk
        assert page.locale_id == index.locale_id
        assert page.latest_revision is not None
        assert page.amount == Decimal("12500.50")
        assert page.notification_date == date(2023, 3, 15)
        assert page.procedure == "procedure_adaptee"
        assert page.main_cpv_id == "77310000-6"
        assert page.reserved and page.reserved_article == "L2113-13"
        assert sorted(d.code for d in page.departments.all()) == ["35", "56"]
        assert [(c.name, c.weight) for c in page.award_criteria.all()] == [
            ("Valeur technique", 60),
            ("Prix", 40),
        ]
        assert [block.block_type for block in page.body] == ["paragraph"]
        assert "<p>Second paragraphe.</p>" in page.body[0].value.source
        suppliers = list(page.supplier_links.select_related("actor").order_by("sort_order"))
        assert [(s.actor.name, s.role) for s in suppliers] == [
            ("Jardins solidaires", "mandataire"),
            ("Atelier vert", "cotraitant_conjoint"),
        ]
        assert [s.sort_order for s in suppliers] == [0, 1]
        assert [c.sort_order for c in page.award_criteria.all()] == [0, 1]
        assert suppliers[0].actor.inclusion_status == "aci"
        assert suppliers[1].actor.family == "cooperative"
        buyer = page.buyer_links.get().actor
        assert (buyer.siret, buyer.buyer_type, buyer.locale_id) == (
            VALID_SIRET,
            "commune",
            index.locale_id,
        )
        assert report.actors_created == 3

    def test_xlsx_file_with_native_numbers_and_dates(self, index, cpvs):
        workbook = Workbook()
        sheet = workbook.active
        values = row(montant=12500.5, date_notification=date(2023, 3, 15), duree_mois=36)
        sheet.append(import_columns.COLUMN_NAMES)
        sheet.append([values.get(column) for column in import_columns.COLUMN_NAMES])
        buffer = io.BytesIO()
        workbook.save(buffer)

        report = run(buffer.getvalue(), index=index, commit=True, filename="fiches.xlsx")

        assert report.ok, messages(report)
        page = FichePage.objects.get(external_ref="REF-1")
        assert (page.amount, page.notification_date, page.duration_months) == (
            Decimal("12500.50"),
            date(2023, 3, 15),
            36,
        )

    @pytest.mark.parametrize(
        ("delimiter", "encoding"), [(";", "cp1252"), (",", "utf-8-sig"), ("\t", "utf-8")]
    )
    def test_encodings_and_separators(self, index, cpvs, delimiter, encoding):
        data = csv_bytes([row(titre="Réemploi à Noël — été")], delimiter=delimiter)
        data = data.decode("utf-8").encode(encoding, errors="replace")

        report = run(data, index=index, commit=True)

        assert report.ok, messages(report)
        assert FichePage.objects.get(external_ref="REF-1").title.startswith("Réemploi à Noël")

    def test_empty_lines_are_skipped_and_lines_keep_their_numbers(self, index, cpvs):
        data = csv_bytes([row(), {}, row(reference_externe="REF-2", cpv_principal="99999999")])

        report = run(data, index=index)

        assert report.rows == 2
        assert [(e.line, e.column) for e in report.errors] == [(4, "cpv_principal")]

    def test_headers_are_matched_without_case_or_accents(self, index, cpvs):
        columns = ["Référence externe", "Titre", "Chapô", "Nature", "Procédure"]
        data = csv_bytes(
            [
                {
                    "Référence externe": "R",
                    "Titre": "T",
                    "Chapô": "C",
                    "Nature": "Services",
                    "Procédure": "MAPA",
                }
            ],
            columns=columns,
        )

        report = run(data, index=index)

        assert report.ok, messages(report)


@pytest.mark.django_db
class TestBadFiles:
    def test_missing_required_columns_listed_in_one_message(self, index):
        data = csv_bytes([{"titre": "T"}], columns=["titre", "commune"])

        report = run(data, index=index)

        assert len(report.errors) == 1
        message = str(report.errors[0])
        for column in ("reference_externe", "chapo", "nature", "procedure"):
            assert column in message
        assert "titre," not in message

    def test_unknown_cpv_reported_per_row(self, index, cpvs):
        data = csv_bytes(
            [
                row(reference_externe="A", cpv_principal="12345678"),
                row(reference_externe="B", cpv_complementaires="90910000 | 11111111"),
            ]
        )

        report = run(data, index=index, commit=True)

        assert [(e.line, e.column) for e in report.errors] == [
            (2, "cpv_principal"),
            (3, "cpv_complementaires"),
        ]
        assert "nomenclature CPV 2008 officielle" in report.errors[0].message
        assert not FichePage.objects.filter(external_ref__in=["A", "B"]).exists()

    def test_each_bad_value_reported_with_its_column_in_french(self, index, cpvs):
        data = csv_bytes(
            [
                row(
                    nature="logiciels",
                    montant="douze mille",
                    date_notification="31/02/2023",
                    duree_mois="0",
                    acheteur_siret="12345678901234",
                    criteres="Valeur technique: 60 | Prix: 30",
                    marche_reserve="peut-être",
                    departements="75",
                )
            ]
        )

        report = run(data, index=index)

        columns = {error.column: error.message for error in report.errors}
        assert "travaux, fournitures, services" in columns["nature"]
        assert "n'est pas un nombre" in columns["montant"]
        assert "n'existe pas" in columns["date_notification"]
        assert "au moins un mois" in columns["duree_mois"]
        assert "SIRET" in columns["acheteur_siret"]
        assert "90 %" in columns["criteres"]
        assert "oui" in columns["marche_reserve"]
        assert "Paris (75)" in columns["departements"]
        assert all(error.line == 2 for error in report.errors)

    def test_rules_of_the_edit_form_apply(self, index, cpvs):
        data = csv_bytes(
            [
                row(
                    marche_reserve="non",
                    type_montant="min_max",
                    montant="",
                    montant_min="50 000",
                    montant_max="10 000",
                    lot_concerne="Lot 2",
                )
            ]
        )

        report = run(data, index=index)

        columns = {error.column for error in report.errors}
        assert columns == {"article_reserve", "montant_max", "nombre_lots"}

    def test_one_bad_row_means_nothing_is_written(self, index, cpvs):
        data = csv_bytes([row(reference_externe="OK"), row(reference_externe="KO", titre="")])

        report = run(data, index=index, commit=True)

        assert [(e.line, e.column) for e in report.errors] == [(3, "titre")]
        assert not FichePage.objects.filter(external_ref="OK").exists()
        assert not Buyer.objects.exists()
        assert "rien n'a été importé" in report.summary()

    def test_duplicate_reference_in_the_file(self, index, cpvs):
        report = run(csv_bytes([row(), row()]), index=index)

        assert [(e.line, e.column) for e in report.errors] == [(3, "reference_externe")]

    def test_new_actor_without_type_is_an_error(self, index, cpvs):
        report = run(csv_bytes([row(acheteur_type="", acheteur_siret="")]), index=index)

        assert [e.column for e in report.errors] == ["acheteur_type"]
        assert "n'est pas dans l'annuaire" in report.errors[0].message

    def test_more_values_than_names(self, index, cpvs):
        report = run(
            csv_bytes([row(titulaire_role="titulaire | titulaire | titulaire")]), index=index
        )

        assert [e.column for e in report.errors] == ["titulaire_role"]

    @pytest.mark.parametrize(
        ("data", "filename", "expected"),
        [
            (b"", "f.csv", "vide"),
            (b"reference_externe\n", "f.csv", "une colonne"),
            (b"\xd0\xcf\x11\xe0rest", "f.xls", ".xlsx"),
            (b"PK\x03\x04broken", "f.xlsx", "illisible"),
            (b"a;b\n\x81\x8d\x8f;x\n", "f.csv", "encodage"),
        ],
    )
    def test_unreadable_files_get_a_clear_message(self, index, data, filename, expected):
        report = run(data, index=index, filename=filename)

        assert len(report.errors) == 1
        assert expected in report.errors[0].message

    def test_file_over_the_size_limit(self, index, settings):
        settings.FICHES_IMPORT_MAX_BYTES = 1024

        report = run(csv_bytes([row()] * 20), index=index)

        assert "au-delà de la limite" in report.errors[0].message

    def test_ten_megabyte_file_is_read_and_validated(self, index, cpvs):
        long_text = "Un récit détaillé du marché. " * 170
        rows = [
            row(reference_externe=f"R{n}", description=long_text, acheteur_siret="")
            for n in range(2100)
        ]
        data = csv_bytes(rows)
        assert len(data) > 10 * 1024 * 1024

        report = run(data, index=index)

        assert report.ok, messages(report)[:3]
        assert report.rows == 2100
        assert len(report.to_create) == 2100


@pytest.mark.django_db
class TestMatchingAndReimport:
    def test_actors_matched_by_siret_then_by_name_and_commune(self, index, cpvs):
        by_siret = factories.BuyerFactory(name="Mairie de Rennes", siret=VALID_SIRET)
        by_name = factories.ESSStructureFactory(name="Jardins solidaires", commune="Rennes")
        homonym = factories.ESSStructureFactory(name="Atelier vert", commune="Brest")

        report = run(csv_bytes([row()]), index=index, commit=True)

        assert report.ok, messages(report)
        page = FichePage.objects.get(external_ref="REF-1")
        assert page.buyer_links.get().actor == by_siret
        suppliers = [link.actor for link in page.supplier_links.order_by("sort_order")]
        assert suppliers[0] == by_name
        assert suppliers[1] != homonym and suppliers[1].commune == "Vitré"
        assert Buyer.objects.count() == 1
        assert report.actors_created == 1

    def test_same_new_actor_on_two_rows_is_created_once(self, index, cpvs):
        data = csv_bytes([row(reference_externe="A"), row(reference_externe="B")])

        report = run(data, index=index, commit=True)

        assert report.ok, messages(report)
        assert Buyer.objects.count() == 1
        assert ESSStructure.objects.count() == 2

    def test_reimport_updates_instead_of_duplicating(self, index, cpvs):
        run(csv_bytes([row()]), index=index, commit=True)

        report = run(
            csv_bytes([row(titre="Titre corrigé", montant="15 000")]), index=index, commit=True
        )

        assert report.ok, messages(report)
        assert report.to_update == ["REF-1"] and report.to_create == []
        page = FichePage.objects.get(external_ref="REF-1")
        assert (page.title, page.amount) == ("Titre corrigé", Decimal("15000"))
        assert FichePage.objects.count() == 1
        assert Buyer.objects.count() == 1
        assert ESSStructure.objects.count() == 2

    def test_reimport_of_a_published_fiche_leaves_it_live_with_a_draft(self, fiche, cpvs):
        fiche.external_ref = "LIVE-1"
        fiche.save()
        index = fiche.get_parent().specific
        live_title = fiche.title

        report = run(
            csv_bytes([row(reference_externe="LIVE-1", titre="Nouveau titre")]),
            index=index,
            commit=True,
        )

        assert report.ok, messages(report)
        fiche.refresh_from_db()
        assert fiche.live and fiche.title == live_title
        assert fiche.has_unpublished_changes
        assert fiche.get_latest_revision_as_object().title == "Nouveau titre"


@pytest.mark.django_db
class TestCommand:
    def test_dry_run_by_default_then_commit(self, index, cpvs, tmp_path):
        path = tmp_path / "fiches.csv"
        path.write_bytes(csv_bytes([row()]))
        out = io.StringIO()

        call_command("import_fiches", str(path), stdout=out)

        assert "seraient créées" in out.getvalue()
        assert not FichePage.objects.filter(external_ref="REF-1").exists()

        call_command("import_fiches", str(path), "--commit", stdout=out)

        assert FichePage.objects.filter(external_ref="REF-1", live=False).exists()
        assert not Operator.objects.exists()

    def test_errors_are_listed_and_the_command_fails(self, index, cpvs, tmp_path):
        path = tmp_path / "fiches.csv"
        path.write_bytes(csv_bytes([row(cpv_principal="12345678")]))
        out = io.StringIO()

        with pytest.raises(CommandError, match="erreur"):
            call_command("import_fiches", str(path), "--commit", stdout=out)

        assert "Ligne 2, colonne « cpv_principal »" in out.getvalue()

    def test_missing_file(self, index):
        with pytest.raises(CommandError, match="Impossible de lire"):
            call_command("import_fiches", "/nonexistent/fiches.csv")


class TestParsers:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("12 500,50 €", Decimal("12500.50")),
            ("12\u202f500,50\u00a0€", Decimal("12500.50")),
            ("12.500,50", Decimal("12500.50")),
            ("12,500.50", Decimal("12500.50")),
            ("1500", Decimal("1500")),
            ("", None),
        ],
    )
    def test_french_amounts(self, text, expected):
        assert spreadsheets.parse_decimal(text) == expected

    def test_dates(self):
        assert spreadsheets.parse_date("05/01/2024") == date(2024, 1, 5)
        assert spreadsheets.parse_date("2024-01-05") == date(2024, 1, 5)
        with pytest.raises(ValueError, match="jj/mm/aaaa"):
            spreadsheets.parse_date("janvier 2024")

    def test_template_files_read_back(self):
        for data in (
            spreadsheets.write_csv(import_columns.COLUMN_NAMES, import_columns.template_rows()),
            spreadsheets.write_xlsx(import_columns.COLUMN_NAMES, import_columns.template_rows()),
        ):
            table = spreadsheets.read_table(data)
            assert table.columns == import_columns.COLUMN_NAMES
            assert table.rows[0][1]["reference_externe"] == "CRESS-BRE-2023-001"

    def test_xlsx_template_has_column_help(self):
        data = spreadsheets.write_xlsx(
            import_columns.COLUMN_NAMES,
            [],
            comments={c.name: c.help for c in import_columns.COLUMNS},
        )
        sheet = load_workbook(io.BytesIO(data)).active
        assert sheet["A1"].value == "reference_externe"
        assert "Réimporter" in sheet["A1"].comment.text


@pytest.mark.django_db
class TestAdminView:
    @pytest.fixture
    def moderator(self, client, index):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_superuser("moderatrice", "m@example.org", "x")
        client.force_login(user)
        return user

    def test_menu_and_form(self, client, moderator):
        from django.urls import reverse

        response = client.get(reverse("fiches_import"))

        assert response.status_code == 200
        content = response.content.decode()
        assert "reference_externe" in content
        assert reverse("fiches_import_template", args=["xlsx"]) in content
        assert reverse("fiches_import") in client.get(reverse("wagtailadmin_home")).content.decode()

    def test_dry_run_then_commit(self, client, moderator, cpvs):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        upload = SimpleUploadedFile("fiches.csv", csv_bytes([row()]))
        response = client.post(reverse("fiches_import"), {"file": upload}, follow=True)

        assert "seraient créées" in response.content.decode()
        assert not FichePage.objects.filter(external_ref="REF-1").exists()

        upload = SimpleUploadedFile("fiches.csv", csv_bytes([row()]))
        response = client.post(
            reverse("fiches_import"), {"file": upload, "commit": "on"}, follow=True
        )

        page = FichePage.objects.get(external_ref="REF-1")
        assert not page.live and page.owner == moderator
        assert "Import terminé" in response.content.decode()

    def test_errors_listed_per_line_and_column(self, client, moderator, cpvs):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        upload = SimpleUploadedFile("fiches.csv", csv_bytes([row(cpv_principal="12345678")]))
        content = client.post(
            reverse("fiches_import"), {"file": upload, "commit": "on"}, follow=True
        ).content

        assert "cpv_principal" in content.decode()
        assert "12345678" in content.decode()
        assert not FichePage.objects.filter(external_ref="REF-1").exists()

    @pytest.mark.parametrize("extension", ["csv", "xlsx"])
    def test_template_download(self, client, moderator, extension):
        from django.urls import reverse

        response = client.get(reverse("fiches_import_template", args=[extension]))

        assert response.status_code == 200
        table = spreadsheets.read_table(response.content, filename=f"m.{extension}")
        assert table.columns == import_columns.COLUMN_NAMES

    def test_editors_without_publish_permission_are_refused(self, client, index):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Permission
        from django.urls import reverse

        user = get_user_model().objects.create_user("redacteur", "r@example.org", "x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)

        # Wagtail's admin turns a refusal into a redirection to the dashboard with a message.
        response = client.get(reverse("fiches_import"))
        assert response.status_code == 302
        assert response.url != reverse("fiches_import")
