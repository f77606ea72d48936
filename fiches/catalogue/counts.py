"""How each catalogue filter's facet is counted (``Filter.counter``, fiches.catalogue.filters):
one GROUP BY (or conditional aggregate) query over the fiches given, ``{value: count}``."""

from django.db.models import Count, F, Q
from django.db.models.functions import Substr

from fiches import selectors
from fiches.models import FicheAdditionalCPV, FichePage


def _grouped(queryset, key, counted="pk", *, distinct=False):
    rows = queryset.order_by().values(key).annotate(n=Count(counted, distinct=distinct))
    return {row[key]: row["n"] for row in rows if row[key] not in (None, "")}


def field(name):
    def counter(fiches, reference):
        return _grouped(fiches, name)

    return counter


def departments(fiches, reference):
    through = FichePage.departments.through.objects.filter(fichepage_id__in=fiches.values("pk"))
    return _grouped(through, "department_id", "fichepage_id")


def levers(fiches, reference):
    totals = fiches.order_by().aggregate(
        **{
            lever.value: Count("pk", filter=Q(**{flag: True}))
            for lever, flag in selectors.LEVER_FIELDS.items()
        }
    )
    return {value: total for value, total in totals.items() if total}


def articles(labels):
    """Counts each legal article of ``labels`` (a fiche may use several)."""

    def counter(fiches, reference):
        # Aggregate aliases must be identifiers: the articles are numbered in the query.
        articles = list(labels)
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

    return counter


def divisions(fiches, reference):
    """A fiche counts once in the division of its main code and in that of each additional
    code: the additional codes are counted only outside the main code's division."""
    counts = _grouped(fiches, "main_cpv__division")
    additional = FicheAdditionalCPV.objects.filter(fiche_id__in=fiches.values("pk")).filter(
        Q(fiche__main_cpv__isnull=True) | ~Q(cpv__division=F("fiche__main_cpv__division"))
    )
    for division, total in _grouped(additional, "cpv__division", "fiche_id", distinct=True).items():
        counts[division] = counts.get(division, 0) + total
    return counts


def actor_field(link_model, name):
    def counter(fiches, reference):
        links = link_model.objects.filter(fiche_id__in=fiches.values("pk"))
        return _grouped(links, f"actor__{name}", "fiche_id", distinct=True)

    return counter


def themes(fiches, reference):
    through = FichePage.themes.through.objects.filter(fichepage_id__in=fiches.values("pk"))
    by_id = _grouped(through, "theme_id", "fichepage_id")
    return {
        reference.theme_slugs[pk]: total
        for pk, total in by_id.items()
        if pk in reference.theme_slugs
    }


def years(fiches, reference):
    """Fiches per award year, whatever the precision of their date: a partial date's text
    starts with its year (``fiches.dates``)."""
    rows = (
        fiches.order_by()
        .filter(notification_date__isnull=False)
        .annotate(award=Substr("notification_date", 1, 4))
        .values("award")
        .annotate(n=Count("pk"))
    )
    return {str(int(row["award"])): row["n"] for row in rows}
