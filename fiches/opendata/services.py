"""The write of the open-data import."""

from fiches.opendata import spreadsheets
from fiches.opendata.importer import FicheImporter, ImportReport, RowError, default_catalogue


def import_fiches(*, data, filename="", index=None, commit=False, user=None, progress=None):
    """Validates a CSV or XLSX file of fiches and, with ``commit``, writes it as drafts.

    All or nothing: nothing is written unless every row is valid. Returns an
    ``ImportReport`` whose errors say, per line and column, what to fix. ``progress(phase,
    done, total)`` is told how far the check (``"validate"``) and the write (``"write"``) are.
    """
    index = index or default_catalogue()
    report = ImportReport(dry_run=not commit)
    if index is None:
        report.errors.append(
            RowError(0, "", "Aucun catalogue de fiches n'existe : créez-le d'abord.")
        )
        return report
    try:
        table = spreadsheets.read_table(data, filename=filename)
    except spreadsheets.SpreadsheetError as error:
        report.errors.append(RowError(0, "", str(error)))
        return report
    return FicheImporter(index=index, user=user).run(table, commit=commit, progress=progress)
