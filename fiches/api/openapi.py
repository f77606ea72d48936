"""The OpenAPI 3 document of the public API, built from the same lists of parameters and choices
as the endpoints so that it cannot drift from them."""

from django.conf import settings
from django.urls import reverse

from fiches.api import fields as api_fields
from fiches.api import filters
from fiches.catalogue import filters as catalogue_filters

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
NUMBER_OR_NULL = {"type": ["number", "null"]}
CHOICE = {
    "type": ["object", "null"],
    "properties": {"code": STRING, "label": STRING},
    "required": ["code", "label"],
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
        "properties": {"quote": STRING, "author": STRING, "role": STRING},
    },
    "key_figures": {
        "type": "object",
        "properties": {
            "title": STRING,
            "figures": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"value": NUMBER_OR_NULL, "unit": STRING, "label": STRING},
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
    "procedure": CHOICE,
    "technique": CHOICE,
    "execution_mode": CHOICE,
    "levers": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"code": STRING, "label": STRING, "article": NULLABLE_STRING},
        },
    },
    "reserved_article": CHOICE,
    "insertion_hours": {"type": ["integer", "null"]},
    "criteria": {
        "type": "array",
        "items": {"type": "object", "properties": {"name": STRING, "weight": NUMBER_OR_NULL}},
    },
    "cpv": {
        "type": "object",
        "properties": {"main": CPV, "additional": {"type": "array", "items": CPV}},
    },
    "lots": {
        "type": "object",
        "properties": {"count": {"type": ["integer", "null"]}, "concerned": STRING},
    },
    "duration": {
        "type": "object",
        "properties": {"months": {"type": ["integer", "null"]}, "note": STRING},
    },
    "amount": {
        "type": ["object", "null"],
        "properties": {
            "kind": CHOICE,
            "amount": NUMBER_OR_NULL,
            "min": NUMBER_OR_NULL,
            "max": NUMBER_OR_NULL,
            "currency": {"const": "EUR"},
        },
    },
    "notification_date": {"type": ["string", "null"], "format": "date"},
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
                "value": NUMBER_OR_NULL,
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


def query(name, description, schema=None, **extra):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or STRING,
        **extra,
    }


def enum(values):
    return {"type": "string", "enum": list(values)}


def ordering(fields):
    return enum([prefix + field for field in fields for prefix in ("", "-")])


PAGINATION = [
    query("limit", "Nombre d'éléments (50 au plus).", {"type": "integer", "minimum": 0}),
    query("offset", "Rang du premier élément.", {"type": "integer", "minimum": 0}),
    query("fields", "Champs à ajouter (a,b), retirer (-a) ou tous (*).", {"type": "string"}),
]
PAGE_TYPE = query(
    "type",
    "Type de page, par exemple fiches.FichePage.",
    enum(["fiches.FichePage", "fiches.FicheIndexPage", "home.HomePage", "home.ContentPage"]),
)
PAGE_PARAMETERS = [
    *PAGINATION,
    PAGE_TYPE,
    query("locale", "Langue des pages.", enum(["fr", "en"])),
    query("slug", "Identifiant d'URL exact."),
    query("child_of", "Identifiant de la page parente.", {"type": "integer", "minimum": 1}),
    query("descendant_of", "Identifiant d'une page ancêtre.", {"type": "integer", "minimum": 1}),
    query(
        "translation_of",
        "Identifiant d'une page dont on veut les traductions.",
        {"type": "integer", "minimum": 1},
    ),
    query(
        "search",
        "Recherche plein texte (racinisation française, sans accents).",
        {"type": "string", "minLength": 1, "maxLength": filters.MAX_SEARCH_LENGTH},
    ),
    query("search_operator", "Combinaison des mots cherchés.", enum(["or", "and"])),
    query(
        "order",
        "Tri ; les champs de fiche demandent type=fiches.FichePage.",
        ordering(filters.FICHE_ORDERINGS),
    ),
    # The catalogue filters, from their one spec (fiches.catalogue.filters).
    *catalogue_filters.openapi_parameters(),
    *(
        query(
            name, f"Identifiant d'un acteur ({name}) (fiches).", {"type": "integer", "minimum": 1}
        )
        for name in filters.ACTOR_PARAMETERS
    ),
]


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
FORMAT = query(
    "format",
    "json (par défaut) ou api : la même réponse en page HTML navigable, pour les humains.",
    enum(["json", "api"]),
)
HTML = {"type": "string", "description": "Page HTML de l'API navigable (format=api)."}


def content(schema):
    """The JSON body, and its HTML page with ``format=api``."""
    return {"application/json": {"schema": schema}, "text/html": {"schema": HTML}}


BAD_PARAMETER = {
    "description": "Paramètre invalide (le message le nomme).",
    "content": content(ERROR),
}
NOT_FOUND = {"description": "Introuvable.", "content": content(ERROR)}


def responses(schema, *, not_found=False):
    result = {"200": {"description": "OK", "content": content(schema)}, "400": BAD_PARAMETER}
    if not_found:
        result["404"] = NOT_FOUND
    return result


def operation(summary, parameters, schema, *, not_found=False, path_parameter=None):
    parameters = [*parameters, FORMAT]
    if path_parameter:
        parameters.insert(0, path_parameter)
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": responses(schema, not_found=not_found),
        }
    }


def find_operation(summary, parameters):
    """``find/``: a redirection to the detail of the object found, or a 404."""
    return {
        "get": {
            "summary": summary,
            "description": (
                "Redirige (302) vers l'URL du détail de l'objet trouvé, en gardant les autres "
                "paramètres (fields, format) ; 404 si rien ne correspond ou sans critère."
            ),
            "parameters": [*parameters, FIELDS, FORMAT],
            "responses": {
                "302": {
                    "description": "Trouvé : l'adresse du détail est dans Location.",
                    "headers": {
                        "Location": {
                            "description": "URL du détail (/…/{id}/), paramètres gardés.",
                            "schema": {"type": "string", "format": "uri"},
                        }
                    },
                },
                "400": BAD_PARAMETER,
                "404": NOT_FOUND,
            },
        }
    }


def path_id(schema=None, example=None):
    parameter = {"name": "id", "in": "path", "required": True, "schema": schema or INTEGER}
    if example is not None:
        parameter["example"] = example
    return parameter


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
FIELDS = query(
    "fields",
    "Champs à ajouter (a,b), retirer (-a), tous (*) ou aucun sauf ceux nommés (_,a).",
    {"type": "string"},
)
DETAIL_PARAMETERS = [FIELDS]
SEARCH = query(
    "search",
    "Recherche plein texte.",
    {"type": "string", "minLength": 1, "maxLength": filters.MAX_SEARCH_LENGTH},
)
MEDIA_PARAMETERS = [
    *PAGINATION,
    query("order", "Tri.", ordering(["id", "title", "created_at"])),
    SEARCH,
]
THEME_PARAMETERS = [
    *PAGINATION,
    query("order", "Tri.", ordering(["id", "name"])),
    SEARCH,
    query("slug", "Identifiant d'URL exact."),
    query("locale", "Langue.", LANGUAGE),
]
CPV_PARAMETERS = [
    *PAGINATION,
    query(
        "code",
        "Code, avec ou sans chiffre de contrôle.",
        {"type": "string", "pattern": "^\\d{8}(-\\d)?$"},
    ),
    query("prefix", "Début du code.", {"type": "string", "pattern": "^\\d{1,8}$"}),
    query("level", "Niveau hiérarchique.", {"type": "integer", "minimum": 1, "maximum": 7}),
    query("search", "Mots du libellé.", {"type": "string", "minLength": 1, "maxLength": 200}),
]
ACTOR = {
    "type": "object",
    "properties": {
        "id": INTEGER,
        "meta": {"type": "object"},
        "name": STRING,
        "slug": STRING,
        "category": CHOICE,
        "region": CODE_NAME,
        "department": CODE_NAME,
        "logo": IMAGE,
        "fiches": {"type": "array", "items": {"type": "object"}},
    },
}
ACTOR_PARAMETERS = [
    *PAGINATION,
    query("order", "Tri.", ordering(["id", "name"])),
    query(
        "search",
        "Recherche dans le nom et la présentation.",
        {"type": "string", "minLength": 1, "maxLength": 200},
    ),
    query("slug", "Identifiant d'URL exact."),
    query("region", "Code INSEE de la région."),
]


FIND_ID = query(
    "id",
    "Identifiant de l'objet.",
    {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    example=1,
)
#: The endpoints with ``find/?id=`` besides the pages, with what each finds.
FIND_ENDPOINTS = {
    "images": "Trouver une image publique par son identifiant",
    "documents": "Trouver un document public par son identifiant",
    "buyers": "Trouver un acheteur par son identifiant",
    "ess-structures": "Trouver une structure de l'ESS par son identifiant",
    "operators": "Trouver un opérateur par son identifiant",
    "themes": "Trouver une thématique par son identifiant",
}


def build_document(request):
    """The OpenAPI 3.1 document of ``/api/v2/``."""
    base = request.build_absolute_uri(reverse("wagtailapi_v2:pages:listing")).removesuffix("pages/")
    paths = {
        "/pages/": operation(
            "Pages publiées (fiches, catalogue, accueil, contenus)", PAGE_PARAMETERS, listing(PAGE)
        ),
        "/pages/{id}/": operation(
            "Une page publiée, corps compris",
            DETAIL_PARAMETERS,
            PAGE,
            not_found=True,
            path_parameter=path_id(),
        ),
        "/images/": operation(
            "Images des pages publiques et logos des acteurs publics",
            MEDIA_PARAMETERS,
            listing(ref("Image")),
        ),
        "/images/{id}/": operation(
            "Une image et ses déclinaisons",
            DETAIL_PARAMETERS,
            ref("Image"),
            not_found=True,
            path_parameter=path_id(),
        ),
        "/documents/": operation(
            "Documents des pages publiques", MEDIA_PARAMETERS, listing(ref("Document"))
        ),
        "/documents/{id}/": operation(
            "Un document",
            DETAIL_PARAMETERS,
            ref("Document"),
            not_found=True,
            path_parameter=path_id(),
        ),
        "/themes/": operation("Thématiques", THEME_PARAMETERS, listing(ref("Theme"))),
        "/themes/{id}/": operation(
            "Une thématique",
            DETAIL_PARAMETERS,
            ref("Theme"),
            not_found=True,
            path_parameter=path_id(),
        ),
        "/regions/": operation("Régions", PAGINATION, listing(ref("Region"))),
        "/regions/{id}/": operation(
            "Une région et ses départements",
            DETAIL_PARAMETERS,
            ref("Region"),
            not_found=True,
            path_parameter=path_id(STRING, "53"),
        ),
        "/departments/": operation(
            "Départements",
            [*PAGINATION, query("region", "Code INSEE de la région.")],
            listing(ref("Department")),
        ),
        "/departments/{id}/": operation(
            "Un département",
            DETAIL_PARAMETERS,
            ref("Department"),
            not_found=True,
            path_parameter=path_id(STRING, "35"),
        ),
        "/cpv-codes/": operation("Nomenclature CPV", CPV_PARAMETERS, listing(ref("CPVCode"))),
        "/cpv-codes/{id}/": operation(
            "Un code CPV (avec son chiffre de contrôle)",
            DETAIL_PARAMETERS,
            ref("CPVCode"),
            not_found=True,
            path_parameter=path_id(STRING, "77310000-6"),
        ),
    }
    for endpoint in ("buyers", "ess-structures", "operators"):
        paths[f"/{endpoint}/"] = operation(
            "Acteurs présents dans au moins une fiche publiée", ACTOR_PARAMETERS, listing(ACTOR)
        )
        paths[f"/{endpoint}/{{id}}/"] = operation(
            "Un acteur et ses fiches publiées",
            DETAIL_PARAMETERS,
            ACTOR,
            not_found=True,
            path_parameter=path_id(),
        )
    paths["/pages/find/"] = find_operation(
        "Trouver une page publiée par son chemin public ou son identifiant",
        [
            query(
                "html_path",
                "Chemin de la page sur le site public, préfixe de langue compris "
                "(/fr/fiches/mon-marche/ ou /en/…).",
                {"type": "string", "maxLength": filters.MAX_HTML_PATH},
                example="/fr/fiches/",
            ),
            FIND_ID,
            PAGE_TYPE,
        ],
    )
    for endpoint, summary in FIND_ENDPOINTS.items():
        paths[f"/{endpoint}/find/"] = find_operation(summary, [FIND_ID])
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "API des fiches REX — Marchés publics & ESS",
            "version": "2",
            "description": "Lecture seule. Voir docs/api.md.",
        },
        "servers": [{"url": base}],
        "paths": paths,
        "components": {
            "schemas": {"Page": PAGE, "Error": ERROR, "Actor": ACTOR, **REFERENCE_SCHEMAS}
        },
    }
