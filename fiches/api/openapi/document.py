"""The OpenAPI 3 document of the public API, built from the same lists of parameters and choices
as the endpoints so that it cannot drift from them (schemas in ``schemas``, ``page_schemas`` and
``resource_schemas``, parameters in ``parameters``). The query parameters of each operation are
also what the server accepts (``operation_schemas``, checked by ``fiches.api.validation``)."""

import copy
import functools

from django.urls import reverse

from fiches.api import filters
from fiches.api.openapi import observatory
from fiches.api.openapi import parameters as p
from fiches.api.openapi.page_schemas import PAGE
from fiches.api.openapi.resource_schemas import ACTOR, REFERENCE_SCHEMAS
from fiches.api.openapi.schemas import ERROR, enum, listing, ref
from fiches.catalogue import filters as catalogue_filters

HTML = {"type": "string", "description": "Page HTML de l'API navigable (format=api)."}


def content(schema):
    """The JSON body, and its HTML page with ``format=api``."""
    return {"application/json": {"schema": schema}, "text/html": {"schema": HTML}}


BAD_PARAMETER = {
    "description": (
        "Paramètre invalide : inconnu, donné deux fois, vide, hors des bornes ou de la forme "
        "décrites (le message le nomme)."
    ),
    "content": content(ERROR),
}
NOT_FOUND = {"description": "Introuvable.", "content": content(ERROR)}
URI_TOO_LONG = {
    "description": (
        "Ligne de requête de plus de 4 094 octets, refusée par le serveur HTTP (gunicorn) avant "
        "l'application ; les longueurs maximales des paramètres l'évitent."
    )
}
UNAVAILABLE = {
    "description": "Base de données injoignable : réessayer après Retry-After secondes.",
    "headers": {
        "Retry-After": {"description": "Secondes à attendre.", "schema": {"type": "integer"}}
    },
    "content": {"application/json": {"schema": ERROR}},
}


def responses(schema, *, not_found=False):
    result = {"200": {"description": "OK", "content": content(schema)}, "400": BAD_PARAMETER}
    if not_found:
        result["404"] = NOT_FOUND
    result["414"] = URI_TOO_LONG
    result["503"] = UNAVAILABLE
    return result


def operation(summary, parameters, schema, *, not_found=False, path_parameter=None):
    parameters = [*parameters, p.FORMAT]
    if path_parameter:
        parameters.insert(0, path_parameter)
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": responses(schema, not_found=not_found),
        }
    }


def find_operation(summary, parameters, field_names):
    """``find/``: a redirection to the detail of the object found, or a 404."""
    return {
        "get": {
            "summary": summary,
            "description": (
                "Redirige (302) vers l'URL du détail de l'objet trouvé, en gardant les autres "
                "paramètres (fields, format) ; 404 si rien ne correspond ou sans critère."
            ),
            "parameters": [*parameters, p.fields_parameter(field_names), p.FORMAT],
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
                "414": URI_TOO_LONG,
                "503": UNAVAILABLE,
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


def field_names(endpoint, models, *, listing):
    """Every name ``fields`` accepts on ``endpoint`` for any of ``models`` (the listings leave
    the detail-only fields out)."""
    names = set()
    for model in models:
        names |= {*endpoint.get_body_fields_names(model), *endpoint.get_meta_fields_names(model)}
    if listing:
        names -= set(endpoint.detail_only_fields)
    return sorted(names)


@functools.cache
def static_paths():
    """The paths of the document, built once: they depend on the code only."""
    from wagtail.models import Page

    from fiches.api.endpoints.pages import page_models
    from fiches.api.router import api_router

    endpoints = api_router._endpoints
    pages = endpoints["pages"]
    models = page_models()
    page_listing = field_names(pages, [Page, *models.values()], listing=True)
    page_detail = field_names(pages, [Page, *models.values()], listing=False)

    def names(name, *, listing):
        return field_names(endpoints[name], [endpoints[name].model], listing=listing)

    def detail(summary, name, schema, path_parameter=None):
        return operation(
            summary,
            [p.fields_parameter(names(name, listing=False))],
            schema,
            not_found=True,
            path_parameter=path_parameter or p.path_id(),
        )

    def code_detail(summary, name):
        endpoint = endpoints[name]
        return detail(
            summary,
            name,
            ref(REFERENCE_NAMES[name]),
            p.path_id({"type": "string", "pattern": endpoint.key_pattern}, endpoint.key_example),
        )

    paths = {
        "/pages/": operation(
            "Pages publiées (fiches, catalogue, accueil, contenus)",
            p.page_parameters(page_listing, list(models)),
            listing(PAGE),
            not_found=True,
        ),
        "/pages/{id}/": operation(
            "Une page publiée, corps compris",
            [p.fields_parameter(page_detail)],
            PAGE,
            not_found=True,
            path_parameter=p.path_id(),
        ),
        "/images/": operation(
            "Images des pages publiques et logos des acteurs publics",
            p.media_parameters(names("images", listing=True)),
            listing(ref("Image")),
        ),
        "/images/{id}/": detail("Une image et ses déclinaisons", "images", ref("Image")),
        "/documents/": operation(
            "Documents des pages publiques",
            p.media_parameters(names("documents", listing=True)),
            listing(ref("Document")),
        ),
        "/documents/{id}/": detail("Un document", "documents", ref("Document")),
        "/themes/": operation(
            "Thématiques",
            p.theme_parameters(names("themes", listing=True)),
            listing(ref("Theme")),
        ),
        "/themes/{id}/": detail("Une thématique", "themes", ref("Theme")),
        "/regions/": operation(
            "Régions", p.pagination(names("regions", listing=True)), listing(ref("Region"))
        ),
        "/regions/{id}/": code_detail("Une région et ses départements", "regions"),
        "/departments/": operation(
            "Départements",
            p.department_parameters(names("departments", listing=True)),
            listing(ref("Department")),
        ),
        "/departments/{id}/": code_detail("Un département", "departments"),
        "/cpv-codes/": operation(
            "Nomenclature CPV",
            p.cpv_parameters(names("cpv-codes", listing=True)),
            listing(ref("CPVCode")),
        ),
        "/cpv-codes/{id}/": code_detail("Un code CPV (avec son chiffre de contrôle)", "cpv-codes"),
    }
    for endpoint in ("buyers", "ess-structures", "operators"):
        paths[f"/{endpoint}/"] = operation(
            "Acteurs présents dans au moins une fiche publiée",
            p.actor_parameters(names(endpoint, listing=True)),
            listing(ACTOR),
        )
        paths[f"/{endpoint}/{{id}}/"] = detail("Un acteur et ses fiches publiées", endpoint, ACTOR)
    paths["/pages/find/"] = find_operation(
        "Trouver une page publiée par son chemin public ou son identifiant",
        [
            p.query(
                "html_path",
                "Chemin de la page sur le site public, préfixe de langue compris "
                "(/fr/fiches/mon-marche/ ou /en/…).",
                p.text(filters.MAX_HTML_PATH),
                example="/fr/fiches/",
            ),
            p.FIND_ID,
            p.page_type(list(models)),
        ],
        page_detail,
    )
    for endpoint, summary in FIND_ENDPOINTS.items():
        paths[f"/{endpoint}/find/"] = find_operation(
            summary, [p.FIND_ID], names(endpoint, listing=False)
        )
    paths[observatory.PATH] = operation(
        observatory.SUMMARY, observatory.parameters(), ref("Observatory"), not_found=True
    )
    paths[observatory.PATH]["get"]["description"] = observatory.DESCRIPTION
    return paths


REFERENCE_NAMES = {"regions": "Region", "departments": "Department", "cpv-codes": "CPVCode"}


@functools.cache
def operation_schemas(path):
    """``{name: schema}`` of the query parameters of ``path`` (``/pages/``, ``/pages/{id}/``,
    ``/pages/find/``…), or ``None`` for a path the document does not describe."""
    item = static_paths().get(path)
    if item is None:
        return None
    return {
        parameter["name"]: parameter["schema"]
        for parameter in item["get"]["parameters"]
        if parameter["in"] == "query"
    }


def with_reference_values(paths):
    """The fiche filters whose values come from the database (regions, departments, themes)
    with the list of those values, which the server accepts and no other."""
    from fiches.catalogue.reference import LiveReference

    reference = LiveReference()
    for parameter in (
        *paths["/pages/"]["get"]["parameters"],
        *paths[observatory.PATH]["get"]["parameters"],
    ):
        spec = catalogue_filters.BY_NAME.get(parameter["name"])
        if spec is not None and isinstance(spec.values_from, str) and spec.listed:
            if spec.name == "cpv":
                continue
            parameter["schema"] = enum(sorted(spec.values(reference)))
    return paths


def build_document(request):
    """The OpenAPI 3.1 document of ``/api/v2/``."""
    base = request.build_absolute_uri(reverse("wagtailapi_v2:pages:listing")).removesuffix("pages/")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "API des fiches REX — Marchés publics & ESS",
            "version": "2",
            "description": "Lecture seule. Voir docs/api.md.",
        },
        "servers": [{"url": base}],
        "paths": with_reference_values(copy.deepcopy(static_paths())),
        "components": {
            "schemas": {
                "Page": PAGE,
                "Error": ERROR,
                "Actor": ACTOR,
                **REFERENCE_SCHEMAS,
                **observatory.COMPONENTS,
            }
        },
    }
