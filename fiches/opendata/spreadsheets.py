"""Reading and writing the spreadsheets of the fiche import and export (CSV and XLSX).

Reading accepts what people really send: CSV in UTF-8 (with or without BOM) or Windows-1252,
separated by semicolons, commas or tabs, or an XLSX workbook (first sheet). Every problem becomes a
``SpreadsheetError`` with a French message that says what to fix; nothing raises a traceback.
The values of the cells are read by ``fiches.opendata.cells``.
A file is bounded before it is read (``FICHES_IMPORT_MAX_BYTES``, and the uncompressed size of a
workbook) and while it is read (``FICHES_IMPORT_MAX_ROWS`` fiches, ``MAX_COLUMNS`` columns): an
XLSX sheet is streamed, its declared dimensions ignored. Writing neutralises the text cells that
would run as formulas (``fiches.opendata.formulas``).
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from fiches.opendata import formulas

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls (and other OLE2 files)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 5000
# Columns read in a row: the import has about sixty; anything further must be blank.
MAX_COLUMNS = 200
# Lines read in all, blank ones included (a sheet can declare a million empty rows).
MAX_LINES = 100_000
# A workbook is a zip: what its parts weigh once uncompressed, against zip bombs.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
CSV_DELIMITERS = (";", ",", "\t")


class SpreadsheetError(Exception):
    """A file that cannot be read as a table; the message is French and says what to do."""


@dataclass
class Table:
    """A spreadsheet read in memory: normalised column names and the non-empty data rows.

    ``rows`` holds ``(line_number, {column: value})`` pairs; line 1 is the header, so the numbers
    are the ones the person sees in their spreadsheet software.
    """

    columns: list
    rows: list = field(default_factory=list)
    original_columns: dict = field(default_factory=dict)


def max_import_bytes():
    """The largest file accepted, from ``FICHES_IMPORT_MAX_BYTES`` (20 MB by default)."""
    return getattr(settings, "FICHES_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_import_rows():
    """The most fiches (non-blank data rows) a file may hold, from ``FICHES_IMPORT_MAX_ROWS``."""
    return getattr(settings, "FICHES_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def normalize_header(value):
    """``"Référence externe "`` → ``"reference_externe"``: case, accents and spacing ignored."""
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def check_size(size):
    """Raises ``SpreadsheetError`` for a file of ``size`` bytes over ``FICHES_IMPORT_MAX_BYTES``."""
    limit = max_import_bytes()
    if size > limit:
        raise SpreadsheetError(
            _(
                "Le fichier pèse %(size)s Mo, au-delà de la limite de %(limit)s Mo : "
                "découpez-le en plusieurs fichiers."
            )
            % {"size": _megabytes(size), "limit": _megabytes(limit)}
        )


def read_table(data, *, filename=""):
    """Reads ``data`` (bytes) as a CSV or XLSX table; raises ``SpreadsheetError`` when it cannot."""
    check_size(len(data))
    if not data.strip():
        raise SpreadsheetError(_("Le fichier est vide."))
    name = filename.lower()
    if data.startswith(OLE_MAGIC) or name.endswith(".xls"):
        raise SpreadsheetError(
            _(
                "Les classeurs Excel 97-2003 (.xls) ne sont pas lus : enregistrez le fichier "
                "au format .xlsx ou .csv."
            )
        )
    if data.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        raw_rows = _xlsx_rows(data)
    else:
        raw_rows = _csv_rows(data)
    return _table(raw_rows)


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def decode_text(data):
    """Text from UTF-8 (BOM or not) or, failing that, Windows-1252 bytes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _(
                "L'encodage du fichier n'est pas reconnu (octet illisible en position "
                "%(position)s) : enregistrez-le en CSV UTF-8 ou Windows-1252."
            )
            % {"position": error.start}
        ) from error


def _csv_rows(data):
    text = decode_text(data)
    if "\x00" in text:
        raise SpreadsheetError(
            _("Ce fichier n'est pas un tableau CSV ou XLSX lisible : vérifiez son format.")
        )
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    if first_line.count(delimiter) == 0:
        raise SpreadsheetError(
            _(
                "La ligne d'en-tête n'a qu'une colonne : séparez les colonnes par des "
                "points-virgules ou des virgules."
            )
        )
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise SpreadsheetError(
            _("Le fichier CSV est mal formé (%(error)s) : vérifiez les guillemets.")
            % {"error": error}
        ) from error


def _xlsx_rows(data):
    """The rows of the first sheet, streamed: openpyxl in read-only mode, the sheet's declared
    dimensions ignored (a small file declaring A1:XFD3000 would otherwise be padded to 49
    million cells), at most ``MAX_COLUMNS + 1`` cells per row."""
    from openpyxl import load_workbook

    unreadable = SpreadsheetError(
        _("Le classeur XLSX est illisible ou abîmé : ouvrez-le et enregistrez-le à nouveau.")
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise unreadable from error
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(
            _(
                "Le classeur XLSX occupe %(size)s Mo une fois décompressé, au-delà de la limite "
                "de %(limit)s Mo : découpez-le ou enregistrez-le en CSV."
            )
            % {"size": _megabytes(unpacked), "limit": _megabytes(MAX_UNCOMPRESSED_BYTES)}
        )
    # openpyxl raises whatever its parsers meet in a malformed file (KeyError for a missing part,
    # XML syntax errors, IndexError, TypeError…): every one of them means "unreadable".
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise unreadable from error
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(
                _(
                    "Le classeur XLSX ne contient aucune feuille lisible : ouvrez-le, vérifiez "
                    "que les fiches sont sur la première feuille et enregistrez-le à nouveau."
                )
            )
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    except SpreadsheetError:
        raise
    except Exception as error:
        raise unreadable from error
    finally:
        workbook.close()


def _table(raw_rows):
    lines = _bounded(raw_rows)
    header = None
    for _line, row in lines:
        if not all(is_blank(cell) for cell in row):
            header = row
            break
    if header is None:
        raise SpreadsheetError(_("Le fichier ne contient aucune ligne."))
    columns = [normalize_header(cell) for cell in header]
    original = {}
    for column, cell in zip(columns, header, strict=True):
        if column and column in original:
            raise SpreadsheetError(
                _("La colonne « %(column)s » apparaît deux fois : supprimez le doublon.")
                % {"column": cell}
            )
        if column:
            original[column] = str(cell).strip()
    table = Table(columns=[c for c in columns if c], original_columns=original)
    for line, row in lines:
        if all(is_blank(cell) for cell in row):
            continue
        values = {}
        for position, cell in enumerate(row):
            column = columns[position] if position < len(columns) else ""
            if column:
                values[column] = cell.strip() if isinstance(cell, str) else cell
        table.rows.append((line, values))
        if len(table.rows) > max_import_rows():
            raise SpreadsheetError(
                _(
                    "Le fichier contient plus de %(limit)s fiches, la limite d'un import : "
                    "découpez-le en plusieurs fichiers."
                )
                % {"limit": max_import_rows()}
            )
    return table


def _bounded(raw_rows):
    """``(line, row)`` pairs, refusing a file past ``MAX_LINES`` lines or with a non-blank cell
    past ``MAX_COLUMNS`` (the blank cells past it are dropped)."""
    for line, row in enumerate(raw_rows, start=1):
        if line > MAX_LINES:
            raise SpreadsheetError(
                _(
                    "Le fichier dépasse %(limit)s lignes (lignes vides comprises) : supprimez "
                    "les lignes vides en fin de feuille ou découpez-le."
                )
                % {"limit": MAX_LINES}
            )
        if len(row) > MAX_COLUMNS:
            if not all(is_blank(cell) for cell in row[MAX_COLUMNS:]):
                raise SpreadsheetError(
                    _(
                        "La ligne %(line)s a plus de %(limit)s colonnes : gardez seulement les "
                        "colonnes du modèle."
                    )
                    % {"line": line, "limit": MAX_COLUMNS}
                )
            row = row[:MAX_COLUMNS]
        yield line, row


def as_text(value):
    """A cell as text: numbers without a useless ``.0``, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# Writing


def write_csv(columns, rows):
    """UTF-8 CSV bytes (with a BOM, so that spreadsheet software detects the encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(columns, rows, *, title="fiches", comments=None):
    """XLSX bytes with a bold, frozen header row; ``comments`` adds a note to some headers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = Font(bold=True)
        if comments and comments.get(column):
            cell.comment = Comment(str(comments[column]), "Fiches REX")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        values = []
        for column in columns:
            raw = row.get(column)
            value = _cell_value(raw)
            # A neutralised text never starts with "=", which openpyxl would store as a formula.
            values.append(formulas.neutralise(value) if isinstance(raw, str) else value)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_cell(value):
    text = _cell_text(value)
    return formulas.neutralise(text) if isinstance(value, str) else text


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return as_text(value)


def _cell_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, date | int | float):
        return value
    return str(value)
