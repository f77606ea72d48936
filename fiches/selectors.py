"""Every read that pages, views, feeds and the API share: querysets prefetched once, so that
templates never query and query counts stay constant whatever the number of items."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from wagtail.models import Locale

from fiches.models import (
    Buyer,
    ESSStructure,
    FicheAdditionalCPV,
    FicheBuyer,
    FicheOperator,
    FichePage,
    FicheSupplier,
    Region,
)

CARD_RENDITIONS = ["fill-640x360", "fill-320x180"]


def _link_prefetch(lookup, model):
    """Stakeholder links with their actor and its logo renditions in a fixed number of queries."""
    return Prefetch(
        lookup,
        queryset=model.objects.select_related("actor__logo", "actor__region").prefetch_related(
            "actor__logo__renditions"
        ),
    )


def published_fiches(*, locale=None):
    """Live, publicly visible fiches of one locale (the active one by default), newest first,
    with what a card shows already loaded."""
    locale = locale or Locale.get_active()
    return (
        FichePage.objects.live()
        .public()
        .filter(locale=locale)
        .select_related("region", "main_cpv", "hero_image")
        .prefetch_related("themes", "hero_image__renditions")
        .order_by("-first_published_at", "-pk")
    )


def paginate(queryset, page_number, per_page):
    """One page of results; out-of-range or non-numeric page numbers fall back to the nearest."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(page_number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def catalogue_page(*, index_page, params):
    """The context of the catalogue: one page of fiche cards below ``index_page``."""
    fiches = published_fiches(locale=index_page.locale).child_of(index_page)
    page = paginate(fiches, params.get("page"), index_page.per_page)
    return {"fiches": page, "paginator": page.paginator}


def fiche_page(*, fiche):
    """Loads everything a fiche page shows in a constant number of queries."""
    prefetch_related_objects(
        [fiche],
        "themes",
        "departments",
        "award_criteria",
        "impact_indicators",
        Prefetch("additional_cpvs", queryset=FicheAdditionalCPV.objects.select_related("cpv")),
        _link_prefetch("buyer_links", FicheBuyer),
        _link_prefetch("supplier_links", FicheSupplier),
        _link_prefetch("operator_links", FicheOperator),
    )
    body_images = [
        block.value["image"]
        for block in fiche.body
        if block.block_type == "image" and block.value["image"] is not None
    ]
    hero = [fiche.hero_image] if fiche.hero_image_id else []
    prefetch_related_objects(hero + body_images, "renditions")
    return {
        "buyers": fiche.buyer_links.all(),
        "suppliers": fiche.supplier_links.all(),
        "operators": fiche.operator_links.all(),
        "criteria": fiche.award_criteria.all(),
        "indicators": fiche.impact_indicators.all(),
        "cpv_codes": [fiche.main_cpv, *(link.cpv for link in fiche.additional_cpvs.all())]
        if fiche.main_cpv_id
        else [link.cpv for link in fiche.additional_cpvs.all()],
    }


def home_page(*, home, latest_count):
    """Latest and featured fiches and the key figures of the home page."""
    fiches = published_fiches(locale=home.locale)
    stats = fiches.aggregate(
        fiche_count=Count("pk", distinct=True), region_count=Count("region", distinct=True)
    )
    return {
        "latest_fiches": list(fiches[:latest_count]),
        "featured_fiches": list(fiches.filter(is_featured=True)[:3]),
        "fiche_count": stats["fiche_count"],
        "region_count": stats["region_count"],
        "buyer_count": Buyer.objects.filter(
            locale=home.locale, fiche_links__fiche__in=fiches.values("pk")
        )
        .distinct()
        .count(),
        "ess_count": ESSStructure.objects.filter(
            locale=home.locale, fiche_links__fiche__in=fiches.values("pk")
        )
        .distinct()
        .count(),
    }


def actor_page(*, actor):
    """An actor's details and every published fiche it appears in, with its role in each."""
    links = (
        type(actor)
        .fiche_links.rel.related_model.objects.filter(
            actor=actor, fiche__in=published_fiches(locale=actor.locale).values("pk")
        )
        .select_related("fiche__region", "fiche__main_cpv", "fiche__hero_image")
        .prefetch_related("fiche__themes", "fiche__hero_image__renditions")
        .order_by("-fiche__first_published_at", "-pk")
    )
    if actor.logo_id:
        prefetch_related_objects([actor.logo], "renditions")
    return {"actor": actor, "links": list(links)}


def regions_with_counts(*, locale=None):
    """Every region with the number of published fiches it has."""
    fiches = published_fiches(locale=locale).values("pk")
    return Region.objects.annotate(fiche_count=Count("fiches", filter=Q(fiches__in=fiches)))
