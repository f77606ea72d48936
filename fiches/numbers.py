"""Numbers as French contributors type them, and as French readers read them: the one parser
of every amount and figure typed in the admin (fiche form, criteria, indicators, key-figure
blocks) or in an imported spreadsheet, and the formatting of amounts and figures on the page,
the PDF and the admin inputs.

The parser never guesses a scale: input whose grouping or separators could mean two numbers
(« 1,600 », « 1,600,000 », « 1.5.2 ») is refused with a French message that says what to type,
rather than read as one of them. Accepted, for 1 600 000:

- ``1600000``, ``1 600 000`` (plain, no-break or narrow no-break spaces between thousands),
  ``1.600.000`` (dots between thousands), with decimals after a comma (``1 600 000,00``,
  ``1.600.000,00``) or after a dot when no other separator is used (``1600000.00``);
- followed by ``€`` (or ``EUR``, ``euros``) and ``HT``: ``1 600 000,00 € HT``;
- written with a multiple of the euro: ``1,6 M€`` (million), ``200 k€`` (thousand);
- a trailing ``%`` (the unit goes in its own field; the sign is tolerated).
"""

import re
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from fiches.choices import FigureKind

# Spaces people and spreadsheet software put inside numbers: plain, no-break, narrow no-break,
# thin and figure spaces.
SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
NBSP = "\u00a0"

_CURRENCY = re.compile(r"^(?P<rest>.*?)\s*(?:€|eur|euros?)$", re.IGNORECASE)
_TAX = re.compile(r"^(?P<rest>.*?)\s*(?P<tax>h\.?t\.?|t\.?t\.?c\.?)$", re.IGNORECASE)
_SCALE = re.compile(r"^(?P<rest>.*?)\s*(?P<scale>[kK]|M)$")
_SCALES = {"k": Decimal(1000), "K": Decimal(1000), "M": Decimal(1_000_000)}
_DIGITS = re.compile(r"^\d+$")


#: Every stored amount and figure: up to 999 999 999 999,99.
MAX_DIGITS = 14
DECIMAL_PLACES = 2


def optional_number_field(verbose_name, **kwargs):
    """An amount or a figure of a model, empty when the sources do not give it (« non
    renseigné »); typed in the admin through the French parser below (``fiches.widgets``)."""
    return models.DecimalField(
        verbose_name,
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
        null=True,
        blank=True,
        **kwargs,
    )


class NumberError(ValueError):
    """Raised with a French message that says what to type instead."""


def _not_a_number(value):
    return NumberError(
        _(
            "« %(value)s » n'est pas un nombre : écrivez-le en chiffres, avec une virgule "
            "pour les décimales, par exemple 1 600 000,00 ou 1,5 (vous pouvez ajouter "
            "« € » ou « € HT »)."
        )
        % {"value": value}
    )


def _grouping_error(value):
    return NumberError(
        _(
            "« %(value)s » : les milliers se groupent par trois chiffres (1 600 000). "
            "Vérifiez les espaces ou les points, ou écrivez le nombre sans séparateur "
            "(1600000)."
        )
        % {"value": value}
    )


def _english_error(value):
    return NumberError(
        _(
            "« %(value)s » : en français, la virgule sépare les décimales et ne s'emploie "
            "qu'une fois. Écrivez par exemple 1 600 000 pour un million six cent mille, "
            "ou 1 600 000,50 avec des centimes."
        )
        % {"value": value}
    )


def _ambiguous_error(value, whole, fraction):
    return NumberError(
        _(
            "« %(value)s » est ambigu : écrivez « %(thousands)s » pour des milliers, "
            "ou « %(decimal)s » pour un nombre à virgule."
        )
        % {
            "value": value,
            "thousands": f"{whole} {fraction}",
            "decimal": f"{whole},{fraction.rstrip('0') or '0'}",
        }
    )


def _strip_suffixes(text, original):
    """The number without its « € », « HT », « k€ »/« M€ » or « % », and the scale written."""
    scale = Decimal(1)
    match = _TAX.match(text)
    if match:
        if match["tax"].lower().startswith("t"):
            raise NumberError(
                _("« %(value)s » : les montants se saisissent hors taxes. Indiquez le montant HT.")
                % {"value": original}
            )
        text = match["rest"]
    match = _CURRENCY.match(text)
    if match:
        text = match["rest"]
        match = _SCALE.match(text)
        if match:
            text, scale = match["rest"], _SCALES[match["scale"]]
    elif text.endswith("%"):
        text = text[:-1].rstrip()
    return text, scale


def _check_groups(groups, original):
    if not all(_DIGITS.match(group) for group in groups):
        raise _not_a_number(original)
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:])):
        raise _grouping_error(original)
    return "".join(groups)


def parse_number(value):
    """The ``Decimal`` written in ``value`` (text as typed, or a spreadsheet number); ``None``
    when it is blank. Raises :class:`NumberError` (a ``ValueError``) with a French message."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _not_a_number(value)
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    original = str(value).strip()
    text = SPACES.sub(" ", original)
    if not text:
        return None
    text, scale = _strip_suffixes(text, original)
    sign = ""
    if text[:1] in ("-", "−", "+"):
        sign, text = ("-" if text[0] != "+" else ""), text[1:].lstrip()
    if not text or not re.fullmatch(r"[\d .,]+", text):
        raise _not_a_number(original)
    commas, dots, spaced = text.count(","), text.count("."), " " in text
    if commas and dots:
        if commas > 1 or text.rfind(".") > text.rfind(","):
            raise _english_error(original)
        whole, fraction, thousands = *text.split(","), "."
    elif commas > 1:
        raise _english_error(original)
    elif commas == 1:
        whole, fraction, thousands = *text.split(","), " "
    elif dots > 1:
        whole, fraction, thousands = text, "", "."
    elif dots == 1:
        whole, fraction, thousands = *text.split("."), " "
    else:
        whole, fraction, thousands = text, "", " "
    if thousands == "." and spaced:
        raise _grouping_error(original)
    if fraction and not _DIGITS.match(fraction):
        raise _not_a_number(original)
    if (commas or dots) and not fraction and not (dots > 1 and not commas):
        raise _not_a_number(original)
    whole = _check_groups(whole.split(thousands), original)
    if (
        (commas + dots == 1)
        and not spaced
        and len(fraction) == 3
        and len(whole) <= 3
        and not whole.startswith("0")
    ):
        raise _ambiguous_error(original, whole, fraction)
    try:
        number = Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")
    except InvalidOperation as error:  # pragma: no cover - the checks above leave digits only
        raise _not_a_number(original) from error
    number *= scale
    # « 1,50 » keeps its two decimals; « 1,6 M€ » is 1600000, not 1600000.0.
    return number.quantize(Decimal(1)) if scale != 1 and number == number.to_integral() else number


# Formatting


def format_number(value, *, money=False):
    """A number for a French (or English) reader, with the active language's grouping (no-break
    spaces in French): ``105000`` → ``105 000``. Whole numbers have no decimals; others keep
    two when ``money`` (``12,50``), else only the ones that count (``8,5``)."""
    if value in (None, ""):
        return ""
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    if value == value.to_integral_value():
        decimals = 0
    elif money:
        decimals = 2
    else:
        decimals = max(-value.normalize().as_tuple().exponent, 0)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_euros(value):
    """An amount in euros: ``105000`` → ``105 000 €`` (a no-break space before the sign)."""
    if value in (None, ""):
        return ""
    # A literal no-break space: xgettext would extract "\u00a0" as written.
    return _("%(amount)s €") % {"amount": format_number(value, money=True)}


def format_input(value):
    """A stored number as the admin input shows it back, in French whatever the admin's
    language (the parser reads it back unchanged): ``Decimal("1600000.00")`` → ``1 600 000``,
    ``Decimal("1.50")`` → ``1,5``."""
    if value in (None, ""):
        return ""
    value = Decimal(str(value))
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole, _dot, fraction = f"{value.normalize():f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    text = " ".join([whole, *groups])
    return f"{sign}{text},{fraction}" if fraction.strip("0") else f"{sign}{text}"


def with_unit(number, unit):
    """``350`` and ``personnes`` → ``350 personnes``, with a no-break space (« 70 % » too)."""
    return f"{number}{NBSP}{unit}" if unit else number


def format_figure(*, kind, value=None, value_min=None, value_max=None, unit="", period=""):
    """A figure as it reads in French: ``350 à 500 personnes``, ``plus de 400 machines``,
    ``environ 8 t par jour`` (no-break space between the number and its unit). A stored figure
    without a kind is an exact value (the shape of key figures before their kind existed)."""
    if kind == FigureKind.RANGE:
        if value_min is None or value_max is None:
            return ""
        text = _("%(min)s à %(max)s") % {
            "min": format_number(value_min),
            "max": with_unit(format_number(value_max), unit),
        }
    else:
        if value is None:
            return ""
        figure = with_unit(format_number(value), unit)
        bounds = {
            FigureKind.ABOUT: _("environ %(figure)s"),
            FigureKind.MORE_THAN: _("plus de %(figure)s"),
            FigureKind.LESS_THAN: _("moins de %(figure)s"),
        }
        text = bounds[kind] % {"figure": figure} if kind in bounds else figure
    return f"{text} {period}" if period else text
