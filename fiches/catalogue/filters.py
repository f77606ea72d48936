"""The catalogue's filter vocabulary: one :class:`Filter` per filter, in :data:`FILTERS`.

Each spec says, once: the GET parameter (the same name on the catalogue, the API, the open-data
exports, the widget and in canonical URLs), its French label, how a value is read and checked
(:meth:`Filter.parse`), the ``selectors.filter_fiches`` keyword it feeds, how its values are
listed and counted for the catalogue's facets, its fieldset in the catalogue's form and its
OpenAPI schema. Every consumer iterates :data:`FILTERS`:

- the catalogue (``fiches.catalogue.facets``): a value that is not listed is dropped with a
  French notice;
- the API (``fiches.api.filters``) and the exports (``fiches.opendata.views``): a bad value is a 400
  with the French message of :class:`InvalidFilterValue`;
- the widget's form (``fiches.discovery.widget_views``), the canonical URL parameters
  (``fiches.discovery.seo``), the export links (``EXPORTED_FILTERS``) and the OpenAPI document
  (``fiches.api.openapi``).

Adding a filter means adding one spec here (and its keyword to ``selectors.filter_fiches`` when
it filters on something new): ``tests/fiches/catalogue/test_filters.py`` checks that each
consumer accepts and applies every spec.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fiches.catalogue import counts
from fiches.choices import (
    BuyerType,
    ESSFamily,
    InclusionStatus,
    Lever,
    Nature,
    Procedure,
    ReservedArticle,
)
from fiches.models import FicheBuyer, FicheSupplier

FIRST_YEAR, LAST_YEAR = 1990, 2100
YEAR_RE = re.compile(r"^\d{4}$")
CPV_FILTER_RE = re.compile(r"^(\d{2,8})(?:-(\d))?$")

#: The legal articles a fiche can be filtered by, with the lever each one stands for.
ARTICLE_LABELS = {
    **dict(ReservedArticle.choices),
    "L2112-2": _("L2112-2 — clause sociale ou environnementale (condition d'exécution)"),
    "R2152-7": _("R2152-7 — critère social ou environnemental d'attribution"),
}

#: The fieldsets of the catalogue's filter form, in order (each filter names its own).
TERRITORY = pgettext_lazy("catalogue filters", "Territoire")
SUBJECT = pgettext_lazy("catalogue filters", "Objet du marché")
LEVERS = pgettext_lazy("catalogue filters", "Leviers sociaux et environnementaux")
ACTORS = pgettext_lazy("catalogue filters", "Acteurs")
GROUP_LEGENDS = (TERRITORY, SUBJECT, LEVERS, ACTORS)


class InvalidFilterValue(ValueError):
    """A value a filter does not accept; ``str()`` is the French message for the visitor."""


class UnknownCode(InvalidFilterValue):
    """A well-formed CPV code that is not in the nomenclature (the API answers 404: the code
    names nothing, as a detail URL of an unknown object)."""


@dataclass(frozen=True)
class Filter:
    """One catalogue filter. ``values`` lists the accepted values with their labels: a tuple
    of choices, or the name of a :class:`Reference` table; ``criterion`` is the keyword of
    ``selectors.filter_fiches``; ``counter(fiches, reference)`` gives ``{value: count}`` for
    the facet; ``invalid`` the French message of a value that is not accepted."""

    name: str
    label: str
    criterion: str
    group: str
    counter: object
    invalid: str
    all_label: str
    description: str
    values_from: object = ()
    schema: dict = field(default_factory=lambda: {"type": "string"})
    #: Whether the catalogue lists every value in its facet (a year is typed, not listed).
    listed: bool = True
    #: Other parameter names accepted by the exports only, for links made before the rename.
    export_aliases: tuple = ()

    def values(self, reference):
        """The values this filter accepts, in display order, with their labels."""
        if isinstance(self.values_from, str):
            return getattr(reference, self.values_from)
        return dict(self.values_from)

    def label_of(self, value, reference):
        return self.values(reference).get(value, value) if self.listed else str(value)

    def parse(self, raw, reference):
        """The value of ``raw`` (already stripped, not empty) as this filter keeps it; raises
        :class:`InvalidFilterValue` with a French message when it is not accepted."""
        if raw not in self.values(reference):
            raise InvalidFilterValue(self.invalid % {"value": raw})
        return raw

    def clean(self, raw, reference):
        """The catalogue's reading: a listed value, or ``None`` (the catalogue drops it with a
        notice rather than answering an error)."""
        if self.listed:
            return raw if raw in self.values(reference) else None
        try:
            return self.parse(raw, reference)
        except InvalidFilterValue:
            return None

    def to_criterion(self, value):
        """The value handed to ``selectors.filter_fiches``."""
        return value

    def count(self, fiches, reference):
        """``{value: number of fiches}`` among ``fiches`` (values without a fiche left out)."""
        return self.counter(fiches, reference)

    def openapi_parameter(self):
        """This filter as a query parameter of the OpenAPI document."""
        return {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": f"{self.description} (fiches).",
            "schema": self.schema,
        }


class LeverFilter(Filter):
    def to_criterion(self, value):
        return Lever(value)


class CPVFilter(Filter):
    """A CPV division in the catalogue (its facet lists the divisions); elsewhere also a code
    with or without its check digit (``77310000-6``: that code and its sub-codes) or any prefix
    of 2 to 8 digits."""

    def parse(self, raw, reference):
        match = CPV_FILTER_RE.match(raw)
        if match is None:
            raise InvalidFilterValue(self.invalid % {"value": raw})
        digits, check = match.groups()
        if len(digits) == 8:
            code = reference.cpv_code(digits)
            if code is None or (check is not None and code.code != raw):
                raise UnknownCode(
                    _("le code %(value)s n'est pas dans la nomenclature") % {"value": raw}
                )
            significant = digits.rstrip("0")
            return significant if len(significant) >= 2 else digits[:2]
        if check is not None:
            raise InvalidFilterValue(_("un préfixe s'écrit sans chiffre de contrôle"))
        return digits


class YearFilter(Filter):
    def values(self, reference):
        return {}

    def parse(self, raw, reference):
        if YEAR_RE.match(raw) and FIRST_YEAR <= int(raw) <= LAST_YEAR:
            return raw
        raise InvalidFilterValue(self.invalid % {"value": raw})

    def to_criterion(self, value):
        return int(value)


def _enum(choices):
    return {"type": "string", "enum": [value for value, _label in choices]}


# --- The filters -------------------------------------------------------------------------------

#: Every filter, in the order of the query string.
FILTERS = (
    Filter(
        "region",
        _("Région"),
        "region",
        TERRITORY,
        counts.field("region_id"),
        _("Région inconnue : « %(value)s ». Donnez son code INSEE (ex. 53 pour la Bretagne)."),
        _("Toutes les régions"),
        "Code INSEE de la région",
        values_from="regions",
        schema={"type": "string", "pattern": "^[0-9]{2}$"},
    ),
    Filter(
        "department",
        _("Département"),
        "department",
        TERRITORY,
        counts.departments,
        _("Département inconnu : « %(value)s ». Donnez son code INSEE (ex. 35)."),
        _("Tous les départements"),
        "Code INSEE du département",
        values_from="departments",
        schema={"type": "string", "pattern": "^(?:[0-9]{2,3}|2[AB])$"},
    ),
    Filter(
        "theme",
        _("Thématique"),
        "theme",
        SUBJECT,
        counts.themes,
        _("Thématique inconnue : « %(value)s ». Donnez son identifiant (ex. espaces-verts)."),
        _("Toutes les thématiques"),
        "Identifiant d'URL de la thématique",
        values_from="themes",
        schema={"type": "string", "pattern": "^[-a-zA-Z0-9_]*$", "minLength": 1, "maxLength": 80},
    ),
    CPVFilter(
        "cpv",
        _("Secteur (division CPV)"),
        "cpv_prefix",
        SUBJECT,
        counts.divisions,
        _(
            "« %(value)s » n'est pas un code CPV : 2 à 8 chiffres, éventuellement suivis "
            "d'un tiret et du chiffre de contrôle (77310000-6)"
        ),
        _("Tous les secteurs"),
        "Code CPV (et ses sous-codes) ou préfixe de 2 à 8 chiffres",
        values_from="divisions",
        schema={"type": "string", "pattern": "^(?:[0-9]{2,7}|[0-9]{8}(?:-[0-9])?)$"},
    ),
    Filter(
        "nature",
        _("Nature du marché"),
        "nature",
        SUBJECT,
        counts.field("nature"),
        _("Nature inconnue : « %(value)s »."),
        _("Toutes les natures"),
        "Nature du marché",
        values_from=tuple(Nature.choices),
        schema=_enum(Nature.choices),
    ),
    Filter(
        "procedure",
        _("Procédure"),
        "procedure",
        SUBJECT,
        counts.field("procedure"),
        _("Procédure inconnue : « %(value)s »."),
        _("Toutes les procédures"),
        "Procédure",
        values_from=tuple(Procedure.choices),
        schema=_enum(Procedure.choices),
    ),
    YearFilter(
        "award_year",
        _("Année d'attribution"),
        "award_year",
        SUBJECT,
        counts.years,
        _("Année invalide : « %(value)s » (une année de 1990 à 2100, ex. 2023)."),
        _("Toutes les années"),
        "Année de notification",
        schema={"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
        listed=False,
        export_aliases=("year",),
    ),
    LeverFilter(
        "lever",
        _("Levier"),
        "lever",
        LEVERS,
        counts.levers,
        _("Levier inconnu : « %(value)s »."),
        _("Tous les leviers"),
        "Levier social ou environnemental",
        values_from=tuple(Lever.choices),
        schema=_enum(Lever.choices),
    ),
    Filter(
        "legal_article",
        _("Article du code"),
        "article",
        LEVERS,
        counts.articles(ARTICLE_LABELS),
        _("Article inconnu : « %(value)s »."),
        _("Tous les articles"),
        "Article du code de la commande publique",
        values_from=tuple(ARTICLE_LABELS.items()),
        schema={"type": "string", "enum": sorted(ARTICLE_LABELS)},
    ),
    Filter(
        "buyer_type",
        _("Type d'acheteur"),
        "buyer_type",
        ACTORS,
        counts.actor_field(FicheBuyer, "buyer_type"),
        _("Type d'acheteur inconnu : « %(value)s »."),
        _("Tous les types d'acheteur"),
        "Type d'acheteur",
        values_from=tuple(BuyerType.choices),
        schema=_enum(BuyerType.choices),
    ),
    Filter(
        "family",
        _("Famille de la structure de l'ESS"),
        "family",
        ACTORS,
        counts.actor_field(FicheSupplier, "family"),
        _("Famille inconnue : « %(value)s »."),
        _("Toutes les familles"),
        "Famille de la structure de l'ESS titulaire",
        values_from=tuple(ESSFamily.choices),
        schema=_enum(ESSFamily.choices),
    ),
    Filter(
        "status",
        _("Statut d'inclusion ou de handicap"),
        "status",
        ACTORS,
        counts.actor_field(FicheSupplier, "inclusion_status"),
        _("Statut inconnu : « %(value)s »."),
        _("Tous les statuts"),
        "Statut d'inclusion ou de handicap de la structure titulaire",
        values_from=tuple(InclusionStatus.choices),
        schema=_enum(InclusionStatus.choices),
    ),
)
BY_NAME = {spec.name: spec for spec in FILTERS}
NAMES = tuple(BY_NAME)


def criteria(values):
    """The keyword arguments of ``selectors.filter_fiches`` for ``{name: parsed value}``."""
    return {BY_NAME[name].criterion: BY_NAME[name].to_criterion(v) for name, v in values.items()}


def parse_strict(params, reference, *, export=False):
    """``{name: value}`` of every filter given in ``params`` (a QueryDict or dict), for the API
    and the exports; raises :class:`InvalidParameter` for the first bad one. The API takes a
    value as given (an empty one is an error); the exports strip it, ignore an empty one and
    read a filter's ``export_aliases`` when its own name is absent."""
    values = {}
    for spec in FILTERS:
        names = (spec.name, *spec.export_aliases) if export else (spec.name,)
        given = next((name for name in names if name in params), None)
        if given is None:
            continue
        raw = params[given].strip() if export else params[given]
        if export and not raw:
            continue
        try:
            values[spec.name] = spec.parse(raw, reference)
        except InvalidFilterValue as error:
            raise InvalidParameter(given, error) from error
    return values


class InvalidParameter(Exception):
    """A bad filter value in ``parse_strict``: ``name`` the parameter as given, ``error`` the
    :class:`InvalidFilterValue`."""

    def __init__(self, name, error):
        super().__init__(f"{name}: {error}")
        self.name = name
        self.error = error


def openapi_parameters():
    """The query parameters of the catalogue filters in the OpenAPI document, in order."""
    return [spec.openapi_parameter() for spec in FILTERS]
