"""The values of an imported cell: numbers, dates, yes/no and lists, as people write them in a
spreadsheet. Each parser raises ``ValueError`` with a French message that says what to write."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fiches import dates, numbers
from fiches.opendata.spreadsheets import is_blank, normalize_header


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
    """A date at the precision written (``fiches.dates.parse``): ``"15/03/2023"``,
    ``"03/2023"``, ``"mars 2023"``, ``"2023"``, ISO text or a spreadsheet date → its ISO text
    (``"2023-03-15"``, ``"2023-03"``, ``"2023"``); blank or « non renseigné » → ``None``."""
    if is_blank(value) or is_not_stated(value):
        return None
    try:
        return dates.parse(value)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error


def is_not_stated(value):
    """« Non renseigné » (or « non renseignée », « NR »…): the sources do not say it."""
    return normalize_header(value) in NOT_STATED_WORDS


NOT_STATED_WORDS = {
    "non_renseigne",
    "non_renseignee",
    "non_renseignes",
    "non_renseignees",
    "nr",
    "inconnu",
    "inconnue",
}


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


MILESTONE_RE = re.compile(r"^(?P<kind>[^:]+):\s*(?P<date>[^(]+?)\s*(?:\((?P<note>.*)\))?$")


def parse_milestones(value):
    """``"premiere_attribution: 2011 | renouvellement: 2015 (pour six ans)"`` →
    ``[("premiere_attribution", "2011", ""), ("renouvellement", "2015", "pour six ans")]``:
    the kinds as written (the importer looks them up), the dates read by ``parse_date``."""
    rows = []
    for item in split_list(value):
        if not item:
            continue
        match = MILESTONE_RE.match(item)
        if not match:
            raise ValueError(
                _(
                    "« %(value)s » : écrivez chaque étape « étape: date », par exemple "
                    "« renouvellement: 2015 »."
                )
                % {"value": item}
            )
        day = parse_date(match.group("date"))
        if day is None:
            raise ValueError(_("« %(value)s » : la date de l'étape manque.") % {"value": item})
        rows.append((match.group("kind").strip(), day, (match.group("note") or "").strip()))
    return rows
