"""Every read that pages, views, feeds and the API share: querysets prefetched once, so that
templates never query and query counts stay constant whatever the number of items."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import CharField, Count, Min, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Cast
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, ReferenceIndex, WorkflowState

from fiches.choices import LEVER_ARTICLES, Lever
from fiches.models import (
    Buyer,
    CustomImage,
    ESSStructure,
    FicheAdditionalCPV,
    FicheBuyer,
    FicheIndexPage,
    FicheOperator,
    FichePage,
    FicheSupplier,
    Operator,
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
        # Aliases are untranslated copies of a fiche of another language (wagtail-localize).
        .filter(alias_of__isnull=True)
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
        "author",
        "region",
        "main_cpv",
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
        "catalogue": fiche.get_parent(),
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
        "catalogue": FicheIndexPage.objects.child_of(home).live().first(),
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


# The public API (fiches.api): the same reads, shaped for listings of any size.

LEVER_FIELDS = {
    Lever.RESERVED: "reserved",
    Lever.SOCIAL_CLAUSE: "social_clause",
    Lever.SOCIAL_CRITERION: "social_criterion",
    Lever.ENVIRONMENTAL_CLAUSE: "environmental_clause",
    Lever.ENVIRONMENTAL_CRITERION: "environmental_criterion",
}
STAKEHOLDER_LINKS = {"buyer": FicheBuyer, "ess_structure": FicheSupplier, "operator": FicheOperator}


def api_fiches(queryset):
    """Fiches with everything their API payload shows (body aside) loaded in a fixed number of
    queries, whatever the number of fiches, stakeholders, criteria or CPV codes."""
    return queryset.select_related(
        "locale", "region", "main_cpv", "hero_image", "author__logo"
    ).prefetch_related(
        "themes",
        "departments",
        "award_criteria",
        "impact_indicators",
        "hero_image__renditions",
        "author__logo__renditions",
        Prefetch("additional_cpvs", queryset=FicheAdditionalCPV.objects.select_related("cpv")),
        _link_prefetch("buyer_links", FicheBuyer),
        _link_prefetch("supplier_links", FicheSupplier),
        _link_prefetch("operator_links", FicheOperator),
    )


def prefetch_body_media(fiches):
    """Loads the renditions of the images of the fiches' bodies in one query."""
    images = [
        block.value["image"]
        for fiche in fiches
        for block in fiche.body
        if block.block_type == "image" and block.value["image"] is not None
    ]
    prefetch_related_objects(images, "renditions")


def filter_fiches(
    queryset,
    *,
    region=None,
    department=None,
    nature=None,
    procedure=None,
    lever=None,
    article=None,
    cpv_prefix=None,
    theme=None,
    award_year=None,
    actors=None,
):
    """Narrows ``queryset`` to the fiches matching every criterion given (already validated).

    ``cpv_prefix`` matches the main or an additional CPV code starting with these digits (a
    division such as ``"77"`` or a code and its sub-codes); ``article`` a legal article of the
    levers; ``actors`` maps ``"buyer"``, ``"ess_structure"`` or ``"operator"`` to an actor id.
    """
    if region:
        queryset = queryset.filter(region_id=region)
    if department:
        queryset = queryset.filter(
            pk__in=FichePage.departments.through.objects.filter(department_id=department).values(
                "fichepage_id"
            )
        )
    if nature:
        queryset = queryset.filter(nature=nature)
    if procedure:
        queryset = queryset.filter(procedure=procedure)
    if lever:
        queryset = queryset.filter(**{LEVER_FIELDS[lever]: True})
    if article:
        matches = Q(reserved=True, reserved_article=article)
        for chosen, lever_article in LEVER_ARTICLES.items():
            if lever_article == article:
                matches |= Q(**{LEVER_FIELDS[chosen]: True})
        queryset = queryset.filter(matches)
    if cpv_prefix:
        queryset = queryset.filter(
            Q(main_cpv__digits__startswith=cpv_prefix)
            | Q(
                pk__in=FicheAdditionalCPV.objects.filter(cpv__digits__startswith=cpv_prefix).values(
                    "fiche_id"
                )
            )
        )
    if theme:
        queryset = queryset.filter(
            pk__in=FichePage.themes.through.objects.filter(theme__slug=theme).values("fichepage_id")
        )
    if award_year:
        queryset = queryset.filter(notification_date__year=award_year)
    for kind, actor_id in (actors or {}).items():
        queryset = queryset.filter(
            pk__in=STAKEHOLDER_LINKS[kind].objects.filter(actor_id=actor_id).values("fiche_id")
        )
    return queryset


def public_actors(model):
    """Actors of one kind that appear in at least one live, public fiche (as a stakeholder, or
    as its author for operators), each with its links to those fiches only, prefetched."""
    public = FichePage.objects.live().public().values("pk")
    appears = Q(fiche_links__fiche__in=public)
    if model is Operator:
        appears |= Q(authored_fiches__in=public)
    link_model = model.fiche_links.rel.related_model
    visible = model.objects.filter(pk__in=model.objects.filter(appears).values("pk"))
    return visible.select_related("logo", "region", "department").prefetch_related(
        "logo__renditions",
        Prefetch(
            "fiche_links",
            queryset=link_model.objects.filter(fiche__in=public)
            .select_related("fiche__locale")
            .order_by("-fiche__first_published_at", "-pk"),
            to_attr="public_links",
        ),
    )


def public_media(model):
    """Images or documents a visitor can already see: referenced by a live, public page (hero
    image, body blocks, rich text), or, for images, the logo of an actor shown in one. Media
    uploaded for a draft stay out of the API until the fiche is published."""
    public_pages = Page.objects.live().public().annotate(key=Cast("pk", CharField()))
    referenced = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=public_pages.values("key"),
        to_content_type=ContentType.objects.get_for_model(model),
    ).values("to_object_id")
    visible = Q(key__in=referenced)
    if model is CustomImage:
        for actor_model in (Buyer, ESSStructure, Operator):
            visible |= Q(pk__in=public_actors(actor_model).values("logo"))
    return model.objects.annotate(key=Cast("pk", CharField())).filter(visible)


def export_fiches(
    *, locale=None, region=None, nature=None, procedure=None, theme=None, year=None, fiche_id=None
):
    """Published, public fiches of one locale (the default one unless given) for the open-data
    exports, oldest first, with everything the exporters show prefetched: the query count does
    not grow with the number of fiches. Filters are already validated values (``region`` an
    INSEE code, ``theme`` a slug, ``year`` the notification year); ``fiche_id`` selects one
    fiche whatever its locale."""
    published = FichePage.objects.live().public()
    if fiche_id is not None:
        published = published.filter(pk=fiche_id)
    else:
        published = published.filter(locale=locale or Locale.get_default())
    fiches = filter_fiches(
        published,
        region=region,
        nature=nature,
        procedure=procedure,
        theme=theme,
        award_year=year,
    )
    links = {
        lookup: Prefetch(lookup, queryset=model.objects.select_related("actor"))
        for lookup, model in (
            ("buyer_links", FicheBuyer),
            ("supplier_links", FicheSupplier),
            ("operator_links", FicheOperator),
        )
    }
    return (
        fiches.select_related("locale", "region", "main_cpv")
        .prefetch_related(
            "themes",
            "departments",
            "award_criteria",
            "impact_indicators",
            Prefetch("additional_cpvs", queryset=FicheAdditionalCPV.objects.select_related("cpv")),
            *links.values(),
        )
        .order_by("pk")
    )


def fiches_awaiting_review():
    """Fiches submitted to moderation and not yet reviewed (their workflow is in progress), the
    oldest submission first, each annotated with ``submitted_at`` and loaded with its region and
    locale; one query whatever their number."""
    return (
        FichePage.objects.filter(_specific_workflow_states__status=WorkflowState.STATUS_IN_PROGRESS)
        .annotate(submitted_at=Min("_specific_workflow_states__created_at"))
        .select_related("region", "locale")
        .order_by("submitted_at", "pk")
    )


def untranslated_original(*, page):
    """The page whose language ``page`` really shows, when that is not the active language;
    ``None`` when ``page`` may be served under the current URL.

    Two cases show French content under an English URL: the English tree lacks the page's root,
    so Wagtail's routing falls back to the French page; or the page is an alias that
    wagtail-localize created for the untranslated parents of a translated page."""
    language = get_supported_content_language_variant(get_language())
    if page.locale.language_code != language:
        return page
    if page.alias_of_id:
        original = Page.objects.select_related("locale").get(pk=page.alias_of_id)
        if original.locale_id != page.locale_id:
            return original
    return None


def page_translations(*, page, request):
    """The live, truly translated versions of ``page`` (itself included), in the order of
    ``LANGUAGES``, as dicts with ``language_code``, ``name`` (in that language), ``url``,
    ``full_url`` and ``is_current``; aliases (untranslated copies) are left out. One query."""
    order = [code for code, _name in settings.LANGUAGES]
    versions = (
        Page.objects.filter(translation_key=page.translation_key)
        .live()
        .filter(alias_of__isnull=True)
        .select_related("locale")
    )
    translations = [
        {
            "language_code": version.locale.language_code,
            "name": capfirst(get_language_info(version.locale.language_code)["name_local"]),
            "url": version.get_url(request),
            "full_url": version.get_full_url(request),
            "is_current": version.pk == page.pk,
        }
        for version in versions
        if version.locale.language_code in order
    ]
    return sorted(translations, key=lambda item: order.index(item["language_code"]))
