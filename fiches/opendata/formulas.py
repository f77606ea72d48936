"""Formula injection in spreadsheets (CSV and XLSX): the one rule, for the exports and the import.

A spreadsheet program runs a cell as a formula when its text starts with ``=``, ``+``, ``-`` or
``@`` (a tab or a carriage return before them is skipped by some programs): a fiche whose title is
``=HYPERLINK(…)`` would run in the reader's spreadsheet. Following OWASP's rule, the exports write
such a text cell with a single quote in front (``'=HYPERLINK(…)``), which every spreadsheet program
shows as text. Numbers stay numbers: only text is prefixed, and text that is a plain number
(``-12,5``) is no formula. The import refuses a cell that would run as a formula and accepts the
escaped form, quote removed, so that an exported file imports again unchanged.
"""

import re

from django.utils.translation import gettext as _

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
# A signed number, with the spaces and separators people write in them: "-12 500,50".
PLAIN_NUMBER = re.compile(r"^[+-]?(\d[\d \u00a0\u202f]*([.,]\d+)*|[.,]\d+)([eE][+-]?\d+)?$")


def is_formula(text):
    """True when a spreadsheet program would run ``text`` as a formula."""
    return text.startswith(TRIGGERS) and not PLAIN_NUMBER.match(text)


def neutralise(text):
    """``text`` as an export writes it in a cell: prefixed with a quote when it would run as a
    formula, or when it already starts with quotes followed by a formula (so that the import,
    which removes one quote, gives back the original)."""
    if is_formula(text.lstrip(ESCAPE)):
        return ESCAPE + text
    return text


def read_cell(text):
    """``(value, is_formula)`` for a text cell of an imported file: the escaped form of
    ``neutralise`` without its quote, and whether the cell would run as a formula."""
    if text.startswith(ESCAPE) and is_formula(text[1:].lstrip(ESCAPE)):
        return text[1:], False
    return text, is_formula(text)


def formula_message(text):
    """The French import message for a cell that would run as a formula."""
    return _(
        "« %(value)s » commence par « %(char)s » : un tableur l'exécuterait comme une formule. "
        "Retirez ce caractère, ou faites-le précéder d'une apostrophe (') pour le garder comme "
        "texte."
    ) % {"value": text if len(text) <= 40 else text[:40] + "…", "char": text[:1]}
