"""Every query parameter of the API checked against the schema the OpenAPI document gives it
(``fiches.api.openapi``), before any query: the document is the one list of what each operation
accepts, so that the server cannot accept what the document refuses, nor the reverse.

The schemas use a small part of JSON Schema: ``integer`` with ``minimum``/``maximum``, ``string``
with ``enum``, ``pattern``, ``minLength``/``maxLength``. A value outside them (an empty value, a
NUL character, an integer too large for the database, a parameter given twice or unknown) is a
400 whose message names the parameter."""

import re

from django.utils.translation import gettext as _
from wagtail.api.v2.utils import BadRequestError

#: Longest run of digits read as an integer (2**63 has 19 digits).
MAX_DIGITS = 19
#: Largest identifier the database holds (a 32-bit signed integer primary key).
MAX_ID = 2**31 - 1


def bad_parameter(name, message):
    return BadRequestError(f"{name}: {message}")


def check_query(params, schemas):
    """Raises ``BadRequestError`` for the first parameter of ``params`` (a QueryDict) that
    ``schemas`` (``{name: JSON schema}``) does not accept."""
    unknown = sorted(set(params) - set(schemas))
    if unknown:
        raise BadRequestError(_("paramètre inconnu : %(names)s") % {"names": ", ".join(unknown)})
    for name, values in params.lists():
        if len(values) > 1:
            raise bad_parameter(name, _("ce paramètre ne peut être donné qu'une fois"))
        check_value(name, values[0], schemas[name])


def check_value(name, value, schema):
    if schema.get("type") == "integer":
        _check_integer(name, value, schema)
    else:
        _check_string(name, value, schema)


def _check_integer(name, value, schema):
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    if not re.fullmatch(rf"[0-9]{{1,{MAX_DIGITS}}}", value) or not (
        (minimum is None or int(value) >= minimum) and (maximum is None or int(value) <= maximum)
    ):
        raise bad_parameter(
            name,
            _("« %(value)s » n'est pas un entier entre %(min)s et %(max)s")
            % {"value": _shown(value), "min": minimum, "max": maximum},
        )


def _check_string(name, value, schema):
    if "enum" in schema:
        if value not in schema["enum"]:
            raise bad_parameter(
                name,
                _("valeur inconnue « %(value)s » ; valeurs possibles : %(allowed)s")
                % {"value": _shown(value), "allowed": ", ".join(schema["enum"])},
            )
        return
    if not value:
        raise bad_parameter(name, _("la valeur est vide ; retirez le paramètre ou remplissez-le"))
    if "\x00" in value:
        raise bad_parameter(name, _("le caractère nul est interdit"))
    if len(value) > schema.get("maxLength", len(value)) or len(value) < schema.get("minLength", 0):
        raise bad_parameter(
            name,
            _("de %(min)s à %(max)s caractères attendus")
            % {"min": schema.get("minLength", 1), "max": schema.get("maxLength", "∞")},
        )
    if "pattern" in schema and not compiled(schema["pattern"]).fullmatch(value):
        raise bad_parameter(
            name,
            _("« %(value)s » n'a pas la forme attendue (%(pattern)s)")
            % {"value": _shown(value), "pattern": schema["pattern"]},
        )


_COMPILED = {}


def compiled(pattern):
    """``pattern`` as Python reads it: the document's patterns use only what ECMA-262 and Python
    read alike (no ``\\d`` nor ``\\w``, which are Unicode-aware in Python)."""
    if pattern not in _COMPILED:
        _COMPILED[pattern] = re.compile(pattern)
    return _COMPILED[pattern]


def _shown(value):
    return value if len(value) <= 40 else value[:40] + "…"
