"""The JSON schemas of the page payloads of the API: the body blocks, the page's meta and every
field of a fiche (``FICHE_FIELDS``)."""

from fiches.api.openapi.schemas import (
    ACTOR_SUMMARY,
    CHOICE,
    CODE_NAME,
    CPV,
    FIGURE_KINDS,
    IMAGE,
    INTEGER,
    KNOWN_OR_NOT_STATED,
    NULLABLE_STRING,
    NUMBER_OR_NULL,
    PARTIAL_DATE,
    PARTIAL_DATE_TEXT,
    PRECISION,
    STAKEHOLDER,
    STRING,
)

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
