"""How each catalogue filter's facet is counted (``Filter.counter``, fiches.catalogue.filters):
a :class:`~fiches.catalogue.counting.Counter` per filter, whose parts are counted by
:func:`count_all` or, for the catalogue's disjunctive facets, :func:`count_facets`, always in
one query (``fiches.catalogue.counting``). The counts stay exact whatever the filters: nothing
is stored."""

from django.db.models import F, Q
from django.db.models.functions import Substr

from fiches import selectors
from fiches.catalogue.counting import Counter, Flags, Grouped, Linked, count_all, count_facets
from fiches.models import FicheAdditionalCPV, FichePage

__all__ = [
    "Counter",
    "actor_field",
    "articles",
    "count_all",
    "count_facets",
    "departments",
    "divisions",
    "field",
    "levers",
    "themes",
    "total",
    "years",
]


def _pairs(rows):
    return {key: total for key, total in rows if key not in (None, "")}


def _single(part):
    """A counter of one part whose rows are the counts."""
    return Counter(parts=(part,), read=lambda rows, _: _pairs(rows[0]))


def field(name):
    return _single(Grouped(name))


departments = _single(Linked(FichePage.departments.through, "department_id", "fichepage"))


def _flag_totals(rows, names):
    """``{name: count}`` of the conditions a :class:`Flags` part counted (their order in
    ``names``), those no row meets left out."""
    totals = dict.fromkeys(names, 0)
    for bits, total in rows:
        for bit, name in enumerate(names):
            if int(bits) >> bit & 1:
                totals[name] += total
    return {name: total for name, total in totals.items() if total}


def _flags(names, conditions):
    return Counter(
        parts=(Flags(tuple(conditions)),), read=lambda rows, _: _flag_totals(rows[0], names)
    )


levers = _flags(
    [lever.value for lever in selectors.LEVER_FIELDS],
    [Q(**{flag: True}) for flag in selectors.LEVER_FIELDS.values()],
)


def articles(labels):
    """Counts each legal article of ``labels`` (a fiche may use several)."""
    names = list(labels)
    return _flags(names, [selectors.legal_article_q(article) for article in names])


def _read_divisions(rows, reference):
    main, additional = rows
    counts = _pairs(main)
    for division, total in _pairs(additional).items():
        counts[division] = counts.get(division, 0) + total
    return counts


#: A fiche counts once in the division of its main code and in that of each additional code:
#: the additional codes are counted only outside the main code's division.
divisions = Counter(
    parts=(
        Grouped("main_cpv__division"),
        Linked(
            FicheAdditionalCPV,
            "cpv__division",
            distinct=True,
            where=Q(fiche__main_cpv__isnull=True)
            | ~Q(cpv__division=F("fiche__main_cpv__division")),
        ),
    ),
    read=_read_divisions,
)


def actor_field(link_model, name):
    return _single(Linked(link_model, f"actor__{name}", distinct=True))


def _read_themes(rows, reference):
    by_id = {int(pk): total for pk, total in _pairs(rows[0]).items()}
    return {
        reference.theme_slugs[pk]: total
        for pk, total in by_id.items()
        if pk in reference.theme_slugs
    }


themes = Counter(
    parts=(Linked(FichePage.themes.through, "theme_id", "fichepage"),), read=_read_themes
)


#: Fiches per award year, whatever the precision of their date: a partial date's text starts
#: with its year (``fiches.dates``).
years = Counter(
    parts=(Grouped(Substr("notification_date", 1, 4)),),
    read=lambda rows, _: {str(int(key)): total for key, total in _pairs(rows[0]).items()},
)


def total(counted="pk", *, distinct=False):
    """A counter of one number: how many ``counted`` (distinct ones if ``distinct``) the
    queryset it is given holds, whatever its model (the home page's key figures count fiches,
    regions and actors in one :func:`count_all`)."""
    return Counter(
        parts=(Grouped(counted=counted, distinct=distinct),),
        read=lambda rows, _: sum(count for _key, count in rows[0]),
    )
