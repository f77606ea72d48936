"""The catalogue's query and its facets.

The catalogue (``FicheIndexPage``, /fr/fiches/) is driven by GET parameters only, so that every
state is a link: ``q`` (full text), one value per filter (the specs of
``fiches.catalogue.filters``: ``region``, ``theme``, ``award_year``…), ``order`` and ``page``.
:func:`parse` reads them: a value that does not exist is dropped with a French notice shown on
the page, never an error.

:func:`count` gives each facet: every value with the number of fiches it would give combined with
the other active filters and the search. Each facet is counted by ``GROUP BY`` queries over the
fiches matching every *other* active filter, all the facets' (and the number of results) in one
``UNION ALL`` query over one selection of the fiches (``fiches.catalogue.counting``), so the
number of queries depends neither on the number of fiches, nor of values, nor of facets.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.coreutils import get_supported_content_language_variant

from fiches import selectors
from fiches.catalogue import counts, search
from fiches.catalogue.filters import FILTERS, GROUP_LEGENDS, YearFilter

#: Sort orders: parameter value → label. ``relevance`` is offered only with a search.
ORDERS = {
    "recent": gettext_lazy("Les plus récentes"),
    "award": gettext_lazy("Date d'attribution, la plus récente d'abord"),
    "amount": gettext_lazy("Montant, le plus élevé d'abord"),
    "relevance": gettext_lazy("Pertinence"),
}
DEFAULT_ORDER = "recent"
SEARCH_ORDER = "relevance"

#: Longest value echoed back in a notice: a pasted essay is not repeated on the page.
ECHO_LENGTH = 40

#: Every filter (``fiches.catalogue.filters``), in the order of the query string.
FACETS = FILTERS
FACETS_BY_NAME = {spec.name: spec for spec in FACETS}
#: The fieldsets of the filter form: legend → filters (each filter names its fieldset).
GROUPS = tuple(
    (legend, tuple(spec.name for spec in FACETS if spec.group == legend))
    for legend in GROUP_LEGENDS
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
            if name != without:
                spec = FACETS_BY_NAME[name]
                criteria[spec.criterion] = spec.to_criterion(value)
        return criteria

    def conditions(self):
        """``{filter name: Q}``: the condition on fiches of each active filter."""
        return {
            name: condition
            for name, value in self.filters.items()
            for condition in selectors.conditions(
                **{FACETS_BY_NAME[name].criterion: FACETS_BY_NAME[name].to_criterion(value)}
            ).values()
        }

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

    def search_querystring(self):
        """The search and the filters only, as a query string without ``?`` (no order, no
        page): the canonical form of the search, stored by an alert (``fiches.alerts``) and
        read again by :func:`parse`."""
        return Query(q=self.q, filters=self.filters, order=self.default_order).querystring()[1:]

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
    if isinstance(spec, YearFilter):
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


#: The key, beside the facets' names, of the number of fiches matching every filter and the
#: search (the number of results) in :func:`counted`: counted with the facets.
TOTAL = "total"
_TOTAL = counts.total()


def count(fiches, query, reference, *, scope="", request=None):
    """Every facet of ``fiches`` (the catalogue's published fiches, already narrowed to the
    search) for ``query``, from :func:`counted`."""
    return facets_of(
        counted(fiches, query, reference, scope=scope, request=request), query, reference
    )


def facets_of(counted, query, reference):
    """``{name: Facet}`` of the counts of :func:`counted`."""
    facets = {}
    for spec in FACETS:
        selected = query.filters.get(spec.name)
        options = _options(spec, counted[spec.name], selected, reference)
        facets[spec.name] = Facet(
            name=spec.name,
            label=str(spec.label),
            options=options,
            selected=next((option for option in options if option.selected), None),
        )
    return facets


def counted(fiches, query, reference, *, scope="", request=None):
    """``{facet name: {value: count}}`` of ``fiches`` (the catalogue's published fiches, already
    narrowed to the search) for ``query``, each value counted among the fiches matching the
    other filters, and under :data:`TOTAL` the number of fiches matching them all: every facet
    in one query (``counts.count_facets``).

    Each facet's counts (and the total) are kept in the fragment cache (``cms.cache.fragments``,
    on in production) under what they depend on: ``scope`` (the catalogue), the other filters
    and the search words, and the content version that publishing bumps. Changing page, order
    or the facet's own value reuses them; the facets not found are counted together."""
    from cms.cache import fragments

    jobs = {spec.name: (spec.counter, spec.name) for spec in FACETS}
    jobs[TOTAL] = (_TOTAL, None)
    keys = {}
    if fragments.enabled():
        for name, (_, without) in jobs.items():
            criteria = query.criteria(without=without)
            state = "&".join(f"{key}={value}" for key, value in sorted(criteria.items()))
            keys[name] = fragments.make_key(
                "catalogue-facet", scope, name, state, "+".join(query.words), request=request
            )
    found = fragments.get_many(list(keys.values())) if keys else {}
    counted = {name: found[key] for name, key in keys.items() if key in found}
    missing = [name for name in jobs if name not in counted]
    computed = counts.count_facets(
        fiches, query.conditions(), [jobs[name] for name in missing], reference
    )
    counted.update(zip(missing, computed, strict=True))
    if keys and missing:
        fragments.set_many({keys[name]: counted[name] for name in missing})
    return counted


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


#: Catalogue filters the open-data exports understand (``fiches.opendata.views``), by their name
#: in the export links: every filter, under its own name.
EXPORTED_FILTERS = {spec.name: spec.name for spec in FILTERS}


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
