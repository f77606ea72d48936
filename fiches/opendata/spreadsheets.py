"""Reading and writing the spreadsheets of the fiche import and export (CSV and XLSX).

Reading accepts what people really send: CSV in UTF-8 (with or without BOM) or Windows-1252,
separated by semicolons, commas or tabs, or an XLSX workbook (first sheet). Every problem becomes a
``SpreadsheetError`` with a French message that says what to fix; nothing raises a traceback.
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls (and other OLE2 files)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
CSV_DELIMITERS = (";", ",", "\t")
# Spaces people (and spreadsheet software) put inside numbers: plain, no-break, narrow no-break.
NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f]")
DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")


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


def normalize_header(value):
    """``"Référence externe "`` → ``"reference_externe"``: case, accents and spacing ignored."""
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(data, *, filename=""):
    """Reads ``data`` (bytes) as a CSV or XLSX table; raises ``SpreadsheetError`` when it cannot."""
    limit = max_import_bytes()
    if len(data) > limit:
        raise SpreadsheetError(
            _(
                "Le fichier pèse %(size)s Mo, au-delà de la limite de %(limit)s Mo : "
                "découpez-le en plusieurs fichiers."
            )
            % {"size": _megabytes(len(data)), "limit": _megabytes(limit)}
        )
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
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(
            _("Le classeur XLSX est illisible ou abîmé : ouvrez-le et enregistrez-le à nouveau.")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _table(raw_rows):
    lines = iter(enumerate(raw_rows, start=1))
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
    return table


# Value parsers shared by the importer. Each raises ValueError with a French message.


def parse_decimal(value):
    """``"12 500,50 €"``, ``"12500.5"`` or a spreadsheet number → ``Decimal``; blank → ``None``."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(_("« %(value)s » n'est pas un nombre.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = NUMBER_SPACES.sub("", str(value)).replace("€", "").replace("EUR", "").rstrip("%")
    if "," in text and "." in text:
        # The separator written last is the decimal one: "12.500,50" or "12,500.50".
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(
            _(
                "« %(value)s » n'est pas un nombre : écrivez par exemple 12 500,50 "
                "(sans autre texte que le symbole €)."
            )
            % {"value": value}
        ) from error
    if not number.is_finite():
        raise ValueError(_("« %(value)s » n'est pas un nombre.") % {"value": value})
    return number


def parse_integer(value):
    """A whole number (``"3 500"`` or ``3500.0``); blank → ``None``."""
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(
            _("« %(value)s » doit être un nombre entier, sans décimales.") % {"value": value}
        )
    return int(number)


def parse_date(value):
    """``"15/03/2023"`` (or ISO ``"2023-03-15"``, or a spreadsheet date) → ``date``."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = DATE_RE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = ISO_DATE_RE.match(text)
        if not match:
            raise ValueError(
                _("« %(value)s » n'est pas une date : écrivez jj/mm/aaaa (ex. 15/03/2023).")
                % {"value": value}
            )
        year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueError(
            _("La date « %(value)s » n'existe pas : vérifiez le jour et le mois.")
            % {"value": value}
        ) from error


TRUE_WORDS = {"oui", "o", "vrai", "x", "1", "yes", "y", "true"}
FALSE_WORDS = {"non", "n", "faux", "0", "no", "false"}


def parse_boolean(value):
    """``oui``/``non`` (or vrai/faux, x, 1/0); blank → ``False``."""
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    word = normalize_header(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("« %(value)s » : répondez « oui » ou « non ».") % {"value": value})


def split_list(value, separator="|"):
    """The items of a multi-valued cell (``"a | b"``), stripped, blanks kept as ``""``."""
    if is_blank(value):
        return []
    return [item.strip() for item in str(value).split(separator)]


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
        writer.writerow([_cell_text(row.get(column)) for column in columns])
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
            value = _cell_value(row.get(column))
            if isinstance(value, str) and value.startswith("="):
                # Text that looks like a formula stays text in the reader's spreadsheet.
                value = WriteOnlyCell(sheet, value=value)
                value.data_type = "s"
            values.append(value)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
