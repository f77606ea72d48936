"""How each catalogue filter's facet is counted (``Filter.counter``, fiches.catalogue.filters):
a :class:`Counter`, whose ``parts`` are GROUP BY (or conditional aggregate) queries over the
fiches given, each row a value and its count, and whose ``read`` turns their rows into
``{value: count}``.

A counter called alone runs its parts; :func:`count_all` counts several facets at once, every
part of every facet in one ``UNION ALL`` query (the catalogue's facets: one query instead of
one per facet). The counts stay exact whatever the filters: nothing is stored."""

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, Q, TextField, Value
from django.db.models.functions import Cast, Substr

from fiches import selectors
from fiches.models import FicheAdditionalCPV, FichePage


@dataclass(frozen=True)
class Counter:
    """``parts(fiches, reference)``: the queries, each made by :func:`_grouped` (rows of a
    value and a count); ``read(rows, reference)``: ``{value: count}`` from the rows of each
    part, in the order of the parts."""

    parts: object
    read: object

    def __call__(self, fiches, reference):
        return count_all([(self, fiches)], reference)[0]


def count_all(jobs, reference):
    """``[{value: count}, …]`` for ``jobs``, a list of ``(counter, fiches)``: one query."""
    queries, spans = [], []
    for counter, fiches in jobs:
        parts = counter.parts(fiches, reference)
        spans.append((len(queries), len(parts)))
        queries.extend(parts)
    if not queries:
        return [counter.read([], reference) for counter, _ in jobs]
    tagged = [
        query.annotate(part=Value(position, output_field=IntegerField())).values_list(
            "part", "k", "n"
        )
        for position, query in enumerate(queries)
    ]
    rows = [[] for _ in queries]
    union = tagged[0].union(*tagged[1:], all=True) if len(tagged) > 1 else tagged[0]
    for position, key, total in union:
        rows[position].append((key, total))
    return [
        counter.read(rows[start : start + length], reference)
        for (counter, _), (start, length) in zip(jobs, spans, strict=True)
    ]


def _grouped(queryset, key, counted="pk", *, distinct=False, filter=None):
    """``queryset`` as rows ``k`` (``key`` as text; a constant when ``key`` is a ``Value``: one
    row) and ``n`` (the number of ``counted``, among the rows matching ``filter``)."""
    key = key if isinstance(key, Value) else Cast(_expression(key), TextField())
    return (
        queryset.order_by()
        .annotate(k=key)
        .values("k")
        .annotate(n=Count(counted, distinct=distinct, filter=filter))
    )


def _constant(text):
    # A Value is left out of the GROUP BY: the part is one row, its count 0 when nothing matches.
    return Value(text, output_field=TextField())


def _expression(key):
    return F(key) if isinstance(key, str) else key


def _pairs(rows):
    return {key: total for key, total in rows if key not in (None, "")}


def _single(parts):
    """A counter of one part whose rows are the counts."""
    return Counter(
        parts=lambda fiches, reference: [parts(fiches)], read=lambda rows, _: _pairs(rows[0])
    )


def field(name):
    return _single(lambda fiches: _grouped(fiches, name))


def _departments(fiches):
    through = FichePage.departments.through.objects.filter(fichepage_id__in=fiches.values("pk"))
    return _grouped(through, "department_id", "fichepage_id")


departments = _single(_departments)


def _flag_totals(rows, names):
    # A part of no row: its fiches were known to be none (an empty queryset is not queried).
    totals = {name: sum(total for _, total in part) for name, part in zip(names, rows, strict=True)}
    return {name: total for name, total in totals.items() if total}


def _lever_parts(fiches, reference):
    return [
        _grouped(fiches, _constant(lever.value), filter=Q(**{flag: True}))
        for lever, flag in selectors.LEVER_FIELDS.items()
    ]


levers = Counter(
    parts=_lever_parts,
    read=lambda rows, _: _flag_totals(rows, [lever.value for lever in selectors.LEVER_FIELDS]),
)


def articles(labels):
    """Counts each legal article of ``labels`` (a fiche may use several)."""
    names = list(labels)
    return Counter(
        parts=lambda fiches, reference: [
            _grouped(fiches, _constant(article), filter=selectors.legal_article_q(article))
            for article in names
        ],
        read=lambda rows, _: _flag_totals(rows, names),
    )


def _division_parts(fiches, reference):
    additional = FicheAdditionalCPV.objects.filter(fiche_id__in=fiches.values("pk")).filter(
        Q(fiche__main_cpv__isnull=True) | ~Q(cpv__division=F("fiche__main_cpv__division"))
    )
    return [
        _grouped(fiches, "main_cpv__division"),
        _grouped(additional, "cpv__division", "fiche_id", distinct=True),
    ]


def _read_divisions(rows, reference):
    main, additional = rows
    counts = _pairs(main)
    for division, total in _pairs(additional).items():
        counts[division] = counts.get(division, 0) + total
    return counts


#: A fiche counts once in the division of its main code and in that of each additional code:
#: the additional codes are counted only outside the main code's division.
divisions = Counter(parts=_division_parts, read=_read_divisions)


def actor_field(link_model, name):
    def links(fiches):
        links = link_model.objects.filter(fiche_id__in=fiches.values("pk"))
        return _grouped(links, f"actor__{name}", "fiche_id", distinct=True)

    return _single(links)


def _theme_parts(fiches, reference):
    through = FichePage.themes.through.objects.filter(fichepage_id__in=fiches.values("pk"))
    return [_grouped(through, "theme_id", "fichepage_id")]


def _read_themes(rows, reference):
    by_id = {int(pk): total for pk, total in _pairs(rows[0]).items()}
    return {
        reference.theme_slugs[pk]: total
        for pk, total in by_id.items()
        if pk in reference.theme_slugs
    }


themes = Counter(parts=_theme_parts, read=_read_themes)


def _year_parts(fiches, reference):
    dated = fiches.filter(notification_date__isnull=False)
    return [_grouped(dated, Substr("notification_date", 1, 4))]


#: Fiches per award year, whatever the precision of their date: a partial date's text starts
#: with its year (``fiches.dates``).
years = Counter(
    parts=_year_parts,
    read=lambda rows, _: {str(int(key)): total for key, total in rows[0]},
)


def total(counted="pk", *, distinct=False):
    """A counter of one number: how many ``counted`` (distinct ones if ``distinct``) the
    queryset it is given holds, whatever its model (the home page's key figures count fiches,
    regions and actors in one :func:`count_all`)."""
    return Counter(
        parts=lambda queryset, reference: [
            _grouped(queryset, _constant("total"), counted, distinct=distinct)
        ],
        read=lambda rows, _: sum(count for _key, count in rows[0]),
    )
