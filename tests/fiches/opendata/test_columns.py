"""``fiches.opendata.columns``: the one list of columns, its importer parsers and the docs."""

import re
from pathlib import Path

import pytest

from fiches.models import FichePage, outputs
from fiches.opendata import columns
from fiches.opendata.importer import validate

DOCS = Path(__file__).resolve().parents[3] / "docs" / "open-data.md"
#: Parsers the importer handles: the scalar ones by their model field (``validate``), the others
#: with their own look-up (``parse``, ``actors``).
HANDLED_PARSERS = {
    *columns.SCALAR_PARSERS,
    "cpv",
    "cpv_list",
    "milestones",
    "region",
    "departments",
    "themes",
    "criteria",
    "body",
    "actor",
    "reserved_articles",
    "unnamed_members",
}


def between(text, name):
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.S)
    assert match, f"docs/open-data.md has no {name} markers"
    return match.group(1)


@pytest.mark.django_db
def test_docs_column_table_is_the_column_list():
    assert between(DOCS.read_text(), "columns") == columns.markdown_table(), (
        "docs/open-data.md: paste fiches.opendata.columns.markdown_table() between the markers"
    )


def test_docs_output_table_is_the_declarations():
    assert between(DOCS.read_text(), "outputs") == outputs.markdown_table(), (
        "docs/open-data.md: paste fiches.models.outputs.markdown_table() between the markers"
    )


def test_every_parser_is_handled_by_the_importer():
    assert {c.parser for c in columns.IMPORT_COLUMNS} <= HANDLED_PARSERS
    for column in columns.IMPORT_COLUMNS:
        if column.parser in columns.SCALAR_PARSERS:
            FichePage._meta.get_field(column.field)
    scalar = {c.field for c in columns.IMPORT_COLUMNS if c.parser in columns.SCALAR_PARSERS}
    read = {
        *validate.TEXT_FIELDS,
        "external_ref",
        *validate.RICH_TEXT_FIELDS,
        *validate.BOOLEAN_FIELDS,
        *validate.CHOICE_FIELDS,
        *(name for name, _parser in validate.NUMBER_FIELDS),
    }
    assert scalar == read


def test_names_are_unique_and_the_template_fills_the_required_columns():
    names = columns.EXPORT_COLUMN_NAMES
    assert len(names) == len(set(names))
    row = columns.template_rows()[0]
    assert set(row) <= set(columns.COLUMN_NAMES)
    assert all(row.get(name) for name in columns.REQUIRED_COLUMNS)


def test_export_only_columns_are_not_imported():
    for column in [*columns.LEADING_COLUMNS, *columns.TRAILING_COLUMNS]:
        assert not column.imported, column.name
        assert column.export is not None, column.name
