"""The reads of the observatory (fiches.observatory): the published fiches of a selection
counted along the catalogue's own filters, and the sums of what is known of them. Plain
queries, a fixed number whatever the number of fiches: the labels, links and charts are in
``fiches.observatory.figures``.

The selection is the catalogue's: its filters are the specs of ``fiches.catalogue.filters``,
applied by ``selectors.filter_fiches``, and each breakdown is counted by the spec's own counter
(``fiches.catalogue.counts``), all of them in one query as the catalogue counts its facets, so
that a figure is the number the catalogue gives for the same filters. With the sums (one
aggregate), the jobs (one) and the map (``fiches.discovery``, one), the figures take four
queries.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Lower, Trim

from fiches.catalogue import counts
from fiches.catalogue import filters as catalogue_filters
from fiches.choices import AmountKind, AmountPeriod, FigureKind
from fiches.models import ImpactIndicator
from fiches.selectors import filter_fiches, published_fiches

#: The catalogue filters the observatory breaks the fiches down by, in the page's order (the
#: regions are counted by the map, ``fiches.discovery``).
BREAKDOWNS = (
    "lever",
    "legal_article",
    "award_year",
    "family",
    "status",
    "buyer_type",
    "nature",
    "cpv",
)

#: Units of an impact indicator that count jobs (compared without case nor surrounding
#: spaces), each with the unit it is added up in: full-time equivalents and jobs are two
#: different measures, never added together.
JOB_UNITS = {"etp": "ETP", "emplois": "emplois", "emploi": "emplois"}


def observed_fiches(*, locale):
    """The publicly visible fiches of ``locale`` (``fiches.selectors.visibility``), without
    what a card loads: what the observatory counts."""
    return published_fiches(locale=locale).select_related(None).prefetch_related(None).order_by()


def selection(fiches, criteria):
    """``fiches`` narrowed by ``criteria`` (keyword arguments of ``filter_fiches``)."""
    return filter_fiches(fiches, **criteria)


def breakdowns(fiches, reference):
    """``{filter name: {value: number of fiches}}`` of ``fiches`` for each of ``BREAKDOWNS``,
    counted by the catalogue's counter of that filter (values without a fiche left out), every
    breakdown in one ``UNION ALL`` query (``counts.count_all``, as the catalogue's facets)."""
    specs = [catalogue_filters.BY_NAME[name] for name in BREAKDOWNS]
    found = counts.count_all([(spec.counter, fiches) for spec in specs], reference)
    return dict(zip(BREAKDOWNS, found, strict=True))


def _exact_amounts(period):
    return Q(amount_kind=AmountKind.EXACT, amount_period=period, amount__isnull=False)


def known_sums(fiches):
    """What is known of ``fiches``, in one query: their number; the sum of their insertion
    hours and how many fiches give them; the exact amounts added up per period (a yearly
    amount is never added to a total), and how many fiches give an estimate, a range or no
    amount (none of them added up)."""
    unknown_amount = Q(amount_kind__in=[AmountKind.UNKNOWN, ""]) | Q(amount_kind__isnull=True)
    return fiches.order_by().aggregate(
        fiche_count=Count("pk"),
        hours_sum=Sum("insertion_hours"),
        hours_known=Count("pk", filter=Q(insertion_hours__isnull=False)),
        total_sum=Sum("amount", filter=_exact_amounts(AmountPeriod.TOTAL)),
        total_known=Count("pk", filter=_exact_amounts(AmountPeriod.TOTAL)),
        yearly_sum=Sum("amount", filter=_exact_amounts(AmountPeriod.PER_YEAR)),
        yearly_known=Count("pk", filter=_exact_amounts(AmountPeriod.PER_YEAR)),
        estimated=Count("pk", filter=Q(amount_kind=AmountKind.ESTIMATED)),
        ranges=Count("pk", filter=Q(amount_kind=AmountKind.RANGE)),
        amount_unknown=Count("pk", filter=unknown_amount),
    )


def job_indicators(fiches):
    """The impact indicators of ``fiches`` that count jobs (``JOB_UNITS``), in one query of
    conditional aggregates: per unit, the sum of the exact values, how many indicators and
    fiches they come from, and how many indicators are not exact (about, more or less than, a
    range: never added up); and the number of fiches that have at least one."""
    indicators = (
        ImpactIndicator.objects.filter(fiche_id__in=fiches.values("pk"))
        .annotate(unit_key=Lower(Trim("unit")))
        .filter(unit_key__in=list(JOB_UNITS))
    )
    exact = Q(kind=FigureKind.EXACT, value__isnull=False)
    units = dict.fromkeys(JOB_UNITS.values())
    aggregates = {"fiches_with": Count("fiche_id", distinct=True)}
    for position, unit in enumerate(units):
        in_unit = Q(unit_key__in=[key for key, added in JOB_UNITS.items() if added == unit])
        aggregates |= {
            f"exact_sum_{position}": Sum("value", filter=in_unit & exact),
            f"exact_count_{position}": Count("pk", filter=in_unit & exact),
            f"exact_fiches_{position}": Count("fiche_id", filter=in_unit & exact, distinct=True),
            f"inexact_count_{position}": Count("pk", filter=in_unit & ~exact),
        }
    found = indicators.order_by().aggregate(**aggregates)
    return {
        "units": {
            unit: {
                "exact_sum": found[f"exact_sum_{position}"] or 0,
                "exact_count": found[f"exact_count_{position}"],
                "exact_fiches": found[f"exact_fiches_{position}"],
                "inexact_count": found[f"inexact_count_{position}"],
            }
            for position, unit in enumerate(units)
        },
        "fiches_with": found["fiches_with"],
    }
