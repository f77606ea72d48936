"""The ONE list of spreadsheet columns of the fiche import and export.

Each ``Column`` says what the importer does with it (``parser``, ``required``), what the CSV/XLSX
export writes in it (``export``), which field of the fiche it holds (``field``, a model field or a
``relation.field`` path, for the docs and ``fiches.models.outputs``), what the help text and the
template file say (``help``, ``example``) and how « Non renseigné » is written
(``empty_is_unknown``). Where the same value is in the JSON, DECP and OCDS exports is declared
with the field in ``fiches.models.outputs``. The import template, the admin import page, the
« Données ouvertes » page and the column table of docs/open-data.md (``markdown_table``) are all
built from these lists.

The package: ``base`` (``Column``, the separators, ``FicheRow``), ``actors`` (the stakeholder
columns), ``fiche`` (the lists, in the order of the layout) and ``tables`` (the docs table, the
template's example row). Use it as ``from fiches.opendata import columns``.

To add a column: add one ``Column`` in ``fiche.py`` (at the end of the importable columns: the
layout only grows) and, when it is importable, handle its ``parser`` in
``fiches.opendata.importer``.
"""

from fiches.opendata.columns import tables
from fiches.opendata.columns.base import (
    ITEM_SEPARATOR,
    LIST_SEPARATOR,
    SCALAR_PARSERS,
    SEPARATOR,
    Column,
    FicheRow,
    joined,
    known,
)
from fiches.opendata.columns.fiche import (
    IMPORT_COLUMNS,
    LEADING_COLUMNS,
    TRAILING_COLUMNS,
    reserved_articles_text,
    unnamed_members_text,
)

COLUMNS = IMPORT_COLUMNS
COLUMN_NAMES = [column.name for column in IMPORT_COLUMNS]
REQUIRED_COLUMNS = [column.name for column in IMPORT_COLUMNS if column.required]
EXPORT_COLUMNS = [*LEADING_COLUMNS, *IMPORT_COLUMNS, *TRAILING_COLUMNS]
EXPORT_COLUMN_NAMES = [column.name for column in EXPORT_COLUMNS]
BY_NAME = {column.name: column for column in EXPORT_COLUMNS}
#: Model field → import column, to put each rule's message on the column to fix.
FIELD_COLUMNS = {
    column.field: column.name
    for column in IMPORT_COLUMNS
    if column.parser and "." not in column.field
}


def markdown_table():
    """The column table of docs/open-data.md (checked by tests/fiches/opendata/test_columns.py)."""
    return tables.markdown_table(EXPORT_COLUMNS)


def template_rows():
    """The example row of the downloadable template file (from each column's ``example``)."""
    return tables.template_rows(IMPORT_COLUMNS)


__all__ = [
    "BY_NAME",
    "COLUMNS",
    "COLUMN_NAMES",
    "EXPORT_COLUMNS",
    "EXPORT_COLUMN_NAMES",
    "FIELD_COLUMNS",
    "IMPORT_COLUMNS",
    "ITEM_SEPARATOR",
    "LEADING_COLUMNS",
    "LIST_SEPARATOR",
    "REQUIRED_COLUMNS",
    "SCALAR_PARSERS",
    "SEPARATOR",
    "TRAILING_COLUMNS",
    "Column",
    "FicheRow",
    "joined",
    "known",
    "markdown_table",
    "reserved_articles_text",
    "template_rows",
    "unnamed_members_text",
]
