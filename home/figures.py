"""The home page's figures over every published fiche of its language: the key figures, the
map of France and the entry points by theme and by lever, counted when content is published
(``fiches.selectors.stored``) and shown with their labels and links (``home_figures``)."""

from django.db.models import Count, Q
from django.utils.http import urlencode
from wagtail.models import Page

from fiches.choices import Lever
from fiches.discovery.context import france_map
from fiches.discovery.selectors import regions_with_counts, with_counts
from fiches.models import ACTOR_KINDS, Buyer, ESSStructure, Region, Theme
from fiches.selectors import LEVER_FIELDS, published_fiches, stored
from home.models import HomePage


def home_figures(*, locale, catalogue_url, with_catalogue):
    """The home page's counts over the published fiches of ``locale``: key figures, map and
    entry points by theme and lever (the last two only ``with_catalogue``), from the stored
    ``home_counts`` (read with the regions), the themes they name in one more query."""
    counts, regions = home_counts(locale=locale)
    figures = {
        **{name: counts[name] for name in KEY_FIGURES},
        "map": None,
        "themes": [],
        "levers": [],
    }
    if with_catalogue:
        figures["map"] = france_map(
            locale=locale,
            catalogue_url=catalogue_url,
            regions=with_counts(regions, counts["regions"]),
        )
        figures.update(
            _entry_points(
                locale=locale,
                theme_counts=counts["themes"],
                catalogue_url=catalogue_url,
                lever_counts=counts["lever_counts"],
            )
        )
    return figures


#: The key figures of the home page (``_key_figures``).
KEY_FIGURES = ("fiche_count", "region_count", "buyer_count", "ess_count")


def home_counts(*, locale):
    """What the home page counts over the published fiches of ``locale``, as ids and numbers:
    the key figures and the fiches per lever (``_key_figures``), per region
    (``fiches.discovery.selectors.region_counts``'s form) and per theme (``_theme_counts``).
    Stored (``fiches.selectors.stored``), read with every region: ``(counts, regions)`` in one
    query, five more on a miss."""
    return stored(
        "home-figures", [locale], lambda: _home_counts(locale=locale), along=Region.objects.all()
    )


def _home_counts(*, locale):
    fiches = published_fiches(locale=locale)
    return {
        **_key_figures(locale=locale, fiches=fiches),
        "regions": {
            region.code: region.fiche_count
            for region in regions_with_counts(locale=locale)
            if region.fiche_count
        },
        "themes": _theme_counts(locale=locale, fiches=fiches),
    }


def refresh_figures():
    """Stores the home page's counts of every language that has a home page (registered with
    ``fiches.discovery.figures``: a refresh after a publication)."""
    for locale in Page.objects.type(HomePage).values_list("locale_id", flat=True).distinct():
        home_counts(locale=locale)


def _key_figures(*, locale, fiches):
    """How many published ``fiches``, regions they are in, public buyers and ESS structures of
    ``locale`` (live, in one of the fiches: ``fiches.selectors.public_actor_filter``), and
    fiches per lever (``lever_counts``): one pass over the fiches joined to their buyer and
    supplier links, every count of distinct values (the joins repeat a fiche per link). A
    third of the time of the same figures as parts of a ``UNION ALL``, each its own pass."""

    def actors(relation):
        actor = f"{relation}__actor"
        public = Q(**{f"{actor}__live": True, f"{actor}__locale": locale})
        return Count(actor, distinct=True, filter=public)

    relations = {kind.model: kind.relation for kind in ACTOR_KINDS}
    levers = {
        lever.value: Count("pk", distinct=True, filter=Q(**{flag: True}))
        for lever, flag in LEVER_FIELDS.items()
    }
    found = fiches.order_by().aggregate(
        fiche_count=Count("pk", distinct=True),
        region_count=Count("region", distinct=True),
        buyer_count=actors(relations[Buyer]),
        ess_count=actors(relations[ESSStructure]),
        **{f"lever_{code}": count for code, count in levers.items()},
    )
    return {
        **{name: found[name] for name in KEY_FIGURES},
        "lever_counts": {code: found[f"lever_{code}"] for code in levers},
    }


def _entry_points(*, locale, theme_counts, catalogue_url, lever_counts):
    """Links to the catalogue filtered by theme and by lever, with their number of fiches (the
    stored ``theme_counts``, ``[[theme pk, count], …]`` most used first, and ``lever_counts``);
    themes and levers without any published fiche are left out. The themes in one query."""
    counts = dict(theme_counts)
    themes = {theme.pk: theme for theme in Theme.objects.filter(locale=locale, pk__in=list(counts))}
    return {
        "themes": [
            {
                "name": themes[pk].name,
                "count": count,
                "url": f"{catalogue_url}?{urlencode({'theme': themes[pk].slug})}",
            }
            for pk, count in counts.items()
            if pk in themes
        ],
        "levers": [
            {
                "code": lever.value,
                "name": lever.label,
                "count": lever_counts.get(lever.value, 0),
                "url": f"{catalogue_url}?{urlencode({'lever': lever.value})}",
            }
            for lever in Lever
            if lever_counts.get(lever.value)
        ],
    }


def _theme_counts(*, locale, fiches):
    """``[[theme pk, number of published fiches], …]``, the most used first, of the themes of
    ``locale`` that have published ``fiches``."""
    # Themes joined to their published fiches only: a theme without any is not in the join.
    return [
        list(row)
        for row in Theme.objects.filter(locale=locale, fiches__in=fiches.values("pk"))
        .annotate(fiche_count=Count("fiches"))
        .order_by("-fiche_count", "name")
        .values_list("pk", "fiche_count")
    ]
