"""The spreadsheet import of fiches: reading, validation, dry run, the write and re-import."""

import csv
import io
import tracemalloc
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from fiches import factories
from fiches.models import Buyer, ESSStructure, FichePage, Operator
from fiches.opendata import cells, services, spreadsheets
from fiches.opendata import columns as import_columns

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
        "periode_montant": "total",
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
        assert page.notification_date == "2023-03-15"
        assert page.procedure == "procedure_adaptee"
        assert page.main_cpv_id == "77310000-6"
        assert page.reserved
        assert [row.article for row in page.reserved_articles.all()] == ["L2113-13"]
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
        # Imports are made by users who may publish: their new actors are published at once.
        assert buyer.live and all(supplier.actor.live for supplier in suppliers)
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
            "2023-03-15",
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
        for column in ("reference_externe", "chapo", "nature"):
            assert column in message
        # The procedure may be « non renseigné »: its column is no longer required.
        assert "procedure" not in message
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

    def test_french_amounts_and_a_yearly_estimate_are_imported_exactly(self, index, cpvs):
        data = csv_bytes(
            [
                row(reference_externe="A", montant="1 600 000,00 € HT"),
                row(reference_externe="B", montant="1.600.000,00"),
                row(
                    reference_externe="C",
                    type_montant="estime",
                    montant="environ 200 000",
                ),
                row(
                    reference_externe="D",
                    type_montant="Montant estimé",
                    montant="200\u202f000 €",
                    periode_montant="par an",
                    annees_montant="6",
                ),
                row(reference_externe="E", type_montant="non_renseigne", montant="",
                    periode_montant=""),
            ]
        )  # fmt: skip

        report = run(data, index=index, commit=True)

        # « environ » belongs in the type of amount, not in the number: refused, not guessed.
        assert [(e.line, e.column) for e in report.errors] == [(4, "montant")]
        data = csv_bytes(
            [
                row(reference_externe="A", montant="1 600 000,00 € HT"),
                row(reference_externe="B", montant="1.600.000,00"),
                row(
                    reference_externe="D",
                    type_montant="Montant estimé",
                    montant="200\u202f000 €",
                    periode_montant="par an",
                    annees_montant="6",
                ),
                row(reference_externe="E", type_montant="non_renseigne", montant="",
                    periode_montant=""),
            ]
        )  # fmt: skip
        report = run(data, index=index, commit=True)
        assert report.ok, [str(e) for e in report.errors]
        fiches = {f.external_ref: f for f in FichePage.objects.all()}
        assert fiches["A"].amount == fiches["B"].amount == Decimal("1600000.00")
        annual = fiches["D"]
        assert (annual.amount_kind, annual.amount, annual.amount_period, annual.amount_years) == (
            "estime",
            Decimal("200000"),
            "par_an",
            6,
        )
        assert (fiches["E"].amount_kind, fiches["E"].amount) == ("non_renseigne", None)

    @pytest.mark.parametrize("typed", ["1,600,000", "1.5.2", "1,600"])
    def test_a_malformed_amount_is_refused_never_rescaled(self, index, cpvs, typed):
        report = run(csv_bytes([row(montant=typed)]), index=index, commit=True)

        assert [(e.line, e.column) for e in report.errors] == [(2, "montant")]
        assert typed in report.errors[0].message
        assert not FichePage.objects.filter(external_ref="REF-1").exists()

    def test_an_amount_without_its_period_is_refused(self, index, cpvs):
        report = run(csv_bytes([row(periode_montant="")]), index=index)

        assert [(e.line, e.column) for e in report.errors] == [(2, "periode_montant")]
        assert "total du marché ou un montant par an" in report.errors[0].message

    def test_several_articles_in_one_cell_with_their_lots(self, index, cpvs):
        data = csv_bytes(
            [
                row(
                    article_reserve="L2113-12 (lot 1) ; l2113-13",
                    clause_sociale_lots="lot 3",
                    groupement="solidaire",
                    titulaire_role="mandataire | cotraitant_solidaire",
                    groupement_membres_non_nommes="3 esat du Rhône ; 4 SIAE",
                )
            ]
        )

        report = run(data, index=index, commit=True)

        assert report.ok, messages(report)
        page = FichePage.objects.get(external_ref="REF-1")
        assert [(r.article, r.lots) for r in page.reserved_articles.all()] == [
            ("L2113-12", "lot 1"),
            ("L2113-13", ""),
        ]
        assert page.social_clause_lots == "lot 3"
        assert page.groupement == "solidaire"
        assert [(m.kind, m.count, m.note) for m in page.unnamed_members.all()] == [
            ("esat", 3, "du Rhône"),
            ("siae", 4, ""),
        ]

    @pytest.mark.parametrize(
        ("changes", "column", "message"),
        [
            (
                {"article_reserve": "L2113-12 ; L2113-99"},
                "article_reserve",
                "« L2113-99 » n'est pas un article de marché réservé. Articles acceptés : "
                "L2113-12, L2113-13, L2113-13-1, L2113-15, séparés par « ; »",
            ),
            (
                {"article_reserve": "L2113-12 (lot 1) ; L2113-12 (lot 2)"},
                "article_reserve",
                "L'article L2113-12 est donné deux fois",
            ),
            (
                {"groupement": "solidaire", "titulaire_role": "cotraitant_solidaire | "},
                "groupement_mandataire_inconnu",
                "Un groupement est mené par un mandataire",
            ),
            (
                {
                    "groupement": "solidaire",
                    "titulaire_role": "mandataire | ",
                    "groupement_membres_non_nommes": "0 esat",
                },
                "groupement_membres_non_nommes",
                "Indiquez au moins une structure de ce type.",
            ),
            (
                {"groupement": "conjoint", "groupement_membres_non_nommes": "trois esat"},
                "groupement_membres_non_nommes",
                "« trois esat » ne se lit pas : écrivez le nombre puis le type de structure",
            ),
            (
                {"groupement": "en bande"},
                "groupement",
                "« en bande » n'est pas une valeur possible.",
            ),
        ],
    )
    def test_bad_articles_and_groupements_in_french(self, index, cpvs, changes, column, message):
        report = run(csv_bytes([row(**changes)]), index=index)

        errors = {error.column: error.message for error in report.errors}
        assert message in errors.get(column, ""), errors

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

    def test_new_operator_without_type_is_created_with_its_type_not_stated(self, index, cpvs):
        report = run(
            csv_bytes([row(operateur_nom="Maison de l'emploi", operateur_type="")]),
            index=index,
            commit=True,
        )

        assert report.ok, messages(report)
        assert Operator.objects.get(name="Maison de l'emploi").operator_type == "non_renseigne"

    def test_new_buyer_without_type_is_created_with_its_type_not_stated(self, index, cpvs):
        report = run(
            csv_bytes([row(acheteur_type="", acheteur_siret="")]), index=index, commit=True
        )

        assert report.ok, messages(report)
        assert Buyer.objects.get(name="Ville de Rennes").buyer_type == "non_renseigne"

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


def template_xlsx_parts():
    data = spreadsheets.write_xlsx(import_columns.COLUMN_NAMES, import_columns.template_rows())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_with(**changes):
    """The template workbook with some of its parts replaced (``None`` removes a part)."""
    parts = template_xlsx_parts()
    for name, content in changes.items():
        name = name.replace("__", "/").replace("_xml", ".xml")
        if content is None:
            del parts[name]
        else:
            parts[name] = content(parts[name]) if callable(content) else content
    return zipped(parts)


SHEET = "xl__worksheets__sheet1_xml"
WORKBOOK = "xl__workbook_xml"


def without_sheets(workbook):
    start, end = workbook.index(b"<sheets>"), workbook.index(b"</sheets>") + len(b"</sheets>")
    return workbook[:start] + b"<sheets/>" + workbook[end:]


@pytest.mark.django_db
class TestMalformedAndOversizedXlsx:
    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({WORKBOOK: b"<workbook xmlns="}, "illisible"),
            ({WORKBOOK: without_sheets}, "aucune feuille"),
            ({SHEET: None}, "aucune feuille lisible"),
            ({SHEET: lambda sheet: sheet[: len(sheet) // 2]}, "illisible"),
        ],
        ids=["broken-workbook-xml", "no-sheet", "missing-sheet-file", "truncated-sheet"],
    )
    def test_each_malformed_workbook_gets_a_french_message(self, index, changes, expected):
        report = run(xlsx_with(**changes), index=index, filename="fiches.xlsx")

        assert [error.line for error in report.errors] == [0]
        assert expected in report.errors[0].message
        assert not FichePage.objects.exists()

    def test_declared_dimensions_are_ignored(self, index, cpvs):
        """A few kB declaring A1:XFD3000 was padded to 49 million cells."""
        data = xlsx_with(
            **{
                SHEET: lambda sheet: sheet.replace(
                    b'<dimension ref="', b'<dimension ref="A1:XFD3000" x="'
                )
            }
        )
        assert len(data) < 10_000
        tracemalloc.start()
        try:
            table = spreadsheets.read_table(data, filename="fiches.xlsx")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

        assert len(table.rows) == 1
        assert peak < 20 * 1024 * 1024

    def test_rows_past_the_limit_are_refused(self, index, cpvs, settings):
        settings.FICHES_IMPORT_MAX_ROWS = 3
        rows = [row(reference_externe=f"R{n}") for n in range(4)]

        report = run(csv_bytes(rows), index=index)

        assert len(report.errors) == 1
        assert "plus de 3 fiches" in report.errors[0].message
        assert run(csv_bytes(rows[:3]), index=index).ok

    def test_a_cell_past_the_column_limit_is_refused_blank_ones_are_dropped(self, index, cpvs):
        columns = [*import_columns.COLUMN_NAMES, *[""] * (spreadsheets.MAX_COLUMNS + 5)]
        far = row(**{"": ""})
        data = csv_bytes([far], columns=columns)
        assert run(data, index=index).ok

        workbook = Workbook()
        workbook.active.append(import_columns.COLUMN_NAMES)
        workbook.active.append([row().get(name, "") for name in import_columns.COLUMN_NAMES])
        workbook.active.cell(row=2, column=spreadsheets.MAX_COLUMNS + 1, value="loin")
        buffer = io.BytesIO()
        workbook.save(buffer)

        report = run(buffer.getvalue(), index=index, filename="fiches.xlsx")

        assert "plus de 200 colonnes" in report.errors[0].message

    def test_a_sheet_of_blank_lines_is_bounded(self, index, monkeypatch):
        monkeypatch.setattr(spreadsheets, "MAX_LINES", 50)
        data = csv_bytes([row()]) + b";;\n" * 60

        report = run(data, index=index)

        assert "dépasse 50 lignes" in report.errors[0].message

    def test_a_zip_bomb_is_refused_before_it_is_read(self, index, monkeypatch):
        monkeypatch.setattr(spreadsheets, "MAX_UNCOMPRESSED_BYTES", 1000)

        report = run(xlsx_with(), index=index, filename="fiches.xlsx")

        assert "une fois décompressé" in report.errors[0].message


@pytest.mark.django_db
class TestFormulaCells:
    @pytest.mark.parametrize("text", ["=1+1", "+SOMME(A1)", "-2+3+cmd|' /C calc'!A0", "@A1"])
    def test_a_cell_that_would_run_as_a_formula_blocks_the_import(self, index, cpvs, text):
        report = run(csv_bytes([row(reference_externe="R1"), row(commune=text)]), index=index)

        assert [(error.line, error.column) for error in report.errors] == [(3, "commune")]
        assert f"« {text} » commence par « {text[0]} »" in messages(report)[0]
        assert "Ligne 3, colonne « commune »" in messages(report)[0]
        assert "apostrophe" in messages(report)[0]
        assert not run(csv_bytes([row(commune=text)]), index=index, commit=True).ok
        assert not FichePage.objects.exists()

    def test_a_tab_before_the_formula_changes_nothing(self, index, cpvs):
        report = run(csv_bytes([row(titre='\t=HYPERLINK("x")')]), index=index)

        assert [error.column for error in report.errors] == ["titre"]

    def test_the_escaped_form_is_imported_without_its_quote(self, index, cpvs):
        report = run(
            csv_bytes([row(commune="'=Rennes", chapo="''-Un chapô")]), index=index, commit=True
        )

        assert report.ok, messages(report)
        fiche = FichePage.objects.get()
        assert fiche.commune == "=Rennes"
        assert fiche.chapo == "'-Un chapô"

    def test_numbers_and_ordinary_text_are_no_formulas(self, index, cpvs):
        report = run(csv_bytes([row(commune="L'Haÿ-les-Roses", duree_mois="+36")]), index=index)

        assert report.ok, messages(report)


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
            ("1 600 000,00 € HT", Decimal("1600000.00")),
            ("1,6 M€", Decimal("1600000")),
            ("1500", Decimal("1500")),
            ("", None),
        ],
    )
    def test_french_amounts(self, text, expected):
        assert cells.parse_decimal(text) == expected

    @pytest.mark.parametrize("text", ["12,500.50", "1,600,000", "1.5.2", "1,600"])
    def test_ambiguous_amounts_are_refused_not_rescaled(self, text):
        with pytest.raises(ValueError, match="écrivez|Écrivez|Vérifiez"):
            cells.parse_decimal(text)

    def test_dates(self):
        assert cells.parse_date("05/01/2024") == "2024-01-05"
        assert cells.parse_date("2024-01-05") == "2024-01-05"
        assert cells.parse_date(date(2024, 1, 5)) == "2024-01-05"
        assert cells.parse_date("janvier 2024") == "2024-01"
        assert cells.parse_date("01/2024") == "2024-01"
        assert cells.parse_date("2024") == "2024"
        assert cells.parse_date("Non renseigné") is None
        assert cells.parse_date("") is None
        with pytest.raises(ValueError, match="n'existe pas"):
            cells.parse_date("31/02/2023")
        with pytest.raises(ValueError, match="n'est pas une date"):
            cells.parse_date("début 2024")

    def test_milestones(self):
        assert cells.parse_milestones(
            "premiere_attribution: 2011 | Renouvellement: 09/2015 (pour six ans)"
        ) == [("premiere_attribution", "2011", ""), ("Renouvellement", "2015-09", "pour six ans")]
        assert cells.parse_milestones("") == []
        with pytest.raises(ValueError, match="« renouvellement 2015 » : écrivez chaque étape"):
            cells.parse_milestones("renouvellement 2015")
        with pytest.raises(ValueError, match="n'existe pas"):
            cells.parse_milestones("renouvellement: 30/02/2015")

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
class TestUnknownsAndPartialDates:
    def test_empty_or_non_renseigne_is_unknown_never_a_default(self, index, cpvs):
        rows = [
            row(procedure="", date_notification="07/2023", acheteur_type=""),
            row(
                reference_externe="REF-2",
                acheteur_nom="Comité d'organisation",
                acheteur_siret="",
                procedure="Non renseigné",
                technique="non renseigné",
                modalite_execution="sans_objet",
                date_notification="2018",
                criteres="",
                criteres_statut="non renseignés",
                debut_execution="juillet 2018",
                historique="premiere_attribution: 2011 | renouvellement: 2015 (pour six ans)",
            ),
        ]
        report = run(csv_bytes(rows), index=index, commit=True)

        assert report.ok, messages(report)
        first = FichePage.objects.get(external_ref="REF-1")
        assert (first.procedure, first.technique, first.execution_mode) == ("non_renseigne",) * 3
        assert first.notification_date == "2023-07"
        assert first.buyer_links.get().actor.buyer_type == "non_renseigne"
        second = FichePage.objects.get(external_ref="REF-2")
        assert (second.procedure, second.technique, second.execution_mode) == (
            "non_renseigne",
            "non_renseigne",
            "sans_objet",
        )
        assert (second.notification_date, second.execution_start) == ("2018", "2018-07")
        assert second.award_criteria_status == "non_renseigne"
        assert [(m.kind, m.date, m.note) for m in second.milestones.all()] == [
            ("premiere_attribution", "2011", ""),
            ("renouvellement", "2015", "pour six ans"),
        ]
        supplier = first.supplier_links.order_by("sort_order").first().actor
        assert supplier.esus == "non_renseigne"  # no ESUS column: not stated, never guessed

    def test_bad_dates_procedures_and_milestones_are_refused(self, index, cpvs):
        report = run(
            csv_bytes(
                [
                    row(
                        date_notification="31/02/2023",
                        procedure="procédure inventée",
                        debut_execution="2024",
                        fin_execution="2023",
                        historique="reconduite: 2015",
                        criteres_statut="sans_objet",
                    )
                ]
            ),
            index=index,
        )

        assert messages(report) == [
            "Ligne 2, colonne « procedure » : « procédure inventée » n'est pas une valeur "
            "possible. Valeurs acceptées : procedure_adaptee, appel_offres_ouvert, "
            "appel_offres_restreint, procedure_negociee, dialogue_competitif, sans_publicite, "
            "non_renseigne.",
            "Ligne 2, colonne « date_notification » : La date « 31/02/2023 » n'existe pas : "
            "vérifiez le jour et le mois.",
            "Ligne 2, colonne « historique » : « reconduite » n'est pas une valeur possible. "
            "Valeurs acceptées : premiere_attribution, renouvellement, reconduction.",
            "Ligne 2, colonne « criteres_statut » : Vous avez listé des critères d'attribution : "
            "videz « critères non listés » ou retirez les critères.",
            "Ligne 2, colonne « fin_execution » : La fin d'exécution (2023) est avant son début "
            "(2024) : corrigez l'une des deux dates.",
        ]


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
