"""The reads of the « À documenter » view: the candidates, filtered, with whether a fiche
documents them, and their counts per region, CPV division, lever and year (one query each)."""

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from fiches.choices import Lever
from fiches.models import CPVCode, DecpCandidate, FichePage, Region
from fiches.models.fiche_levers import FLAG_LEVERS

#: The levers a candidate is counted and filtered by (the fiche's lever flags and their
#: labels), and the known ESS holder that also makes a candidate.
LEVERS = {
    "reserved": Lever.RESERVED.label,
    **{flag: lever.label for lever, flag in FLAG_LEVERS},
    "ess_holder": _("Titulaire connu de l'ESS"),
}
TO_DOCUMENT, DOCUMENTED = "a_documenter", "documentes"
STATUSES = {TO_DOCUMENT: _("À documenter"), DOCUMENTED: _("Déjà documentés")}


def documenting_fiches(decp_id=None, buyer_siret=None):
    """The fiches that document a candidate: those with its DECP id and its buyer's SIRET (an
    id is unique per buyer only). Without arguments, those of the candidate of the outer query
    (a subquery)."""
    return FichePage.objects.filter(
        decp_id=decp_id or OuterRef("decp_id"),
        buyer_links__actor__siret=buyer_siret or OuterRef("buyer_siret"),
    ).order_by("path")


def candidates(*, region=None, division=None, lever=None, year=None, status=None, decp_id=None):
    """The candidates, newest first, with ``documented`` and ``documented_by`` (the id of the
    fiche started from it, or of a fiche that carries its DECP id); ``decp_id`` keeps those of
    that DECP id (one per buyer)."""
    queryset = DecpCandidate.objects.select_related("region").annotate(
        documented=ExpressionWrapper(
            Q(fiche__isnull=False) | Exists(documenting_fiches()), output_field=BooleanField()
        ),
        other_fiche=Subquery(documenting_fiches().values("pk")[:1]),
    )
    if region:
        queryset = queryset.filter(region_id=region)
    if division:
        queryset = queryset.filter(cpv_division=division)
    if lever:
        queryset = queryset.filter(**{lever: True})
    if year:
        queryset = queryset.filter(year=year)
    if decp_id:
        queryset = queryset.filter(decp_id=decp_id)
    if status == TO_DOCUMENT:
        queryset = queryset.filter(documented=False)
    elif status == DOCUMENTED:
        queryset = queryset.filter(documented=True)
    return queryset


def counts(queryset):
    """``{"total", "documented", "regions", "divisions", "levers", "years"}`` of the candidates
    of ``queryset``; each facet is a list of ``(value, label, count)``, largest first."""
    totals = queryset.aggregate(
        total=Count("pk"),
        # Not named ``documented``: the aggregate's alias would hide the annotation.
        documented_count=Count("pk", filter=Q(documented=True)),
        **{flag: Count("pk", filter=Q(**{flag: True})) for flag in LEVERS},
    )
    plain = queryset.order_by()
    names = dict(Region.objects.values_list("code", "name"))
    regions = [
        (code or "", names.get(code, _("Région non renseignée")), count)
        for code, count in _grouped(plain, "region_id")
    ]
    divisions = dict(CPVCode.objects.divisions().values_list("division", "label_fr"))
    return {
        "total": totals["total"],
        "documented": totals["documented_count"],
        "regions": regions,
        "divisions": [
            (division, f"{division} — {divisions.get(division, '')}".rstrip(" —"), count)
            for division, count in _grouped(plain, "cpv_division")
            if division
        ],
        "levers": [(flag, label, totals[flag]) for flag, label in LEVERS.items() if totals[flag]],
        "years": sorted(
            ((year, str(year), count) for year, count in _grouped(plain, "year") if year),
            reverse=True,
        ),
    }


def _grouped(queryset, name):
    rows = queryset.values_list(name).annotate(count=Count("pk")).order_by("-count", name)
    return list(rows)
