"""What the discovery pages show (fiches.discovery): the map of France with its legend, the
regions pages and the related fiches, built from ``fiches.discovery.selectors`` with their
labels, links and fragment caches."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from fiches.discovery import map_data
from fiches.discovery import selectors as discovery
from fiches.text import fold_accents

#: Number of shades of the map for the regions that have fiches (plus one for none).
MAP_SHADES = 4


def _map_classes(counts):
    """Up to ``MAP_SHADES`` classes of equal width from 1 to the largest count, as
    ``(level, low, high)``; level 0 (no fiche) comes first."""
    largest = max(counts, default=0)
    classes = [(0, 0, 0)]
    if largest:
        step = -(-largest // MAP_SHADES)  # ceiling division
        for level in range(1, MAP_SHADES + 1):
            low, high = (level - 1) * step + 1, min(level * step, largest)
            if low <= largest:
                classes.append((level, low, high))
    return classes


def _class_label(low, high):
    if high == 0:
        return _("Aucune fiche")
    if low == high:
        return ngettext("%(count)s fiche", "%(count)s fiches", low) % {"count": low}
    return _("de %(low)s à %(high)s fiches") % {"low": low, "high": high}


def _regions_by_name(regions):
    return sorted(regions, key=lambda region: fold_accents(region.label).lower())


def catalogue_url(*, locale=None):
    """The URL of the live catalogue of ``locale`` (the active one by default), or ``""``."""
    catalogue = discovery.live_catalogue(locale=locale)
    return catalogue.get_url() if catalogue else ""


def france_map(*, locale=None, catalogue_url, fiches=None, params=None, regions=None):
    """What ``includes/france_map.html`` draws: every region with its number of published
    fiches, its outline (``fiches.discovery.map_data``), its shade and its link to the catalogue
    filtered on it (``{catalogue_url}?region=<INSEE code>``), a legend and the same figures
    for the table. One query, whatever the number of fiches.

    The counts of every published fiche are stored (``discovery.regions_with_stored_counts``;
    ``regions``, every region with its ``fiche_count``, when the caller read them already).
    ``fiches`` counts a selection of the published fiches instead (the observatory's, live),
    and ``params`` are kept in the links with the region (its other filters)."""
    if fiches is not None:
        regions = list(discovery.regions_with_counts(locale=locale, fiches=fiches))
    elif regions is None:
        locale = locale or Locale.get_active()
        _counts, regions = discovery.regions_with_stored_counts(locale=locale)
    classes = _map_classes([region.fiche_count for region in regions])
    entries = {}
    for region in regions:
        count = region.fiche_count
        level = next(level for level, low, high in classes if low <= count <= high)
        if catalogue_url:
            url = f"{catalogue_url}?{urlencode({**(params or {}), 'region': region.code})}"
        else:
            url = reverse("region_detail", kwargs={"slug": region.slug})
        shape = map_data.REGIONS.get(region.code)
        entries[region.code] = {
            "code": region.code,
            "slug": region.slug,
            "name": region.label,
            "count": count,
            "level": level,
            "url": url,
            # « Bretagne : 3 fiches », the accessible name of the region's link.
            "label": ngettext("%(name)s : %(count)s fiche", "%(name)s : %(count)s fiches", count)
            % {"name": region.label, "count": count},
            **(shape or {}),
        }
    drawn = [entries[code] for code in map_data.REGIONS if code in entries]
    return {
        "viewbox": map_data.VIEWBOX,
        "regions": drawn,
        "table": [entries[region.code] for region in _regions_by_name(regions)],
        "legend": [
            {"level": level, "label": _class_label(low, high)} for level, low, high in classes
        ],
        "total": sum(region.fiche_count for region in regions),
    }


def region_index(*, locale=None):
    """The regions page: the map and every region with its number of published fiches."""
    locale = locale or Locale.get_active()
    url = catalogue_url(locale=locale)
    the_map = france_map(locale=locale, catalogue_url=url)
    return {"map": the_map, "regions": the_map["table"], "catalogue_url": url}


def region_page(*, region, locale=None, latest_count=12, actor_limit=30):
    """A region's page: its latest published fiches (cards), key figures, the buyers and ESS
    structures of its fiches or based in it (the ``actor_limit`` most active of each kind, and
    how many there are), and its CRESS; a constant number of queries. The figures are kept in
    the fragment cache (cms.cache.fragments) until the content changes."""
    from cms.cache import fragments

    locale = locale or Locale.get_active()
    url = catalogue_url(locale=locale)
    return {
        "region": region,
        "fiches": discovery.region_latest_fiches(region=region, locale=locale, count=latest_count),
        **fragments.get_or_set(
            "region-figures",
            [region.code, locale.pk, actor_limit],
            lambda: discovery.region_figures(region=region, locale=locale, actor_limit=actor_limit),
        ),
        "cress": discovery.region_cress(region=region, locale=locale),
        "catalogue_url": url,
        "region_catalogue_url": f"{url}?{urlencode({'region': region.code})}" if url else "",
    }


def cached_related_fiches(*, fiche, request):
    """The related fiches of a live fiche, as stored when content is published
    (``selectors.stored_related_fiches``), read on first use only: the fiche template keeps
    the cards' HTML (``{% fragment "related-fiches" %}``), and when that entry is there nothing
    is read. Previews compute them live (``selectors.related_fiches``): a draft's list is stored
    nowhere. No cache of its own: the HTML's entry and this list's would miss together (both
    change with the content), so a second entry never paid (docs/caching.md)."""
    if getattr(request, "is_preview", False) or not fiche.pk:
        return discovery.related_fiches(fiche=fiche)
    # Lazy: nothing is read when the template shows the cached HTML of the cards instead.
    return SimpleLazyObject(lambda: discovery.stored_related_fiches(fiche=fiche))
