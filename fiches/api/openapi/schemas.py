"""The JSON schemas of the OpenAPI document that the others are built of (strings, choices,
partial dates, images, actor summaries, errors), and the helpers that build schemas. The page and
fiche payloads are in ``page_schemas``, the reference resources and the actors in
``resource_schemas``."""

from django.conf import settings

from fiches.choices import FigureKind

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
NUMBER_OR_NULL = {"type": ["number", "null"]}
CHOICE = {
    "type": ["object", "null"],
    "properties": {"code": STRING, "label": STRING},
    "required": ["code", "label"],
}
#: How precise a figure is (``fiches.choices.FigureKind``); older key figures read as exact.
FIGURE_KINDS = [kind.value for kind in FigureKind]
#: A choice that may be « Non renseigné »: its code is then ``non_renseigne``.
KNOWN_OR_NOT_STATED = {
    **CHOICE,
    "description": "« Non renseigné » (les sources ne le disent pas) : code non_renseigne.",
}
#: A date at the precision known: ``2023-07-12``, ``2023-07`` or ``2018``.
PARTIAL_DATE_TEXT = {
    "type": ["string", "null"],
    "pattern": "^\\d{4}(-\\d{2}(-\\d{2})?)?$",
    "description": "ISO 8601 à la précision connue (jour, mois ou année) ; null : non renseignée.",
}
PRECISION = {"type": ["string", "null"], "enum": ["day", "month", "year", None]}
PARTIAL_DATE = {
    "type": ["object", "null"],
    "properties": {"date": PARTIAL_DATE_TEXT, "precision": PRECISION},
    "required": ["date", "precision"],
}
CODE_NAME = {
    "type": ["object", "null"],
    "properties": {"code": STRING, "name": STRING},
    "required": ["code", "name"],
}
RENDITION = {
    "type": "object",
    "properties": {"url": STRING, "width": INTEGER, "height": INTEGER},
    "required": ["url", "width", "height"],
    "additionalProperties": False,
}
IMAGE = {
    "type": ["object", "null"],
    "properties": {
        "id": INTEGER,
        "title": STRING,
        "alt": STRING,
        "credit": STRING,
        "width": INTEGER,
        "height": INTEGER,
        "renditions": {"type": "object", "additionalProperties": RENDITION},
    },
}
CPV = {
    "type": ["object", "null"],
    "properties": {"code": STRING, "label": STRING, "division": STRING},
}
ACTOR_SUMMARY = {
    "type": "object",
    "properties": {
        "id": INTEGER,
        "kind": STRING,
        "name": STRING,
        "slug": STRING,
        "type": CHOICE,
        "url": STRING,
        "logo": IMAGE,
    },
}
STAKEHOLDER = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"role": CHOICE, "presentation": STRING, "actor": ACTOR_SUMMARY},
    },
}
ERROR = {
    "type": "object",
    "properties": {"message": STRING},
    "required": ["message"],
}


def enum(values):
    return {"type": "string", "enum": list(values)}


def ordering(fields):
    return enum([prefix + field for field in fields for prefix in ("", "-")])


def listing(item_schema):
    return {
        "type": "object",
        "properties": {
            "meta": {
                "type": "object",
                "properties": {"total_count": {"type": "integer", "minimum": 0}},
                "required": ["total_count"],
                "additionalProperties": False,
            },
            "items": {"type": "array", "items": item_schema},
        },
        "required": ["meta", "items"],
        "additionalProperties": False,
    }


#: ``format``: JSON, or the browsable HTML page of Django REST framework (for people; what a
#: browser gets by default). Any other value is a 400.


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def item(meta_fields, **fields):
    """An item of a listing or detail response. Every field can be left out with the ``fields``
    parameter (``fields=_`` gives ``{}``), so none is required; no other field can appear."""
    return {
        "type": "object",
        "properties": {
            "meta": {
                "type": "object",
                "properties": meta_fields,
                "additionalProperties": False,
            },
            **fields,
        },
        "additionalProperties": False,
    }


LANGUAGE = enum(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)
