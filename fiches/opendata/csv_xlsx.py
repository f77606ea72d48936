"""CSV and XLSX exports: one row per fiche with the columns of ``fiches.opendata.columns``
(the import layout between a few read-only columns), and the import template file."""

from django.utils import translation

from fiches.opendata import spreadsheets
from fiches.opendata.columns import (
    COLUMN_NAMES,
    COLUMNS,
    EXPORT_COLUMN_NAMES,
    EXPORT_COLUMNS,
    FicheRow,
    template_rows,
)


def fiche_row(fiche, *, request=None):
    """The flat row of one fiche, keyed by the names of ``EXPORT_COLUMNS``."""
    row = FicheRow(fiche, request)
    return {column.name: column.value(row) for column in EXPORT_COLUMNS}


def catalogue_csv(fiches, *, request=None):
    """The catalogue as UTF-8 CSV bytes (comma-separated, one row per fiche)."""
    rows = (fiche_row(fiche, request=request) for fiche in fiches)
    return spreadsheets.write_csv(EXPORT_COLUMN_NAMES, rows)


def catalogue_xlsx(fiches, *, request=None):
    """The catalogue as an XLSX workbook (same columns as the CSV)."""
    rows = (fiche_row(fiche, request=request) for fiche in fiches)
    return spreadsheets.write_xlsx(EXPORT_COLUMN_NAMES, rows, title="fiches")


def template_csv():
    """The import template: the columns and one example row."""
    return spreadsheets.write_csv(COLUMN_NAMES, template_rows())


def template_xlsx():
    """The import template as XLSX, each header commented with what the column takes."""
    with translation.override("fr"):
        comments = {column.name: str(column.help) for column in COLUMNS}
        return spreadsheets.write_xlsx(
            COLUMN_NAMES, template_rows(), title="fiches", comments=comments
        )
