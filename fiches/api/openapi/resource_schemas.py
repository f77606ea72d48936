"""The JSON schemas of the reference resources (images, documents, regions, departments, CPV
codes, themes) and of the actors, as the ``components`` of the OpenAPI document name them."""

from fiches.api import fields as api_fields
from fiches.api.openapi.schemas import (
    CHOICE,
    CODE_NAME,
    IMAGE,
    INTEGER,
    KNOWN_OR_NOT_STATED,
    LANGUAGE,
    RENDITION,
    STRING,
    item,
)

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
