"""The observatory's operation in the OpenAPI document (``/observatory/``, served by
``fiches.api.endpoints.observatory``): its parameters (the language and every catalogue
filter, from their one spec) and the schema of its answer, the figures of
``fiches.observatory.figures``."""

from fiches.api.openapi import parameters as p
from fiches.api.openapi.schemas import LANGUAGE, STRING
from fiches.catalogue import filters as catalogue_filters
from fiches.catalogue.search import MAX_QUERY_LENGTH
from fiches.observatory.selectors import BREAKDOWNS

PATH = "/observatory/"
SUMMARY = "Chiffres clés des fiches publiées (observatoire), pour les filtres du catalogue"
DESCRIPTION = (
    "Les fiches publiques de la langue choisie, comptées par levier, article, année, région, "
    "famille et statut de la structure de l'ESS, type d'acheteur, nature et division CPV "
    "(les comptes du catalogue pour les mêmes filtres), puis les sommes de ce qui est connu : "
    "heures d'insertion, montants exacts (totaux et annuels séparés), emplois (indicateurs en "
    "ETP ou en emplois, valeurs exactes). Ce qui n'est pas renseigné, les estimations, les "
    "fourchettes et les bornes sont comptés à part, jamais additionnés. Voir docs/observatory.md."
)
#: The sections of the answer, in order (``key`` of each).
SECTION_KEYS = [*BREAKDOWNS[:3], "region", *BREAKDOWNS[3:], "insertion_hours", "amounts", "jobs"]

ROW = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "label", "value", "unit"],
    "properties": {
        "code": {
            "type": "string",
            "description": "Valeur du filtre (ex. 53, marche_reserve) ou nom du chiffre "
            "(sum, known, unknown…) ; vide pour « Non renseigné ».",
        },
        "label": STRING,
        "value": {"type": "number", "minimum": 0},
        "unit": {"type": "string", "description": "fiches, heures, € HT, ETP, indicateurs…"},
    },
}
SECTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "title", "notes", "rows"],
    "properties": {
        "key": {"type": "string", "enum": SECTION_KEYS},
        "title": STRING,
        "notes": {"type": "array", "items": STRING},
        "rows": {"type": "array", "items": ROW},
    },
}
OBSERVATORY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["locale", "q", "filters", "fiche_count", "sections"],
    "properties": {
        "locale": LANGUAGE,
        "q": {"type": "string", "description": "La recherche appliquée (vide sans recherche)."},
        "filters": {
            "type": "object",
            "description": "Les filtres appliqués, tels que lus.",
            "additionalProperties": {"type": "string"},
        },
        "fiche_count": {"type": "integer", "minimum": 0},
        "sections": {
            "type": "array",
            "items": SECTION,
            "minItems": len(SECTION_KEYS),
            "maxItems": len(SECTION_KEYS),
        },
    },
}
COMPONENTS = {"Observatory": OBSERVATORY}


def parameters():
    """The query parameters of ``/observatory/`` (``format`` is added by the document)."""
    return [
        p.query("locale", "Langue des fiches comptées (fr par défaut).", LANGUAGE),
        p.query(
            "q",
            "Recherche plein texte des fiches (en français), comme celle du catalogue et de la "
            "page « Chiffres clés ».",
            p.text(MAX_QUERY_LENGTH),
        ),
        *catalogue_filters.openapi_parameters(),
    ]
