"""The query and path parameters of the OpenAPI document, built from the same lists of
parameters and choices as the endpoints so that they cannot drift from them. The server checks
every query parameter against these schemas (``fiches.api.validation``) before anything else.

The patterns use only what ECMA-262 (JSON Schema) and Python read alike: ``[0-9]``, not ``\\d``.
String lengths are bounded so that a request within them stays under the request-line limit of
the production server (gunicorn, 4,094 bytes): ``tests/api/test_openapi.py`` adds them up."""

from django.conf import settings

from fiches.api import filters
from fiches.api.openapi.schemas import LANGUAGE, enum
from fiches.api.validation import MAX_ID
from fiches.catalogue import filters as catalogue_filters

#: Any character but NUL (which PostgreSQL cannot store nor compare).
NO_NUL = "^[^\\u0000]*$"
#: What a Django slug is made of (ASCII letters, digits, - and _).
SLUG = "^[-a-zA-Z0-9_]*$"
REGION_CODE = "^[0-9]{2}$"
#: Longest ``slug`` of ``pages/`` (Wagtail allows up to 255, Unicode letters included).
MAX_PAGE_SLUG = 100
#: At most this many keys in ``order`` and names in ``fields``.
MAX_ORDER_KEYS = 3
MAX_FIELDS = 12

ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def text(max_length, pattern=NO_NUL):
    return {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": pattern}


def query(name, description, schema=None, **extra):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **extra,
    }


def alternatives(names):
    return "(?:" + "|".join(sorted(names, key=lambda name: (-len(name), name))) + ")"


def ordering(fields):
    """``order``: up to ``MAX_ORDER_KEYS`` keys among ``fields``, comma-separated, each with an
    optional leading ``-`` (descending)."""
    key = f"-?{alternatives(fields)}"
    return {
        "type": "string",
        "pattern": f"^{key}(?:,{key}){{0,{MAX_ORDER_KEYS - 1}}}$",
        "maxLength": MAX_ORDER_KEYS * (max(map(len, fields)) + 2),
    }


def fields_schema(names):
    """``fields`` as Wagtail reads it, without nested fields: names to add (``a,b``) or remove
    (``-a``); ``*`` (all) followed by names to remove; ``_`` (none) followed by names to add."""
    name = alternatives(names)
    more = MAX_FIELDS - 1
    return {
        "type": "string",
        "pattern": (
            f"^(?:\\*(?:,-{name}){{0,{more}}}|_(?:,{name}){{0,{more}}}"
            f"|-?{name}(?:,-?{name}){{0,{more}}})$"
        ),
        "maxLength": MAX_FIELDS * (max(map(len, names)) + 2),
    }


def fields_parameter(names):
    return query(
        "fields",
        "Champs à ajouter (a,b), retirer (-a), tous (*) ou aucun sauf ceux nommés (_,a) ; "
        f"{MAX_FIELDS} noms au plus.",
        fields_schema(names),
    )


def pagination(field_names):
    return [
        query(
            "limit",
            f"Nombre d'éléments ({settings.WAGTAILAPI_LIMIT_MAX} au plus, 20 par défaut).",
            {"type": "integer", "minimum": 0, "maximum": settings.WAGTAILAPI_LIMIT_MAX},
        ),
        query(
            "offset",
            "Rang du premier élément.",
            {"type": "integer", "minimum": 0, "maximum": MAX_ID},
        ),
        fields_parameter(field_names),
    ]


def page_type(types):
    return query("type", "Type de page, par exemple fiches.FichePage.", enum(types))


def page_parameters(field_names, types):
    return [
        *pagination(field_names),
        page_type(types),
        query("locale", "Langue des pages.", LANGUAGE),
        query("slug", "Identifiant d'URL exact.", text(MAX_PAGE_SLUG)),
        query("child_of", "Identifiant de la page parente (404 si elle n'est pas publique).", ID),
        query(
            "descendant_of",
            "Identifiant d'une page ancêtre (404 si elle n'est pas publique).",
            ID,
        ),
        query(
            "translation_of",
            "Identifiant d'une page dont on veut les traductions (404 si elle n'est pas publique).",
            ID,
        ),
        SEARCH,
        query("search_operator", "Combinaison des mots cherchés.", enum(["or", "and"])),
        query(
            "order",
            "Tri, plusieurs clés séparées par des virgules ; les clés propres aux fiches "
            "(notification_date, amount) ne trient que les fiches.",
            ordering(filters.FICHE_ORDERINGS),
        ),
        # The catalogue filters, from their one spec (fiches.catalogue.filters).
        *catalogue_filters.openapi_parameters(),
        *(
            query(name, f"Identifiant d'un acteur ({name}) (fiches).", ID)
            for name in filters.ACTOR_PARAMETERS
        ),
    ]


FORMAT = query(
    "format",
    "json (par défaut) ou api : la même réponse en page HTML navigable, pour les humains.",
    enum(["json", "api"]),
)
SEARCH = query(
    "search",
    "Recherche plein texte (racinisation française, sans accents) ; sans mot cherchable, "
    "la liste est vide.",
    text(filters.MAX_SEARCH_LENGTH),
)


def media_parameters(field_names):
    return [
        *pagination(field_names),
        query("order", "Tri.", ordering(["id", "title", "created_at"])),
        SEARCH,
    ]


def theme_parameters(field_names):
    return [
        *pagination(field_names),
        query("order", "Tri.", ordering(["id", "name"])),
        SEARCH,
        query("slug", "Identifiant d'URL exact.", text(80, SLUG)),
        query("locale", "Langue.", LANGUAGE),
    ]


def cpv_parameters(field_names):
    return [
        *pagination(field_names),
        query(
            "code",
            "Code, avec ou sans chiffre de contrôle.",
            {"type": "string", "pattern": "^[0-9]{8}(?:-[0-9])?$"},
        ),
        query("prefix", "Début du code.", {"type": "string", "pattern": "^[0-9]{1,8}$"}),
        query("level", "Niveau hiérarchique.", {"type": "integer", "minimum": 1, "maximum": 7}),
        query("search", "Mots du libellé.", text(filters.MAX_SEARCH_LENGTH)),
    ]


def actor_parameters(field_names):
    return [
        *pagination(field_names),
        query("order", "Tri.", ordering(["id", "name"])),
        query("search", "Recherche dans le nom et la présentation.", SEARCH["schema"]),
        query("slug", "Identifiant d'URL exact.", text(200, SLUG)),
        query("region", "Code INSEE de la région.", {"type": "string", "pattern": REGION_CODE}),
    ]


def department_parameters(field_names):
    return [
        *pagination(field_names),
        query("region", "Code INSEE de la région.", {"type": "string", "pattern": REGION_CODE}),
    ]


FIND_ID = query("id", "Identifiant de l'objet.", ID, example=1)


def path_id(schema=None, example=None):
    parameter = {"name": "id", "in": "path", "required": True, "schema": schema or ID}
    if example is not None:
        parameter["example"] = example
    return parameter
