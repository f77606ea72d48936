"""The JSON schemas of the OpenAPI document: the page and fiche payloads, the reference data and
the actors, and the helpers that build them."""

from django.conf import settings

from fiches.api import fields as api_fields
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
BLOCKS = {
    "heading": {"type": "object", "properties": {"text": STRING, "level": STRING}},
    "paragraph": {"type": "string", "description": "HTML prêt à l'emploi"},
    "image": {
        "type": "object",
        "properties": {"image": IMAGE, "decorative": {"type": "boolean"}, "caption": STRING},
    },
    "callout": {
        "type": "object",
        "properties": {"tone": STRING, "title": STRING, "text": STRING},
    },
    "document": {
        "type": "object",
        "properties": {
            "document": {
                "type": ["object", "null"],
                "properties": {
                    "id": INTEGER,
                    "title": STRING,
                    "file_extension": STRING,
                    "download_url": STRING,
                },
            },
            "title": STRING,
            "description": STRING,
        },
    },
    "video": {
        "type": "object",
        "properties": {"video": NULLABLE_STRING, "title": STRING, "transcript": STRING},
    },
    "testimony": {
        "type": "object",
        "properties": {
            "quote": STRING,
            "author": {
                "type": "string",
                "description": "Vide quand les sources ne nomment pas la personne.",
            },
            "role": STRING,
        },
    },
    "key_figures": {
        "type": "object",
        "properties": {
            "title": STRING,
            "figures": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "kind": {"enum": FIGURE_KINDS},
                        "value": NUMBER_OR_NULL,
                        "value_min": NUMBER_OR_NULL,
                        "value_max": NUMBER_OR_NULL,
                        "unit": STRING,
                        "label": STRING,
                        "period": STRING,
                        "source": STRING,
                    },
                },
            },
        },
    },
}
BODY = {
    "type": "array",
    "items": {
        "anyOf": [
            {
                "type": "object",
                "properties": {"type": {"const": name}, "value": schema, "id": STRING},
                "required": ["type", "value"],
            }
            for name, schema in BLOCKS.items()
        ]
    },
}
PAGE_META = {
    "type": "object",
    "properties": {
        "type": STRING,
        "detail_url": STRING,
        "html_url": NULLABLE_STRING,
        "slug": STRING,
        "first_published_at": NULLABLE_STRING,
        "locale": STRING,
    },
}
FICHE_FIELDS = {
    "chapo": STRING,
    "hero_image": IMAGE,
    "themes": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"id": INTEGER, "slug": STRING, "name": STRING},
        },
    },
    "author": {"anyOf": [ACTOR_SUMMARY, {"type": "null"}]},
    "nature": CHOICE,
    "procedure": KNOWN_OR_NOT_STATED,
    "technique": KNOWN_OR_NOT_STATED,
    "execution_mode": KNOWN_OR_NOT_STATED,
    "levers": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "code": STRING,
                "label": STRING,
                "article": NULLABLE_STRING,
                "lots": {
                    **NULLABLE_STRING,
                    "description": "Lots concernés ; null : tout le marché",
                },
            },
        },
    },
    "reserved_articles": {
        "type": "array",
        "description": "Les articles du marché réservé (plusieurs peuvent se cumuler).",
        "items": {
            "type": "object",
            "properties": {"code": STRING, "label": STRING, "lots": NULLABLE_STRING},
            "required": ["code", "label"],
        },
    },
    "insertion_hours": {"type": ["integer", "null"]},
    "criteria": {
        "type": "array",
        "items": {"type": "object", "properties": {"name": STRING, "weight": NUMBER_OR_NULL}},
    },
    "criteria_status": {
        **CHOICE,
        "description": "Sans critère listé : non_renseigne (les sources ne les donnent pas) ou "
        "sans_objet ; null quand les critères sont listés (ou pas encore saisis).",
    },
    "cpv": {
        "type": "object",
        "properties": {"main": CPV, "additional": {"type": "array", "items": CPV}},
    },
    "lots": {
        "type": "object",
        "properties": {"count": {"type": ["integer", "null"]}, "concerned": STRING},
    },
    "groupement": {
        "type": ["object", "null"],
        "description": (
            "Le groupement des structures titulaires ; ses membres nommés sont les "
            "stakeholders.suppliers de rôle mandataire ou cotraitant. null : non indiqué."
        ),
        "properties": {
            "type": CHOICE,
            "lead_unknown": {"type": "boolean"},
            "size": {"type": ["integer", "null"]},
            "unnamed_members": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "kind": CHOICE,
                        "count": {"type": "integer", "minimum": 1},
                        "note": STRING,
                    },
                },
            },
            "summary": NULLABLE_STRING,
        },
    },
    "duration": {
        "type": "object",
        "properties": {"months": {"type": ["integer", "null"]}, "note": STRING},
    },
    "amount": {
        "type": ["object", "null"],
        "properties": {
            "kind": CHOICE,
            "period": CHOICE,
            "years": {"type": ["integer", "null"]},
            "amount": NUMBER_OR_NULL,
            "min": NUMBER_OR_NULL,
            "max": NUMBER_OR_NULL,
            "currency": {"const": "EUR"},
        },
    },
    "notification_date": PARTIAL_DATE_TEXT,
    "date_precision": {**PRECISION, "description": "La précision de notification_date."},
    "execution": {
        "type": "object",
        "properties": {"start": PARTIAL_DATE, "end": PARTIAL_DATE},
    },
    "milestones": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"kind": CHOICE, "date": PARTIAL_DATE, "note": STRING},
        },
    },
    "region": CODE_NAME,
    "departments": {"type": "array", "items": CODE_NAME},
    "commune": STRING,
    "decp_id": STRING,
    "stakeholders": {
        "type": "object",
        "properties": {"buyers": STAKEHOLDER, "suppliers": STAKEHOLDER, "operators": STAKEHOLDER},
    },
    "body": BODY,
    "added_value": {
        "type": "object",
        "properties": {"buyer": STRING, "ess": STRING, "territory": STRING},
    },
    "impact_indicators": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "indicator": STRING,
                "kind": CHOICE,
                "value": NUMBER_OR_NULL,
                "min": NUMBER_OR_NULL,
                "max": NUMBER_OR_NULL,
                "unit": STRING,
                "period": STRING,
                "source": STRING,
            },
        },
    },
    "lessons": {
        "type": "object",
        "properties": {"success_factors": STRING, "difficulties": STRING, "advice": STRING},
    },
    "contact": {
        "type": ["object", "null"],
        "description": "Présent seulement si la personne a accepté sa publication.",
        "properties": {"name": STRING, "role": STRING, "email": STRING, "phone": STRING},
    },
    "is_featured": {"type": "boolean"},
}
PAGE = {
    "type": "object",
    "description": "Une page ; les champs présents dépendent du type et du paramètre fields.",
    "properties": {
        "id": INTEGER,
        "meta": PAGE_META,
        "title": STRING,
        "intro": STRING,
        **FICHE_FIELDS,
    },
    "required": ["meta"],
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
OBJECT_META = {"type": STRING, "detail_url": {"type": "string", "format": "uri"}}
NAMED_CODE = {
    "type": "object",
    "properties": {"code": STRING, "name": STRING},
    "required": ["code", "name"],
    "additionalProperties": False,
}
IMAGE_RESOURCE = item(
    {
        **OBJECT_META,
        "download_url": {"type": "string", "description": "URL du fichier original."},
    },
    id=INTEGER,
    title=STRING,
    width={"type": "integer", "minimum": 0},
    height={"type": "integer", "minimum": 0},
    alt={"type": "string", "description": "Texte alternatif (description de l'image)."},
    credit=STRING,
    renditions={
        "type": "object",
        "description": "Déclinaisons de l'image : card (640×360 recadrée), large (1200 au plus).",
        "properties": {name: RENDITION for name in api_fields.IMAGE_RENDITIONS},
        "required": list(api_fields.IMAGE_RENDITIONS),
        "additionalProperties": False,
    },
)
IMAGE_RESOURCE["description"] = (
    "Liste par défaut : id, meta, title, alt, renditions ; fields=* ou détail : tout."
)
DOCUMENT_RESOURCE = item(
    {**OBJECT_META, "download_url": {"type": "string", "format": "uri"}},
    id=INTEGER,
    title=STRING,
)
REGION_RESOURCE = item(
    OBJECT_META,
    code={"type": "string", "pattern": "^\\d{2}$", "description": "Code INSEE."},
    name=STRING,
    name_en={"type": "string", "description": "Nom en anglais (vide s'il n'est pas saisi)."},
    slug=STRING,
    departments={"type": "array", "items": NAMED_CODE},
)
REGION_RESOURCE["description"] = (
    "Liste par défaut : meta, code, name, departments ; fields=* ou détail : tout."
)
DEPARTMENT_RESOURCE = item(
    OBJECT_META,
    code={"type": "string", "description": "Code INSEE (01, 2A, 971…)."},
    name=STRING,
    region=NAMED_CODE,
)
CPV_RESOURCE = item(
    OBJECT_META,
    code={"type": "string", "pattern": "^\\d{8}-\\d$"},
    label={"type": "string", "description": "Libellé français."},
    label_en={"type": "string", "description": "Libellé anglais (vide s'il n'est pas saisi)."},
    division={"type": "string", "pattern": "^\\d{2}$"},
    level={"type": "integer", "minimum": 1, "maximum": 7},
)
CPV_RESOURCE["description"] = (
    "Liste par défaut : meta, code, label, division, level ; fields=* ou détail : tout."
)
THEME_RESOURCE = item(
    OBJECT_META,
    id=INTEGER,
    name=STRING,
    slug=STRING,
    description=STRING,
    locale=LANGUAGE,
)
THEME_RESOURCE["description"] = (
    "Liste par défaut : id, meta, name, slug, locale ; fields=* ou détail : tout."
)
#: The schemas of ``components``, by name, that the paths reference.
REFERENCE_SCHEMAS = {
    "Image": IMAGE_RESOURCE,
    "Document": DOCUMENT_RESOURCE,
    "Region": REGION_RESOURCE,
    "Department": DEPARTMENT_RESOURCE,
    "CPVCode": CPV_RESOURCE,
    "Theme": THEME_RESOURCE,
}
ACTOR = {
    "type": "object",
    "properties": {
        "id": INTEGER,
        "meta": {"type": "object"},
        "name": STRING,
        "slug": STRING,
        "category": CHOICE,
        "inclusion_status": {
            **KNOWN_OR_NOT_STATED,
            "description": "Structures de l'ESS : null quand elle n'a pas de statut.",
        },
        "esus": {
            **CHOICE,
            "description": "Structures de l'ESS : agrément ESUS oui, non ou non_renseigne.",
        },
        "region": CODE_NAME,
        "department": CODE_NAME,
        "logo": IMAGE,
        "fiches": {"type": "array", "items": {"type": "object"}},
    },
}
