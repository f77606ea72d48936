"""Dates known to the day, the month or only the year (« 12 juillet 2023 », « juillet 2023 »,
« 2018 »), as the sources give them.

A partial date is stored as its ISO 8601 text at the precision known: ``"2023-07-12"``,
``"2023-07"`` or ``"2018"`` (``PartialDateField``, a ``varchar``); ``NULL`` means « non
renseigné ». The text sorts in date order and its first four characters are the year, which is
what the catalogue's year filter reads. ``parse`` reads what people type (in the admin and in an
imported spreadsheet) and refuses, with a French message, a date that does not exist.
"""

import contextlib
import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils import formats
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

DAY, MONTH, YEAR = "day", "month", "year"

#: French month names, with and without accents, and their usual abbreviations.
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("janvier", "janv", "jan"),
            ("fevrier", "février", "fevr", "févr", "fev", "fév"),
            ("mars", "mar"),
            ("avril", "avr"),
            ("mai",),
            ("juin",),
            ("juillet", "juil"),
            ("aout", "août"),
            ("septembre", "sept", "sep"),
            ("octobre", "oct"),
            ("novembre", "nov"),
            ("decembre", "décembre", "dec", "déc"),
        ),
        1,
    )
    for name in names
}

# Matched on the lower-cased text: a time (``T00:00:00Z``) after an ISO date is ignored.
ISO_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[t ][\d:.+z-]*)?$")
NUMERIC_RE = re.compile(r"^(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})$")
WORDS_RE = re.compile(r"^(?:(1er|\d{1,2})\s+)?([a-zéèûô]+)\.?\s+(\d{4})$")

HELP = gettext_lazy(
    "Au jour, au mois ou à l'année, selon ce que disent les sources : « 12/07/2023 », "
    "« 07/2023 », « juillet 2023 » ou « 2018 ». Laissez vide si elle n'est pas connue."
)


def _build(year, month=None, day=None, *, typed):
    if not 1000 <= year <= 2999:
        raise ValidationError(
            _("L'année de « %(value)s » n'est pas plausible : écrivez-la sur quatre chiffres.")
            % {"value": typed},
            code="invalid_year",
        )
    if month is not None and not 1 <= month <= 12:
        raise ValidationError(
            _("Le mois de « %(value)s » n'existe pas : il va de 1 à 12.") % {"value": typed},
            code="invalid_month",
        )
    if day is None:
        return f"{year:04d}" if month is None else f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError as error:
        raise ValidationError(
            _("La date « %(value)s » n'existe pas : vérifiez le jour et le mois.")
            % {"value": typed},
            code="invalid_day",
        ) from error


def parse(value):
    """The ISO text of ``value`` at its precision, or ``None`` when it is blank.

    Accepts a ``date`` (day precision), ISO text (``2023-07-12``, ``2023-07``, ``2018``),
    French numeric dates (``12/07/2023``, ``07/2023``) and words (``12 juillet 2023``,
    ``1er juillet 2023``, ``juillet 2023``). Raises ``ValidationError`` with a French message
    for anything else, and for a day or a month that does not exist (``31/02/2023``)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split()).lower()
    if not text:
        return None
    match = ISO_RE.match(text)
    if match:
        year, month, day = (int(part) if part else None for part in match.groups())
        return _build(year, month, day, typed=value)
    match = NUMERIC_RE.match(text)
    if match:
        day, month, year = (int(part) if part else None for part in match.groups())
        return _build(year, month, day, typed=value)
    match = WORDS_RE.match(text)
    if match and match.group(2) in MONTHS:
        day = match.group(1)
        day = 1 if day == "1er" else (int(day) if day else None)
        return _build(int(match.group(3)), MONTHS[match.group(2)], day, typed=value)
    raise ValidationError(
        _(
            "« %(value)s » n'est pas une date : écrivez par exemple « 12/07/2023 », "
            "« 07/2023 », « juillet 2023 » ou « 2018 »."
        )
        % {"value": value},
        code="invalid",
    )


def precision(value):
    """``DAY``, ``MONTH`` or ``YEAR`` for a stored partial date; ``None`` when unknown."""
    if not value:
        return None
    return {10: DAY, 7: MONTH, 4: YEAR}[len(value)]


def year(value):
    return int(value[:4]) if value else None


def as_date(value):
    """The ``date`` of a day-precise partial date; ``None`` for a month, a year or unknown."""
    return date.fromisoformat(value) if precision(value) == DAY else None


def first_day(value):
    """The first day of the period a partial date names (for arithmetic only)."""
    if not value:
        return None
    parts = [int(part) for part in value.split("-")] + [1, 1]
    return date(*parts[:3])


def label(value):
    """The date as displayed, in the active language: « 12 juillet 2023 », « 1er juillet
    2023 », « juillet 2023 », « 2018 »; ``""`` when unknown."""
    kind = precision(value)
    if kind is None:
        return ""
    if kind == YEAR:
        return value
    day = first_day(value)
    if kind == MONTH:
        return formats.date_format(day, "F Y")
    text = formats.date_format(day, "j F Y")
    if day.day == 1 and (get_language() or "").startswith("fr"):
        text = "1er" + text[1:]  # « 1er juillet 2023 », French usage for the first day
    return text


class PartialDateFormField(forms.CharField):
    """One text input that accepts every form ``parse`` reads."""

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        super().__init__(max_length=40, **kwargs)
        self.widget.attrs.setdefault("placeholder", _("ex. 07/2023, juillet 2023, 2018"))

    def prepare_value(self, value):
        # The stored ISO text shown as a French contributor types it.
        stored = isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value)
        kind = precision(value) if stored else None
        if kind == DAY:
            return as_date(value).strftime("%d/%m/%Y")
        if kind == MONTH:
            return f"{value[5:7]}/{value[:4]}"
        return value

    def to_python(self, value):
        return parse(super().to_python(value))


class PartialDateDescriptor(DeferredAttribute):
    """Keeps the attribute in its stored form: a ``date`` assigned in code (a factory, a test)
    reads back as its ISO text at once, as it will after saving."""

    def __set__(self, instance, value):
        # A value that cannot be read is kept as typed: the field's validation reports it.
        with contextlib.suppress(ValidationError):
            value = parse(value)
        instance.__dict__[self.field.attname] = value


class PartialDateField(models.Field):
    """A date at the precision known (see the module docstring); ``NULL`` is « non renseigné ».

    Stored as a ``varchar(10)``; not a ``CharField`` subclass, so that tools that treat every
    text as words to translate (wagtail-localize) synchronise it as the date it is."""

    descriptor_class = PartialDateDescriptor
    description = gettext_lazy("Date au jour, au mois ou à l'année")

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 10
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", HELP)
        super().__init__(*args, **kwargs)

    def get_internal_type(self):
        return "CharField"

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def to_python(self, value):
        return parse(value)

    def get_prep_value(self, value):
        return parse(value)

    def value_to_string(self, obj):
        return self.value_from_object(obj) or ""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})
