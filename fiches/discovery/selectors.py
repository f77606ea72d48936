"""The reads of discovery (fiches.discovery): regions and the map, related fiches, the
widget, the feeds. Plain queries: the labels, URLs and caches are in
``fiches.discovery.context``."""

from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When, Window
from django.utils import timezone
from wagtail.models import Locale

from cms.compiled import compiled
from fiches import selectors as fiche_selectors
from fiches.choices import AmountKind, AmountPeriod, OperatorType
from fiches.models import (
    Buyer,
    ESSStructure,
    FicheAdditionalCPV,
    FicheIndexPage,
    FichePage,
    Operator,
    Region,
)
from fiches.selectors import LEVER_FIELDS, filter_fiches, published_fiches

# ---------- Regions and the map ----------


def regions_with_counts(*, locale=None, fiches=None):
    """Every region with the number of published fiches it has (of ``fiches``, a queryset of
    published fiches such as the observatory's selection, when given)."""
    fiches = (published_fiches(locale=locale) if fiches is None else fiches).values("pk")
    return Region.objects.annotate(fiche_count=Count("fiches", filter=Q(fiches__in=fiches)))


def live_catalogue(*, locale=None):
    """The live catalogue of ``locale`` (the active one by default; the first one in the page
    tree), where « see all fiches » links go, or ``None``."""
    return (
        fiche_selectors.visible_pages(FicheIndexPage.objects.all())
        .filter(locale=locale or Locale.get_active())
        .first()
    )


def _region_actors(model, *, region, locale, fiches):
    """Actors of one kind shown on a region's page: those that appear in a published fiche of
    the region, and those based in the region that appear in any published fiche (a regional
    structure that won a contract elsewhere belongs to its region's landscape). Actors that
    appear in no published fiche are left out. Each has ``fiche_count``, its number of
    published fiches; the most active first. One query."""
    link_model = model.fiche_links.rel.related_model
    published = fiches.values("pk")
    in_region = link_model.objects.filter(fiche__in=fiches.filter(region=region).values("pk"))
    anywhere = link_model.objects.filter(fiche__in=published)
    return (
        model.objects.filter(locale=locale, live=True)
        .filter(
            Q(pk__in=in_region.values("actor_id"))
            | Q(region=region, pk__in=anywhere.values("actor_id"))
        )
        .annotate(
            fiche_count=Count(
                "fiche_links", filter=Q(fiche_links__fiche__in=published), distinct=True
            )
        )
        .order_by("-fiche_count", "name")
    )


def region_counts(*, locale):
    """``{INSEE code: number of published fiches of locale}`` for every region that has one
    (``regions_with_counts``), as stored (``fiches.selectors.stored``)."""
    return regions_with_stored_counts(locale=locale)[0]


def regions_with_stored_counts(*, locale):
    """``(region_counts, every region with its fiche_count)``, in one query when the counts are
    stored."""
    locale = getattr(locale, "pk", locale)
    counts, regions = fiche_selectors.stored(
        "region-counts",
        [locale],
        lambda: {
            region.code: region.fiche_count
            for region in regions_with_counts(locale=locale)
            if region.fiche_count
        },
        along=Region.objects.all(),
    )
    return counts, with_counts(regions, counts)


def with_counts(regions, counts):
    """``regions`` (a list), each with its ``fiche_count`` of ``counts`` (``region_counts``)."""
    for region in regions:
        region.fiche_count = counts.get(region.code, 0)
    return regions


def region_figures(*, region, locale, actor_limit=30):
    """A region's figures over every published fiche of ``locale``: its number of fiches, the sum
    of their total amounts (exact or estimated; ranges and yearly amounts aside: a yearly amount
    is never multiplied into a total), and the buyers and ESS structures of its fiches or based
    in it (the ``actor_limit`` most active of each kind, and how many there are). Stored
    (``fiches.selectors.stored``: ids and numbers), the actors loaded again through the
    visibility rule; three queries, whatever the number of fiches."""
    locale = getattr(locale, "pk", locale)
    found = fiche_selectors.stored(
        "region-figures",
        [region.code, locale, actor_limit],
        lambda: _region_numbers(region=region, locale=locale, actor_limit=actor_limit),
    )
    total = found["amount_total"]
    return {
        "fiche_count": found["fiche_count"],
        "amount_total": None if total is None else Decimal(total),
        "buyers": listed_actors(Buyer, found["buyers"], locale=locale),
        "buyer_count": found["buyer_count"],
        "ess_structures": listed_actors(ESSStructure, found["ess_structures"], locale=locale),
        "ess_count": found["ess_count"],
    }


def listed_actors(model, ranked, *, locale):
    """The actors of ``ranked`` (``[[pk, fiche count], …]``, a stored ranking) in its order,
    each with its ``fiche_count``: only those still public in ``locale`` (``fiches.selectors.
    public_actor_filter``), so that a stale ranking never shows an actor no longer public. One
    query."""
    counts = dict(ranked)
    public = fiche_selectors.public_actor_filter(
        model, published_fiches(locale=locale).values("pk")
    )
    actors = {actor.pk: actor for actor in model.objects.filter(public, pk__in=list(counts))}
    for pk, actor in actors.items():
        actor.fiche_count = counts[pk]
    return [actors[pk] for pk in counts if pk in actors]


def _region_numbers(*, region, locale, actor_limit):
    """What ``region_figures`` stores, computed live: three queries."""
    published = published_fiches(locale=locale)
    stats = (
        published.filter(region=region)
        .order_by()
        .aggregate(
            fiche_count=Count("pk"),
            amount_total=Sum(
                "amount",
                filter=Q(
                    amount_kind__in=[AmountKind.EXACT, AmountKind.ESTIMATED],
                    amount_period=AmountPeriod.TOTAL,
                ),
            ),
        )
    )
    found = {
        "fiche_count": stats["fiche_count"],
        "amount_total": None if stats["amount_total"] is None else str(stats["amount_total"]),
    }
    for model, name, count in (
        (Buyer, "buyers", "buyer_count"),
        (ESSStructure, "ess_structures", "ess_count"),
    ):
        actors, found[count] = _first_and_count(
            model, region=region, locale=locale, limit=actor_limit
        )
        found[name] = [[actor.pk, actor.fiche_count] for actor in actors]
    return found


def _first_and_count(model, *, region, locale, limit):
    """The ``limit`` first actors of ``model`` on ``region``'s page (``_region_actors``) and
    how many there are, in one query (the count is a window over the whole selection, read
    with the first rows) compiled once (``cms.compiled``)."""
    rows = list(
        compiled(
            "region_actors",
            _region_actor_rows,
            model,
            shape={"model": model, "limit": limit},
            region=region.code,
            locale=getattr(locale, "pk", locale),
            now=timezone.now(),
        )
    )
    return rows, rows[0].selection_count if rows else 0


def _region_actor_rows(*, model, limit, region, locale, now):
    fiches = published_fiches(locale=locale, now=now)
    actors = _region_actors(model, region=region, locale=locale, fiches=fiches)
    return actors.annotate(selection_count=Window(Count("*")))[:limit]


def _region_fiches(*, count, region, locale, now):
    fiches = published_fiches(locale=locale, now=now).prefetch_related(None)
    return fiches.filter(region=region)[:count]


def region_latest_fiches(*, region, locale, count=12):
    """The ``count`` latest published fiches of ``region`` in ``locale``, as cards: in one
    query compiled once (``cms.compiled``), their themes and images in one more
    (``fiches.selectors.prefetch_cards``)."""
    fiches = compiled(
        "region_latest_fiches",
        _region_fiches,
        FichePage,
        shape={"count": count},
        region=region.code,
        locale=getattr(locale, "pk", locale),
        now=timezone.now(),
    )
    return fiche_selectors.prefetch_cards(list(fiches))


def region_cress(*, region, locale):
    """The public CRESS (regional chambers of the social economy: operators that appear in a
    publicly visible fiche) of ``region`` in ``locale``."""
    public = fiche_selectors.public_actor_filter(
        Operator, fiche_selectors.visible_fiches().values("pk")
    )
    return list(
        Operator.objects.filter(
            public, locale=locale, region=region, operator_type=OperatorType.CRESS
        )
    )


# ---------- Related fiches ----------

#: Weights of what a related fiche shares with the fiche being read.
RELATED_WEIGHTS = {"cpv": 3, "theme": 2, "lever": 1, "region": 1}


def related_fiches(*, fiche, limit=4):
    """Other published fiches of ``fiche``'s language that share something with it, best first:
    its CPV division (main or additional code, 3 points), each theme (2 points each), each
    lever (1 point each), its region (1 point); ties go to the most recent.

    The score is computed by the database on narrow rows (uncorrelated subqueries, which
    PostgreSQL hashes once), then only the ``limit`` best fiches are loaded: two queries plus
    the cards' prefetches, whatever the number of fiches. What ``fiche`` has is read from the
    instance (prefetched by ``fiche_page``, in memory in a preview)."""
    weights = RELATED_WEIGHTS
    divisions = {code[:2] for code in _cpv_codes(fiche)}
    theme_ids = [theme.pk for theme in fiche.themes.all()]
    levers = [field for lever, field in LEVER_FIELDS.items() if getattr(fiche, field)]
    parts = []
    if divisions:
        shares_cpv = Q(main_cpv__division__in=divisions) | Q(
            pk__in=FicheAdditionalCPV.objects.filter(cpv__division__in=divisions).values("fiche_id")
        )
        parts.append(_points(shares_cpv, weights["cpv"]))
    through = FichePage.themes.through.objects
    for theme_id in theme_ids:
        tagged = through.filter(theme_id=theme_id).values("fichepage_id")
        parts.append(_points(Q(pk__in=tagged), weights["theme"]))
    for field in levers:
        parts.append(_points(Q(**{field: True}), weights["lever"]))
    if fiche.region_id:
        parts.append(_points(Q(region_id=fiche.region_id), weights["region"]))
    if not parts:
        return []
    score = parts[0]
    for part in parts[1:]:
        score += part
    candidates = published_fiches(locale=fiche.locale)
    if fiche.pk:
        candidates = candidates.exclude(pk=fiche.pk)
    # Scoring reads narrow rows (ids and flags); the cards are then loaded for the best only.
    best = dict(
        candidates.annotate(related_score=score)
        .filter(related_score__gt=0)
        .order_by("-related_score", "-first_published_at", "-pk")
        .values_list("pk", "related_score")[:limit]
    )
    cards = {card.pk: card for card in candidates.filter(pk__in=list(best))}
    for pk, points in best.items():
        cards[pk].related_score = points
    return [cards[pk] for pk in best]


def stored_related_fiches(*, fiche):
    """The related fiches stored for ``fiche`` (``fiches.discovery.related``), best first, each
    with its ``related_score``: those still publicly visible in ``fiche``'s language (a fiche
    made private or unpublished since the last refresh is left out at once). One query,
    compiled once (``cms.compiled``), plus one for the cards' themes and images
    (``fiches.selectors.prefetch_cards``), whatever the number of fiches."""
    fiches = compiled(
        "stored_related_fiches",
        _stored_related,
        FichePage,
        locale=fiche.locale_id,
        fiche=fiche.pk,
        now=timezone.now(),
    )
    return fiche_selectors.prefetch_cards(list(fiches))


def _stored_related(*, locale, fiche, now):
    return (
        published_fiches(locale=locale, now=now)
        .prefetch_related(None)
        .filter(related_to_rows__fiche=fiche)
        .annotate(related_score=F("related_to_rows__score"))
        .order_by("related_to_rows__rank")
    )


def _points(condition, weight):
    return Case(When(condition, then=Value(weight)), default=Value(0), output_field=IntegerField())


def _cpv_codes(fiche):
    codes = [link.cpv_id for link in fiche.additional_cpvs.all()]
    if fiche.main_cpv_id:
        codes.append(fiche.main_cpv_id)
    return codes


# --- Widget for partner sites (fiches.discovery.widget_views) ------------------------------

#: The stakeholder kind of ``filter_fiches(actors=...)`` for each actor model.
WIDGET_ACTOR_ROLES = {Buyer: "buyer", ESSStructure: "ess_structure", Operator: "operator"}


def widget_fiches(*, locale, limit, actor=None, **criteria):
    """The ``limit`` latest published fiches of ``locale`` shown by the embeddable widget,
    narrowed by ``criteria`` (keyword arguments of ``filter_fiches``) and to an actor (a Buyer,
    ESSStructure or Operator instance) when given; each with its region, in one query whatever
    their number."""
    actors = {WIDGET_ACTOR_ROLES[type(actor)]: actor.pk} if actor is not None else None
    fiches = filter_fiches(published_fiches(locale=locale), actors=actors, **criteria)
    # The widget shows neither images nor themes: none of the card's prefetches.
    return list(fiches.select_related(None).select_related("region").prefetch_related(None)[:limit])


def widget_catalogue(*, locale):
    """The live, public catalogue of ``locale`` the widget links back to (the first one in the
    page tree), or ``None``."""
    return (
        fiche_selectors.visible_pages(FicheIndexPage.objects.filter(locale=locale))
        .order_by("path")
        .first()
    )


def widget_actor(*, model, slug, locale):
    """The public actor (``selectors.public_actor``) of this model with this slug in
    ``locale``, or ``None``."""
    return fiche_selectors.public_actor(model, slug=slug, locale=locale)


def widget_actor_choices(*, locale):
    """The actors of ``locale`` named in at least one published fiche, as
    ``[(model, [(slug, name), …]), …]`` per kind (buyers, ESS structures, operators), each list
    sorted by name; one query per kind."""
    published = published_fiches(locale=locale).values("pk")
    return [
        (
            model,
            list(
                model.objects.filter(locale=locale, fiche_links__fiche__in=published)
                .distinct()
                .order_by("name", "pk")
                .values_list("slug", "name")
            ),
        )
        for model in WIDGET_ACTOR_ROLES
    ]


# ---------- Feeds ----------


def feed_fiches(*, locale=None, region=None, theme=None):
    """The ``FEED_LENGTH`` latest published fiches of ``locale`` (the active one by default),
    of one region (INSEE code) or one theme (slug) if given, with their themes and author (not
    the renditions of their images, which a feed does not show); in one query compiled once
    (``cms.compiled``) and one for the themes."""
    locale = locale or Locale.get_active()
    criteria = {name: value for name, value in (("region", region), ("theme", theme)) if value}
    return compiled(
        "feed_fiches",
        _feed_fiches,
        FichePage,
        shape={"length": fiche_selectors.FEED_LENGTH},
        locale=getattr(locale, "pk", locale),
        now=timezone.now(),
        **criteria,
    )


def _feed_fiches(*, length, locale, now, region=None, theme=None):
    fiches = filter_fiches(published_fiches(locale=locale, now=now), region=region, theme=theme)
    return (
        fiches.select_related("author")
        .prefetch_related(None)
        .prefetch_related(fiche_selectors.card_themes("themes"))[:length]
    )
