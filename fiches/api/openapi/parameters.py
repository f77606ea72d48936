"""The query and path parameters of the OpenAPI document, built from the same lists of
parameters and choices as the endpoints so that they cannot drift from them."""

from fiches.api import filters
from fiches.api.openapi.schemas import INTEGER, LANGUAGE, STRING, enum, ordering
from fiches.catalogue import filters as catalogue_filters


def query(name, description, schema=None, **extra):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or STRING,
        **extra,
    }


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
FORMAT = query(
    "format",
    "json (par défaut) ou api : la même réponse en page HTML navigable, pour les humains.",
    enum(["json", "api"]),
)
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
def path_id(schema=None, example=None):
    parameter = {"name": "id", "in": "path", "required": True, "schema": schema or INTEGER}
    if example is not None:
        parameter["example"] = example
    return parameter
