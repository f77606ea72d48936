"""The description of the open data: the Table Schema of the fiches CSV/XLSX (in the style of
schema.data.gouv.fr) and the Data Package (datapackage.json) that lists every export file with its
title, licence, format, media type and schema. Served next to the exports
(``/api/v2/exports/schema.json`` and ``datapackage.json``, ``fiches.opendata.views``).

The schema is generated from ``fiches.opendata.columns``, the one list of columns: each column's
name, its help text as description, its type from its import parser (``PARSER_FIELDS``) or, for
a column the export alone writes, from ``EXPORT_ONLY_FIELDS``, its allowed values from its
choices. A column with a parser or a name unknown here raises ``SchemaError``
(``tests/fiches/opendata/test_datapackage.py`` builds the schema, so it fails at once).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from fiches.choices import NOT_STATED
from fiches.opendata import columns, values
from fiches.opendata.files import XLSX_TYPE
from fiches.opendata.json_export import JSON_FORMAT_VERSION

TABLE_SCHEMA = "https://frictionlessdata.io/schemas/table-schema.json"
DATA_PACKAGE = "https://datapackage.org/profiles/2.0/datapackage.json"
#: The official JSON schemas of the standard formats (the versions the exports follow).
DECP_SCHEMA_URL = (
    "https://schema.data.gouv.fr/schemas/139bercy/format-commande-publique/2.0.3/marches.json"
)
OCDS_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json"
#: The SPDX identifier of the default licence (Licence Ouverte / Open Licence 2.0).
LICENCE_IDS = {"Licence Ouverte 2.0": "etalab-2.0"}

PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
CPV = r"^\d{8}-\d$"
STRING = {"type": "string"}

#: Import parser → the Table Schema type of the exported cell.
PARSER_FIELDS = {
    "text": STRING,
    "rich_text": STRING,
    "body": STRING,
    "boolean": {"type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
    "choice": STRING,  # with the enum of the column's choices
    "integer": {"type": "integer", "constraints": {"minimum": 0}},
    "decimal": {"type": "number"},
    # Known to the day, the month or the year (fiches.dates): ISO text at that precision.
    "date": {"type": "string", "constraints": {"pattern": PARTIAL_DATE}},
    "cpv": {"type": "string", "constraints": {"pattern": CPV}},
    "cpv_list": STRING,
    "region": {"type": "string", "constraints": {"pattern": r"^\d{2}$"}},
    "departments": STRING,
    "themes": STRING,
    "criteria": STRING,
    "reserved_articles": STRING,
    "unnamed_members": STRING,
    "milestones": STRING,
    "actor": STRING,
}

#: Columns the export alone writes → their Table Schema type.
EXPORT_ONLY_FIELDS = {
    "id": {"type": "integer", "constraints": {"required": True, "unique": True}},
    "url": {"type": "string", "format": "uri", "constraints": {"required": True}},
    "langue": {"type": "string", "constraints": {"required": True, "enum": "languages"}},
    "date_publication": {"type": "date"},
    "contact_nom": STRING,
    "contact_fonction": STRING,
    "contact_email": {"type": "string", "format": "email"},
    "contact_telephone": STRING,
    "date_mise_a_jour": {"type": "date"},
    "auteur": STRING,
    # Relative to the site when media are served by it (as in the export files).
    "image_url": STRING,
    "image_texte_alternatif": STRING,
    "image_credit": STRING,
    "temoignages": STRING,
    "chiffres_cles": STRING,
    "indicateurs": STRING,
}


#: Import-required columns that every exported fiche fills (``reference_externe`` is required
#: by the import only: a fiche written in the admin may have none).
REQUIRED_IN_EXPORT = {"titre", "chapo", "nature"}


class SchemaError(LookupError):
    """A column without what its Table Schema field needs (a type, a description, choices)."""


def _field(column):
    if column.parser:
        if column.parser not in PARSER_FIELDS:
            raise SchemaError(f"{column.name}: no Table Schema type for parser {column.parser!r}")
        spec = PARSER_FIELDS[column.parser]
    elif column.name in EXPORT_ONLY_FIELDS:
        spec = EXPORT_ONLY_FIELDS[column.name]
    else:
        raise SchemaError(f"{column.name}: export-only column missing from EXPORT_ONLY_FIELDS")
    description = str(column.help).strip()
    if not description:
        raise SchemaError(f"{column.name}: no help text to describe it")
    field = {"name": column.name, "description": description, **spec}
    constraints = dict(spec.get("constraints", {}))
    if constraints.get("enum") == "languages":
        constraints["enum"] = [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]
    if column.parser == "choice":
        if column.choices is None:
            raise SchemaError(f"{column.name}: a choice column without its choices")
        # « Non renseigné » is an empty cell (a missing value) where the import reads an empty
        # cell so, and the code ``non_renseigne`` where an empty cell means something else
        # (``Column.empty_is_unknown``).
        constraints["enum"] = [
            value
            for value in column.choices.values
            if value != NOT_STATED or not column.empty_is_unknown
        ]
    if column.required and column.name in REQUIRED_IN_EXPORT:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(*, schema_url="", homepage=""):
    """The Table Schema of the fiches CSV and XLSX (one field per export column, in order),
    French descriptions."""
    licence = values.licence()
    with translation.override("fr"):
        fields = [_field(column) for column in columns.EXPORT_COLUMNS]
    schema = {
        "$schema": TABLE_SCHEMA,
        "name": "fiches-rex",
        "title": "Fiches REX — marchés publics attribués à des structures de l'ESS",
        "description": (
            "Une ligne par fiche publiée : le marché, ses leviers sociaux et environnementaux, "
            "ses acteurs et sa plus-value. Les valeurs multiples sont séparées par « | » ; une "
            "valeur inconnue (« non renseigné ») est une cellule vide."
        ),
        "countryCode": "FR",
        "homepage": homepage,
        "path": schema_url,
        "licenses": [_licence(licence)],
        "missingValues": [""],
        "primaryKey": "id",
        "fields": fields,
    }
    return {key: value for key, value in schema.items() if value != ""}


def _licence(licence):
    described = {"path": licence["url"], "title": licence["name"]}
    if licence["name"] in LICENCE_IDS:
        described["name"] = LICENCE_IDS[licence["name"]]
    return described


def data_package(*, absolute):
    """The Data Package of the exports; ``absolute`` turns a path into an absolute URL."""
    licence = values.licence()
    schema_url = absolute(reverse("export_schema"))
    resources = [
        {
            "name": "fiches-csv",
            "title": "Fiches REX (CSV)",
            "description": "Toutes les fiches publiées, une ligne par fiche (CSV, UTF-8, "
            "séparateur virgule). ?locale=en pour les fiches en anglais.",
            "path": absolute(reverse("export_fiches_csv")),
            "type": "table",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ","},
            "schema": schema_url,
        },
        {
            "name": "fiches-xlsx",
            "title": "Fiches REX (XLSX)",
            "description": "Les mêmes colonnes que le CSV, dans un classeur Excel.",
            "path": absolute(reverse("export_fiches_xlsx")),
            "type": "table",
            "format": "xlsx",
            "mediatype": XLSX_TYPE,
            "schema": schema_url,
        },
        {
            "name": "fiches-json",
            "title": "Fiches REX (JSON)",
            "description": f"Un objet par fiche (format « fiches-rex » version "
            f"{JSON_FORMAT_VERSION}, décrit sur la page Données ouvertes).",
            "path": absolute(reverse("export_fiches_json")),
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        },
        {
            "name": "fiches-decp",
            "title": "Fiches REX (DECP)",
            "description": "Les données essentielles de la commande publique des fiches qui "
            "en ont les données requises (schéma DECP 2.0.3).",
            "path": absolute(reverse("export_fiches_decp")),
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "jsonSchema": DECP_SCHEMA_URL,
        },
        {
            "name": "fiches-ocds",
            "title": "Fiches REX (OCDS)",
            "description": "Un paquet de releases OCDS 1.1, une release par fiche, avec les "
            "extensions lots, critères d'attribution, participation réservée et achats "
            "durables.",
            "path": absolute(reverse("export_fiches_ocds")),
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "jsonSchema": OCDS_SCHEMA_URL,
        },
    ]
    with translation.override("fr"):
        homepage = absolute(reverse("open_data"))
    return {
        "$schema": DATA_PACKAGE,
        "name": "fiches-rex",
        "id": absolute(reverse("export_datapackage")),
        "title": "Fiches REX — Marchés publics & ESS",
        "description": (
            "Les retours d'expérience de marchés publics attribués à des structures de "
            "l'économie sociale et solidaire, publiés par le réseau ESS France et les CRESS."
        ),
        "homepage": homepage,
        "licenses": [_licence(licence)],
        "contributors": [{"title": settings.OPEN_DATA_PUBLISHER, "roles": ["publisher"]}],
        "resources": resources,
    }
