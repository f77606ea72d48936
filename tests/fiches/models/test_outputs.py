"""``fiches.models.outputs``: every field of a fiche is declared, and every output shows, for a
fully populated fiche, each field declared as shown in it."""

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from html import unescape

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from openpyxl import load_workbook
from pypdf import PdfReader
from wagtail.models import Page
from wagtail.rich_text import RichText

from fiches import choices, factories
from fiches.models import (
    AwardCriterion,
    ContractMilestone,
    Department,
    FicheAdditionalCPV,
    FicheBuyer,
    FicheOperator,
    FichePage,
    FicheReservedArticle,
    FicheSupplier,
    GroupementMember,
    ImpactIndicator,
)
from fiches.models.outputs import BY_KEY, FIELDS, OUTPUTS, ROW_STRUCTURE, Left, Shown
from fiches.opendata import columns
from fiches.opendata import services as opendata_services
from tests.helpers import plain_typography

MODELS = {
    "FichePage": FichePage,
    "AwardCriterion": AwardCriterion,
    "ContractMilestone": ContractMilestone,
    "FicheAdditionalCPV": FicheAdditionalCPV,
    "FicheBuyer": FicheBuyer,
    "FicheSupplier": FicheSupplier,
    "FicheOperator": FicheOperator,
    "FicheReservedArticle": FicheReservedArticle,
    "GroupementMember": GroupementMember,
    "ImpactIndicator": ImpactIndicator,
}
PAGE_BASE_FIELDS = {field.name for field in Page._meta.get_fields()}
EXPORTS = "/api/v2/exports/"
# Fields whose value a min/max framework agreement holds (the populated fiche has an exact
# amount) or that contradict the populated fiche (its mandataire is named), and the criteria
# status of a fiche without criteria: they are checked on a second fiche.
FRAMEWORK_FIELDS = {"amount_min", "amount_max", "groupement_lead_unknown", "award_criteria_status"}
# Fields only a yearly amount holds: checked on a third fiche (an estimated amount per year).
ANNUAL_FIELDS = {"amount_period", "amount_years"}


def fixture_of(declaration):
    if declaration.name in FRAMEWORK_FIELDS:
        return "framework"
    if declaration.name in ANNUAL_FIELDS:
        return "annual"
    return "populated"


def concrete_fields(model):
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # reverse relations
        if field.one_to_one and field.remote_field.parent_link:
            continue  # page_ptr: the link to Wagtail's page row
        if field.concrete or field.many_to_many:
            yield field.name


def undeclared(models=MODELS, declared=BY_KEY):
    missing = []
    for label, model in models.items():
        for name in concrete_fields(model):
            if model is FichePage and name in PAGE_BASE_FIELDS:
                continue  # Wagtail's page fields: declared only when an output uses them
            if model is not FichePage and name in ROW_STRUCTURE:
                continue
            if (label, name) not in declared:
                missing.append(f"{label}.{name}")
    return missing


def test_every_concrete_field_is_declared():
    assert undeclared() == []


def test_an_undeclared_field_fails():
    declared = {key: value for key, value in BY_KEY.items() if key != ("FichePage", "chapo")}

    assert undeclared(declared=declared) == ["FichePage.chapo"]


def test_every_declaration_is_complete_and_names_a_real_field():
    for declaration in FIELDS:
        model = MODELS[declaration.model]
        model._meta.get_field(declaration.name.split(".")[0])
        for output in OUTPUTS:
            value = declaration.output(output)
            assert isinstance(value, Shown | Left), (declaration, output)
            assert (value.where if isinstance(value, Shown) else value.reason).strip()


def test_csv_and_import_declarations_are_the_columns():
    claimed = set()
    for declaration in FIELDS:
        if isinstance(declaration.csv, Shown):
            assert declaration.csv.where in columns.EXPORT_COLUMN_NAMES, declaration
            claimed.add(declaration.csv.where)
        if isinstance(declaration.import_, Shown):
            assert columns.BY_NAME[declaration.import_.where].imported, declaration
    # The actor's own columns (SIRET, type, commune…) come with the link's « actor » declaration.
    actor_columns = {c.name for c in columns.EXPORT_COLUMNS if ".actor." in c.field}
    unclaimed = set(columns.EXPORT_COLUMN_NAMES) - claimed - actor_columns - {"id", "langue"}
    assert unclaimed == set()


# ---------- A fully populated fiche through every output ----------


@pytest.fixture
def populated(index):
    image = factories.ImageFactory(title="Photo Zéphyrine", credit="© Crédit Zéphyrine")
    body = factories.fiche_body()
    body[1] = ("paragraph", RichText("<p>Récit Zéphyrine du marché.</p>"))
    fiche = factories.FichePageFactory(
        parent=index,
        title="Fiche Zéphyrine entièrement remplie",
        chapo="Chapô Zéphyrine.",
        hero_image=image,
        hero_image_alt="Alternative Zéphyrine",
        themes=[factories.ThemeFactory(name="Thème Zéphyrine", slug="theme-zephyrine")],
        author=factories.OperatorFactory(name="CRESS Zéphyrine"),
        nature=choices.Nature.SUPPLIES,
        procedure=choices.Procedure.OPEN,
        technique=choices.Technique.FRAMEWORK,
        execution_mode=choices.ExecutionMode.PURCHASE_ORDERS,
        reserved=True,
        reserved_articles=[
            choices.ReservedArticle.DISABILITY,
            (choices.ReservedArticle.INSERTION, "Lots réservés Zéphyrine"),
        ],
        social_clause=True,
        social_clause_lots="Lot clause sociale Zéphyrine",
        social_criterion=True,
        social_criterion_lots="Lot critère social Zéphyrine",
        environmental_clause=True,
        environmental_clause_lots="Lot clause verte Zéphyrine",
        environmental_criterion=True,
        environmental_criterion_lots="Lot critère vert Zéphyrine",
        groupement=choices.Groupement.SEVERAL,
        unnamed_members=[("esat", 3, "Zéphyrine du Rhône")],
        insertion_hours=4321,
        main_cpv=factories.cpv("15331100-8"),
        additional_cpvs=[factories.cpv("55524000-9")],
        lots_count=3,
        lot_concerned="Lot Zéphyrine",
        duration_months=48,
        duration_note="Précision Zéphyrine",
        amount_kind=choices.AmountKind.EXACT,
        amount=98765,
        notification_date=date(2021, 6, 7),
        execution_start="2021-09-01",
        execution_end="31/08/2025",
        milestones=[
            (choices.MilestoneKind.FIRST_AWARD, "2011", "Note Zéphyrine"),
            (choices.MilestoneKind.RENEWAL, "2015-09", ""),
        ],
        departments=[Department.objects.get(code="35")],
        commune="Commune Zéphyrine",
        decp_id="DECPZEPHYRINE",
        external_ref="REF-ZEPHYRINE",
        body=body,
        added_value_buyer="<p>Acheteur Zéphyrine.</p>",
        added_value_ess="<p>Structure Zéphyrine.</p>",
        added_value_territory="<p>Territoire Zéphyrine.</p>",
        success_factors="<p>Réussite Zéphyrine.</p>",
        difficulties="<p>Difficulté Zéphyrine.</p>",
        advice="<p>Conseil Zéphyrine.</p>",
        contact_name="Contact Zéphyrine",
        contact_role="Fonction Zéphyrine",
        contact_email="zephyrine@example.org",
        contact_phone="01 23 45 67 89",
        contact_is_public=True,
        is_featured=True,
        buyers=[
            (
                factories.BuyerFactory(name="Acheteur Zéphyrine", siret="73282932000074"),
                "coordonnateur",
                "Présentation acheteur Zéphyrine",
            )
        ],
        suppliers=[
            (
                factories.ESSStructureFactory(name="Titulaire Zéphyrine", siret="35600000000048"),
                "mandataire",
                "Présentation titulaire Zéphyrine",
            )
        ],
        operators=[
            (
                factories.OperatorFactory(name="Opérateur Zéphyrine"),
                "accompagnement_acheteur",
                "Présentation opérateur Zéphyrine",
            )
        ],
        criteria=[("Valeur Zéphyrine", 70), ("Prix", 30)],
        indicators=[
            ("Indicateur Zéphyrine", 777, "tonnes", "2022", "Source Zéphyrine"),
            ("Fourchette Zéphyrine", ("fourchette", 350, 500), "personnes", "", ""),
        ],
    )
    # First published long ago, so that the page shows both dates.
    FichePage.objects.filter(pk=fiche.pk).update(first_published_at=FIRST_PUBLISHED)
    fiche.refresh_from_db()
    return fiche


@pytest.fixture
def framework(index):
    return factories.FichePageFactory(
        parent=index,
        technique=choices.Technique.FRAMEWORK,
        amount_kind=choices.AmountKind.RANGE,
        amount=None,
        amount_min=11111,
        amount_max=99999,
        groupement=choices.Groupement.JOINT,
        groupement_lead_unknown=True,
        criteria=(),
        award_criteria_status=choices.CriteriaStatus.NONE,
        buyers=[factories.BuyerFactory(siret="21350238800019")],
        suppliers=[factories.ESSStructureFactory(siret="40483304800022")],
    )


@pytest.fixture
def annual(index):
    return factories.FichePageFactory(
        parent=index,
        amount_kind=choices.AmountKind.ESTIMATED,
        amount_period=choices.AmountPeriod.PER_YEAR,
        amount_years=6,
        amount=200000,
    )


FIRST_PUBLISHED = datetime(2020, 1, 2, 10, tzinfo=UTC)


def _last_published(fiche):
    with translation.override("fr"):
        return date_format(timezone.localtime(fiche.last_published_at), "j F Y")


# What the page and the PDF show of each field of the populated fiche (compared without spaces;
# a function computes it from the fiche).
TEXTS = {
    "title": "Fiche Zéphyrine entièrement remplie",
    "first_published_at": "2 janvier 2020",
    "last_published_at": _last_published,
    "chapo": "Chapô Zéphyrine.",
    "hero_image": "photo-zephyrine",  # the file name, in the rendition's URL
    "hero_image_alt": "Alternative Zéphyrine",
    "hero_image.credit": "© Crédit Zéphyrine",
    "themes": "Thème Zéphyrine",
    "author": "CRESS Zéphyrine",
    "nature": "Fournitures",
    "procedure": "Appel d'offres ouvert",
    "technique": "Accord-cadre",
    "execution_mode": "Bons de commande",
    "reserved": "Marché réservé",
    "FicheReservedArticle.article": "L2113-13",
    "FicheReservedArticle.lots": "Lots réservés Zéphyrine",
    "social_clause_lots": "Lot clause sociale Zéphyrine",
    "social_criterion_lots": "Lot critère social Zéphyrine",
    "environmental_clause_lots": "Lot clause verte Zéphyrine",
    "environmental_criterion_lots": "Lot critère vert Zéphyrine",
    "groupement": "Groupement solidaire de 4 structures",
    "groupement_lead_unknown": "mandataire non renseigné",
    "GroupementMember.kind": "ESAT",
    "GroupementMember.count": "3 autres structures non nommées",
    "GroupementMember.note": "Zéphyrine du Rhône",
    "social_clause": "Clause sociale",
    "social_criterion": "Critère social",
    "environmental_clause": "Clause environnementale",
    "environmental_criterion": "Critère environnemental",
    "insertion_hours": "4321",
    "main_cpv": "15331100",
    "lots_count": "3",
    "lot_concerned": "Lot Zéphyrine",
    "duration_months": "48",
    "duration_note": "Précision Zéphyrine",
    "amount_kind": "98765",
    "amount": "98765",
    "amount_min": "11111",
    "amount_max": "99999",
    "amount_period": "environ 200 000 € par an",
    "amount_years": "sur 6 ans",
    "notification_date": "7 juin 2021",
    "execution_start": "septembre 2021",
    "execution_end": "31 août 2025",
    "award_criteria_status": "Sans objet (pas de critères)",
    "ContractMilestone.kind": "Première attribution",
    "ContractMilestone.date": "2011",
    "ContractMilestone.note": "Note Zéphyrine",
    "region": "Bretagne",
    "departments": "Ille-et-Vilaine",
    "commune": "Commune Zéphyrine",
    "decp_id": "DECPZEPHYRINE",
    "body": "Récit Zéphyrine du marché.",
    "body.testimony": "Ce marché a changé notre manière d'acheter.",
    "body.key_figures": "salariés en insertion",
    "added_value_buyer": "Acheteur Zéphyrine.",
    "added_value_ess": "Structure Zéphyrine.",
    "added_value_territory": "Territoire Zéphyrine.",
    "success_factors": "Réussite Zéphyrine.",
    "difficulties": "Difficulté Zéphyrine.",
    "advice": "Conseil Zéphyrine.",
    "contact_name": "Contact Zéphyrine",
    "contact_role": "Fonction Zéphyrine",
    "contact_email": "zephyrine@example.org",
    "contact_phone": "0123456789",
    "AwardCriterion.name": "Valeur Zéphyrine",
    "AwardCriterion.weight": "70",
    "FicheAdditionalCPV.cpv": "55524000",
    "FicheBuyer.actor": "Acheteur Zéphyrine",
    "FicheBuyer.role": "Coordonnateur",
    "FicheBuyer.presentation": "Présentation acheteur Zéphyrine",
    "FicheSupplier.actor": "Titulaire Zéphyrine",
    "FicheSupplier.role": "Mandataire",
    "FicheSupplier.presentation": "Présentation titulaire Zéphyrine",
    "FicheOperator.actor": "Opérateur Zéphyrine",
    "FicheOperator.role": "Accompagnement de l'acheteur",
    "FicheOperator.presentation": "Présentation opérateur Zéphyrine",
    "ImpactIndicator.indicator": "Indicateur Zéphyrine",
    "ImpactIndicator.value": "777",
    "ImpactIndicator.kind": "350 à 500 personnes",
    "ImpactIndicator.value_min": "350 à",
    "ImpactIndicator.value_max": "à 500 personnes",
    "ImpactIndicator.unit": "tonnes",
    "ImpactIndicator.period": "2022",
    "ImpactIndicator.source": "Source Zéphyrine",
}
IMAGE_MARK = "[image]"  # an image embedded in the PDF
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def squeeze(text):
    return SPACES.sub("", text)


def key(declaration):
    if declaration.model == "FichePage":
        return declaration.name
    return f"{declaration.model}.{declaration.name}"


def shown(output):
    return [d for d in FIELDS if isinstance(d.output(output), Shown)]


def resolve(data, path):
    """The values at ``path`` (``a.b``, ``a[].b``) in ``data``; [] when a key is missing."""
    found = [data]
    for part in path.split("."):
        many = part.endswith("[]")
        name = part.removesuffix("[]")
        step = []
        for value in found:
            if isinstance(value, dict) and name in value:
                step.extend(value[name] if many and isinstance(value[name], list) else [
                    value[name]
                ])  # fmt: skip
        found = step
    return [value for value in found if value not in (None, "", [], {})]


def missing_paths(output, documents):
    """The declarations shown in ``output`` whose path has no value: ``documents`` maps
    ``"populated"`` and ``"framework"`` to the output's document for each fiche."""
    missing = []
    for declaration in shown(output):
        document = documents[fixture_of(declaration)]
        if not resolve(document, declaration.output(output).where):
            missing.append(key(declaration))
    return missing


def missing_texts(output, texts, fiche, overrides=None):
    missing = []
    for declaration in shown(output):
        text = texts[fixture_of(declaration)]
        expected = {**TEXTS, **(overrides or {})}[key(declaration)]
        if callable(expected):
            expected = expected(fiche)
        if squeeze(expected) not in text:
            missing.append(key(declaration))
    return missing


def page_text(client, fiche):
    response = client.get(fiche.url)
    assert response.status_code == 200
    html = response.content.decode()
    # Alt texts are attributes: keep them in the compared text.
    attributes = re.findall(r'(?:alt|src)="([^"]*)"', html)
    text = " ".join([re.sub(r"<[^>]+>", " ", html), *attributes])
    return squeeze(plain_typography(unescape(text)))


def pdf_text(client, fiche):
    response = client.get(f"{fiche.url}pdf/")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    images = sum(len(page.images) for page in reader.pages)
    return squeeze(" ".join(page.extract_text() for page in reader.pages) + IMAGE_MARK * images)


@pytest.mark.django_db
class TestEveryOutputShowsItsFields:
    def test_html_page(self, client, populated, framework, annual):
        texts = {
            "populated": page_text(client, populated),
            "framework": page_text(client, framework),
            "annual": page_text(client, annual),
        }
        assert missing_texts("html", texts, populated) == []

    def test_pdf(self, client, populated, framework, annual):
        texts = {
            "populated": pdf_text(client, populated),
            "framework": pdf_text(client, framework),
            "annual": pdf_text(client, annual),
        }
        assert missing_texts("pdf", texts, populated, {"hero_image": IMAGE_MARK}) == []

    def test_api_detail(self, client, populated, framework, annual):
        documents = {
            name: client.get(f"/api/v2/pages/{fiche.pk}/", HTTP_HOST="localhost").json()
            for name, fiche in (
                ("populated", populated),
                ("framework", framework),
                ("annual", annual),
            )
        }
        assert missing_paths("api", documents) == []

    def test_openapi_schema(self, client, db):
        document = client.get("/api/v2/openapi.json", HTTP_HOST="localhost").json()
        missing = []
        for declaration in shown("openapi"):
            if not schema_has(document, document["components"]["schemas"]["Page"],
                              declaration.output("openapi").where):  # fmt: skip
                missing.append(key(declaration))
        assert missing == []

    def test_csv_and_xlsx(self, client, populated, framework, annual):
        response = client.get(EXPORTS + "fiches.csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        by_id = {row["id"]: row for row in rows}
        documents = {
            "populated": by_id[str(populated.pk)],
            "framework": by_id[str(framework.pk)],
            "annual": by_id[str(annual.pk)],
        }
        assert missing_paths("csv", documents) == []

        workbook = load_workbook(io.BytesIO(client.get(EXPORTS + "fiches.xlsx").content))
        sheet_rows = list(workbook.active.iter_rows(values_only=True))
        header = sheet_rows[0]
        by_id = {str(row[0]): dict(zip(header, row, strict=True)) for row in sheet_rows[1:]}
        documents = {
            "populated": by_id[str(populated.pk)],
            "framework": by_id[str(framework.pk)],
            "annual": by_id[str(annual.pk)],
        }
        assert missing_paths("csv", documents) == []

    def test_json(self, client, populated, framework, annual):
        fiches = {item["id"]: item for item in client.get(EXPORTS + "fiches.json").json()["fiches"]}
        documents = {
            "populated": fiches[populated.pk],
            "framework": fiches[framework.pk],
            "annual": fiches[annual.pk],
        }
        assert missing_paths("json", documents) == []

    def test_import_reads_back_the_export(self, client, index, populated):
        data = client.get(EXPORTS + "fiches.csv").content
        report = opendata_services.import_fiches(data=data, filename="export.csv", index=index)

        assert report.ok, [str(error) for error in report.errors]
        assert report.to_update == [populated.external_ref]

    def test_decp(self, client, populated, framework):
        documents = {
            "populated": client.get(f"{EXPORTS}fiches/{populated.pk}.decp.json").json(),
            "framework": client.get(f"{EXPORTS}fiches/{framework.pk}.decp.json").json(),
        }
        documents = {name: doc["marches"]["marche"][0] for name, doc in documents.items()}
        assert missing_paths("decp", documents) == []

    def test_ocds(self, client, populated, framework):
        documents = {
            name: client.get(f"{EXPORTS}fiches/{fiche.pk}.ocds.json").json()["releases"][0]
            for name, fiche in (("populated", populated), ("framework", framework))
        }
        assert missing_paths("ocds", documents) == []
        parties = documents["populated"]["parties"]
        operator = next(party for party in parties if party["name"] == "Opérateur Zéphyrine")
        assert operator["roles"] == ["interestedParty"]

    def test_a_dropped_field_fails(self, client, populated, framework):
        fiches = {item["id"]: item for item in client.get(EXPORTS + "fiches.json").json()["fiches"]}
        document = fiches[populated.pk]
        del document["temoignages"]

        assert "body.testimony" in missing_paths(
            "json", {"populated": document, "framework": {}, "annual": {}}
        )


def schema_has(document, schema, path):
    """Whether the OpenAPI ``schema`` has the property ``path`` (through $ref, items, anyOf)."""
    schemas = [schema]
    for part in path.replace("[]", "").split("."):
        found = []
        for current in schemas:
            for candidate in expand(document, current):
                if part in candidate.get("properties", {}):
                    found.append(candidate["properties"][part])
        if not found:
            return False
        schemas = found
    return True


def expand(document, schema):
    """``schema`` and what it stands for: its $ref, its items, its anyOf/oneOf/allOf members."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        yield from expand(document, document["components"]["schemas"][name])
        return
    yield schema
    if "items" in schema:
        yield from expand(document, schema["items"])
    for combinator in ("anyOf", "oneOf", "allOf"):
        for member in schema.get(combinator, []):
            yield from expand(document, member)


def test_dumps():
    # The declarations are plain data: they can be listed in docs and tools.
    assert json.dumps([key(d) for d in FIELDS])
