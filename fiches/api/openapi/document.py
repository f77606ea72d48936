"""The OpenAPI 3 document of the public API, built from the same lists of parameters and choices
as the endpoints so that it cannot drift from them (schemas in ``schemas``, parameters in
``parameters``)."""

from django.urls import reverse

from fiches.api import filters
from fiches.api.openapi.parameters import (
    ACTOR_PARAMETERS,
    CPV_PARAMETERS,
    DETAIL_PARAMETERS,
    FIELDS,
    FIND_ID,
    FORMAT,
    MEDIA_PARAMETERS,
    PAGE_PARAMETERS,
    PAGE_TYPE,
    PAGINATION,
    THEME_PARAMETERS,
    path_id,
    query,
)
from fiches.api.openapi.schemas import (
    ACTOR,
    ERROR,
    PAGE,
    REFERENCE_SCHEMAS,
    STRING,
    listing,
    ref,
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
