"""The read of the open-data exports."""

from django.db.models import Prefetch
from wagtail.models import Locale

from fiches.models import FicheAdditionalCPV
from fiches.selectors import filter_fiches, link_prefetches, visible_fiches


def export_fiches(*, locale=None, fiche_id=None, **criteria):
    """Publicly visible fiches (``fiches.selectors.visibility``: no alias, so no untranslated
    copy in another language's export) of one locale (the default one unless given) for the
    open-data exports, oldest first, with everything the exporters show prefetched: the query
    count does not grow with the number of fiches. ``criteria`` are the keyword arguments of
    ``filter_fiches`` (already validated values, from ``fiches.catalogue.filters``);
    ``fiche_id`` selects one fiche whatever its locale."""
    published = visible_fiches()
    if fiche_id is not None:
        published = published.filter(pk=fiche_id)
    else:
        published = published.filter(locale=locale or Locale.get_default())
    fiches = filter_fiches(published, **criteria)
    return (
        fiches.select_related("locale", "region", "main_cpv", "author", "hero_image")
        .prefetch_related(
            "themes",
            "departments",
            "award_criteria",
            "milestones",
            "impact_indicators",
            "reserved_articles",
            "unnamed_members",
            Prefetch("additional_cpvs", queryset=FicheAdditionalCPV.objects.select_related("cpv")),
            *link_prefetches("actor"),
        )
        .order_by("pk")
    )
