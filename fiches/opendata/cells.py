"""The values of an imported cell: numbers, dates, yes/no and lists, as people write them in a
spreadsheet. Each parser raises ``ValueError`` with a French message that says what to write."""

import re
from datetime import date, datetime

from django.utils.translation import gettext as _

from fiches import numbers
from fiches.opendata.spreadsheets import is_blank, normalize_header

DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")


def parse_decimal(value):
    """``"1 600 000,00 €"``, ``"1,5"`` or a spreadsheet number → ``Decimal``; blank → ``None``.
    Read by the one French parser of the admin forms (``fiches.numbers``): ambiguous or
    malformed numbers (« 1,600,000 ») are refused with its message, never rescaled."""
    if is_blank(value):
        return None
    return numbers.parse_number(value)


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
