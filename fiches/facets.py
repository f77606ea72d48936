"""The catalogue's query and its facets.

The catalogue (``FicheIndexPage``, /fr/fiches/) is driven by GET parameters only, so that every
state is a link: ``q`` (full text), one value per filter (``region``, ``department``, ``nature``,
``procedure``, ``lever``, ``legal_article``, ``cpv``, ``family``, ``status``, ``buyer_type``,
``theme``, ``award_year``), ``order`` and ``page``. :func:`parse` reads them: a value that does
not exist is dropped with a French notice shown on the page, never an error.

:func:`count` gives each facet: every value with the number of fiches it would give combined with
the other active filters and the search. Each facet is counted by one GROUP BY (or conditional
aggregate) query over the fiches matching every *other* active filter, so the number of queries
does not depend on the number of fiches or of values.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from wagtail.coreutils import get_supported_content_language_variant

from fiches import search, selectors
from fiches.choices import (
    BuyerType,
    ESSFamily,
    InclusionStatus,
    Lever,
    Nature,
    Procedure,
    ReservedArticle,
)
from fiches.models import (
    CPVCode,
    Department,
    FicheAdditionalCPV,
    FicheBuyer,
    FichePage,
    FicheSupplier,
    Region,
    Theme,
)

#: Sort orders: parameter value → label. ``relevance`` is offered only with a search.
ORDERS = {
    "recent": gettext_lazy("Les plus récentes"),
    "award": gettext_lazy("Date d'attribution, la plus récente d'abord"),
    "amount": gettext_lazy("Montant, le plus élevé d'abord"),
    "relevance": gettext_lazy("Pertinence"),
}
DEFAULT_ORDER = "recent"
SEARCH_ORDER = "relevance"

YEAR_RE = re.compile(r"^\d{4}$")
FIRST_YEAR, LAST_YEAR = 1990, 2100
#: Longest value echoed back in a notice: a pasted essay is not repeated on the page.
ECHO_LENGTH = 40

#: The legal articles a fiche can be filtered by, with the lever each one stands for.
ARTICLE_LABELS = {
    **dict(ReservedArticle.choices),
    "L2112-2": gettext_lazy("L2112-2 — clause sociale ou environnementale (condition d'exécution)"),
    "R2152-7": gettext_lazy("R2152-7 — critère social ou environnemental d'attribution"),
}


@dataclass(frozen=True)
class Reference:
    """The labels of the values that live in tables, loaded once per request (four queries):
    regions, departments, CPV divisions and the themes of the catalogue's language."""

    regions: dict
    departments: dict
    divisions: dict
    themes: dict
    theme_slugs: dict

    @classmethod
    def load(cls, *, locale):
        themes = list(Theme.objects.filter(locale=locale).order_by("name"))
        return cls(
            regions={region.code: region.label for region in Region.objects.order_by("name")},
            departments={item.code: str(item) for item in Department.objects.order_by("code")},
            divisions={
                code.division: f"{code.division} — {code.label}"
                for code in CPVCode.objects.divisions().order_by("code")
            },
            themes={theme.slug: theme.name for theme in themes},
            theme_slugs={theme.pk: theme.slug for theme in themes},
        )


@dataclass(frozen=True)
class FacetSpec:
    """One filter of the catalogue: its parameter, its label, the ``filter_fiches`` keyword it
    feeds and how its values are listed and counted."""

    name: str
    label: str
    criterion: str

    def values(self, reference):
        """The values this filter accepts, in display order, with their labels."""
        return dict(STATIC_VALUES[self.name]) if self.name in STATIC_VALUES else {}

    def clean(self, raw, reference):
        """The value to filter by, or ``None`` when ``raw`` is not one of the accepted values."""
        return raw if raw in self.values(reference) else None

    def label_of(self, value, reference):
        return self.values(reference).get(value, value)


class RegionFacet(FacetSpec):
    def values(self, reference):
        return reference.regions


class DepartmentFacet(FacetSpec):
    def values(self, reference):
        return reference.departments


class DivisionFacet(FacetSpec):
    def values(self, reference):
        return reference.divisions


class ThemeFacet(FacetSpec):
    def values(self, reference):
        return reference.themes


class YearFacet(FacetSpec):
    def values(self, reference):
        return {}

    def clean(self, raw, reference):
        if YEAR_RE.match(raw) and FIRST_YEAR <= int(raw) <= LAST_YEAR:
            return raw
        return None

    def label_of(self, value, reference):
        return str(value)


STATIC_VALUES = {
    "nature": Nature.choices,
    "procedure": Procedure.choices,
    "lever": Lever.choices,
    "legal_article": list(ARTICLE_LABELS.items()),
    "family": ESSFamily.choices,
    "status": InclusionStatus.choices,
    "buyer_type": BuyerType.choices,
}

REGION = RegionFacet("region", gettext_lazy("Région"), "region")
DEPARTMENT = DepartmentFacet("department", gettext_lazy("Département"), "department")
NATURE = FacetSpec("nature", gettext_lazy("Nature du marché"), "nature")
PROCEDURE = FacetSpec("procedure", gettext_lazy("Procédure"), "procedure")
LEVER = FacetSpec("lever", gettext_lazy("Levier"), "lever")
LEGAL_ARTICLE = FacetSpec("legal_article", gettext_lazy("Article du code"), "article")
CPV = DivisionFacet("cpv", gettext_lazy("Secteur (division CPV)"), "cpv_prefix")
FAMILY = FacetSpec("family", gettext_lazy("Famille de la structure de l'ESS"), "family")
STATUS = FacetSpec("status", gettext_lazy("Statut d'inclusion ou de handicap"), "status")
BUYER_TYPE = FacetSpec("buyer_type", gettext_lazy("Type d'acheteur"), "buyer_type")
THEME = ThemeFacet("theme", gettext_lazy("Thématique"), "theme")
AWARD_YEAR = YearFacet("award_year", gettext_lazy("Année d'attribution"), "award_year")

#: Every filter, in the order of the query string.
FACETS = (
    REGION,
    DEPARTMENT,
    THEME,
    CPV,
    NATURE,
    PROCEDURE,
    AWARD_YEAR,
    LEVER,
    LEGAL_ARTICLE,
    BUYER_TYPE,
    FAMILY,
    STATUS,
)
FACETS_BY_NAME = {spec.name: spec for spec in FACETS}
#: The fieldsets of the filter form: legend → filters.
GROUPS = (
    (pgettext_lazy("catalogue filters", "Territoire"), ("region", "department")),
    (
        pgettext_lazy("catalogue filters", "Objet du marché"),
        ("theme", "cpv", "nature", "procedure", "award_year"),
    ),
    (
        pgettext_lazy("catalogue filters", "Leviers sociaux et environnementaux"),
        ("lever", "legal_article"),
    ),
    (pgettext_lazy("catalogue filters", "Acteurs"), ("buyer_type", "family", "status")),
)


@dataclass
class Query:
    """What the visitor asked: the search, the filters (parameter → checked value), the order;
    and the notices about what was ignored."""

    q: str = ""
    filters: dict = field(default_factory=dict)
    order: str = DEFAULT_ORDER
    notices: list = field(default_factory=list)

    @property
    def words(self):
        return search.query_words(self.q)

    def criteria(self, *, without=None):
        """The keyword arguments of ``selectors.filter_fiches``, leaving out filter ``without``."""
        criteria = {}
        for name, value in self.filters.items():
            if name == without:
                continue
            spec = FACETS_BY_NAME[name]
            if spec is LEVER:
                value = Lever(value)
            elif spec is AWARD_YEAR:
                value = int(value)
            criteria[spec.criterion] = value
        return criteria

    def querystring(self, *, without=None, drop_search=False, **changes):
        """``?…`` of this state without filter ``without`` (and without the search if
        ``drop_search``), with ``changes`` applied; ``""`` when nothing is left. The page number
        is never kept: a new state starts at page 1 unless ``page`` is in ``changes``."""
        params = QueryDict(mutable=True)
        q = "" if drop_search else self.q
        if q:
            params["q"] = q
        for spec in FACETS:
            if spec.name in self.filters and spec.name != without:
                params[spec.name] = self.filters[spec.name]
        # Relevance is the default with a search and means nothing without one.
        if self.order not in (SEARCH_ORDER if q else DEFAULT_ORDER, SEARCH_ORDER):
            params["order"] = self.order
        for key, value in changes.items():
            params[key] = value
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else ""

    @property
    def default_order(self):
        return SEARCH_ORDER if self.q else DEFAULT_ORDER

    @property
    def is_filtered(self):
        return bool(self.q or self.filters)


def _echo(value):
    return value if len(value) <= ECHO_LENGTH else f"{value[:ECHO_LENGTH]}…"


def parse(params, reference):
    """The :class:`Query` of the GET parameters ``params``. A filter whose value does not exist,
    a search without any word or an unknown order is dropped and explained in ``notices``."""
    query = Query()
    raw_q = " ".join(params.get("q", "").replace("\x00", "").split())
    if len(raw_q) > search.MAX_QUERY_LENGTH:
        raw_q = raw_q[: search.MAX_QUERY_LENGTH].rstrip()
        query.notices.append(
            _("Votre recherche a été raccourcie à %(max)s caractères.")
            % {"max": search.MAX_QUERY_LENGTH}
        )
    if raw_q and not search.query_words(raw_q):
        query.notices.append(
            _("Recherche ignorée : « %(value)s » ne contient ni lettre ni chiffre.")
            % {"value": _echo(raw_q)}
        )
        raw_q = ""
    query.q = raw_q
    for spec in FACETS:
        raw = params.get(spec.name, "").strip()
        if not raw:
            continue
        value = spec.clean(raw, reference)
        if value is None:
            query.notices.append(
                _("Filtre ignoré : « %(value)s » n'est pas une valeur connue pour « %(filter)s ».")
                % {"value": _echo(raw), "filter": spec.label}
            )
        else:
            query.filters[spec.name] = value
    order = params.get("order", "").strip()
    if order == SEARCH_ORDER and not query.q:
        order = ""  # the search box was emptied: sort as without a search
    if order and order not in ORDERS:
        query.notices.append(
            _("Tri ignoré : « %(value)s » n'est pas un tri connu.") % {"value": _echo(order)}
        )
        order = ""
    query.order = order or query.default_order
    return query


# --- Counting ----------------------------------------------------------------------------------


def _grouped(queryset, key, counted="pk", *, distinct=False):
    rows = queryset.order_by().values(key).annotate(n=Count(counted, distinct=distinct))
    return {row[key]: row["n"] for row in rows if row[key] not in (None, "")}


def _count_department(fiches, reference):
    through = FichePage.departments.through.objects.filter(fichepage_id__in=fiches.values("pk"))
    return _grouped(through, "department_id", "fichepage_id")


def _count_field(name):
    def counter(fiches, reference):
        return _grouped(fiches, name)

    return counter


def _count_levers(fiches, reference):
    totals = fiches.order_by().aggregate(
        **{
            lever.value: Count("pk", filter=Q(**{flag: True}))
            for lever, flag in selectors.LEVER_FIELDS.items()
        }
    )
    return {value: total for value, total in totals.items() if total}


def _count_articles(fiches, reference):
    # Aggregate aliases must be identifiers: the articles are numbered in the query.
    articles = list(ARTICLE_LABELS)
    totals = fiches.order_by().aggregate(
        **{
            f"article_{position}": Count("pk", filter=selectors.legal_article_q(article))
            for position, article in enumerate(articles)
        }
    )
    return {
        article: totals[f"article_{position}"]
        for position, article in enumerate(articles)
        if totals[f"article_{position}"]
    }


def _count_divisions(fiches, reference):
    """A fiche counts once in the division of its main code and in that of each additional
    code: the additional codes are counted only outside the main code's division."""
    counts = _grouped(fiches, "main_cpv__division")
    additional = FicheAdditionalCPV.objects.filter(fiche_id__in=fiches.values("pk")).filter(
        Q(fiche__main_cpv__isnull=True) | ~Q(cpv__division=F("fiche__main_cpv__division"))
    )
    for division, total in _grouped(additional, "cpv__division", "fiche_id", distinct=True).items():
        counts[division] = counts.get(division, 0) + total
    return counts


def _count_actor_field(link_model, name):
    def counter(fiches, reference):
        links = link_model.objects.filter(fiche_id__in=fiches.values("pk"))
        return _grouped(links, f"actor__{name}", "fiche_id", distinct=True)

    return counter


def _count_themes(fiches, reference):
    through = FichePage.themes.through.objects.filter(fichepage_id__in=fiches.values("pk"))
    by_id = _grouped(through, "theme_id", "fichepage_id")
    return {
        reference.theme_slugs[pk]: total
        for pk, total in by_id.items()
        if pk in reference.theme_slugs
    }


def _count_years(fiches, reference):
    rows = (
        fiches.order_by()
        .filter(notification_date__isnull=False)
        .annotate(award=ExtractYear("notification_date"))
        .values("award")
        .annotate(n=Count("pk"))
    )
    return {str(row["award"]): row["n"] for row in rows}


COUNTERS = {
    "region": _count_field("region_id"),
    "department": _count_department,
    "nature": _count_field("nature"),
    "procedure": _count_field("procedure"),
    "lever": _count_levers,
    "legal_article": _count_articles,
    "cpv": _count_divisions,
    "family": _count_actor_field(FicheSupplier, "family"),
    "status": _count_actor_field(FicheSupplier, "inclusion_status"),
    "buyer_type": _count_actor_field(FicheBuyer, "buyer_type"),
    "theme": _count_themes,
    "award_year": _count_years,
}


@dataclass(frozen=True)
class Option:
    """One value of a facet, with the number of fiches it would give."""

    value: str
    label: str
    count: int
    selected: bool

    @property
    def text(self):
        """The option as read aloud and shown: « Bretagne (3 fiches) »."""
        return ngettext(
            "%(label)s (%(count)s fiche)", "%(label)s (%(count)s fiches)", self.count
        ) % {"label": self.label, "count": self.count}


@dataclass(frozen=True)
class Facet:
    """A filter of the form: the values that give at least one fiche, and the selected one
    whatever its count."""

    name: str
    label: str
    options: list
    selected: Option | None


def _options(spec, counts, selected, reference):
    if isinstance(spec, YearFacet):
        values = {year: year for year in sorted(set(counts) | {selected} - {None}, reverse=True)}
    else:
        values = spec.values(reference)
    return [
        Option(
            value=value, label=str(label), count=counts.get(value, 0), selected=value == selected
        )
        for value, label in values.items()
        if counts.get(value) or value == selected
    ]


def count(fiches, query, reference, *, scope="", request=None):
    """Every facet of ``fiches`` (the catalogue's published fiches, already narrowed to the
    search) for ``query``: each value counted among the fiches matching the other filters.

    Each facet's counts are kept in the fragment cache (``cms.cache.fragments``, on in production)
    under what they depend on: ``scope`` (the catalogue), the other filters and the search
    words, and the content version that publishing bumps. Changing page, order or the facet's
    own value reuses them."""
    from cms.cache import fragments

    facets = {}
    for spec in FACETS:
        criteria = query.criteria(without=spec.name)
        state = "&".join(f"{key}={value}" for key, value in sorted(criteria.items()))

        def compute(spec=spec, criteria=criteria):
            others = selectors.filter_fiches(fiches, **criteria)
            return COUNTERS[spec.name](others, reference)

        counts = fragments.get_or_set(
            "catalogue-facet",
            [scope, spec.name, state, "+".join(query.words)],
            compute,
            request=request,
        )
        selected = query.filters.get(spec.name)
        options = _options(spec, counts, selected, reference)
        facets[spec.name] = Facet(
            name=spec.name,
            label=str(spec.label),
            options=options,
            selected=next((option for option in options if option.selected), None),
        )
    return facets


def groups(facets):
    """The facets by fieldset, as ``[(legend, [facet, …]), …]``."""
    return [(str(legend), [facets[name] for name in names]) for legend, names in GROUPS]


def active_filters(query, reference):
    """The search and each active filter with the link that removes it, as dicts with
    ``label`` (« Région : Bretagne ») and ``query`` (the query string without it)."""
    active = []
    if query.q:
        active.append(
            {
                "label": _("Recherche : « %(value)s »") % {"value": query.q},
                "query": query.querystring(drop_search=True),
            }
        )
    for spec in FACETS:
        if spec.name in query.filters:
            active.append(
                {
                    "label": _("%(filter)s : %(value)s")
                    % {
                        "filter": spec.label,
                        "value": spec.label_of(query.filters[spec.name], reference),
                    },
                    "query": query.querystring(without=spec.name),
                }
            )
    return active


def orders(query):
    """The sort options for the form, as ``(value, label, selected)``: the default order (by
    relevance with a search, the most recent first without) has an empty value, which keeps
    it out of the links."""
    return [
        ("" if value == query.default_order else value, str(label), value == query.order)
        for value, label in sorted(ORDERS.items(), key=lambda item: item[0] != query.default_order)
        if value != SEARCH_ORDER or query.q
    ]


#: Catalogue filters the open-data exports understand (``fiches.export_views``), by their name
#: in the export links.
EXPORTED_FILTERS = {
    "region": "region",
    "nature": "nature",
    "procedure": "procedure",
    "theme": "theme",
    "award_year": "year",
}


def export_params(query, *, locale):
    """The query string of the export links for this state, and whether the exports leave part
    of it out (the search and the filters they do not have)."""
    params = QueryDict(mutable=True)
    for name, value in query.filters.items():
        if name in EXPORTED_FILTERS:
            params[EXPORTED_FILTERS[name]] = value
    if locale.language_code != get_supported_content_language_variant(settings.LANGUAGE_CODE):
        params["locale"] = locale.language_code
    partial = bool(query.q) or any(name not in EXPORTED_FILTERS for name in query.filters)
    return params, partial
