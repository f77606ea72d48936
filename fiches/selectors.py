"""Every read that pages, views, feeds and the API share: querysets prefetched once, so that
templates never query and query counts stay constant whatever the number of items."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Min,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, ngettext
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, ReferenceIndex, WorkflowState

from fiches import map_data
from fiches.choices import LEVER_ARTICLES, AmountKind, Lever, OperatorType
from fiches.models import (
    Buyer,
    CustomImage,
    CustomRendition,
    ESSStructure,
    FicheAdditionalCPV,
    FicheBuyer,
    FicheIndexPage,
    FicheOperator,
    FichePage,
    FicheSupplier,
    Operator,
    Region,
    Theme,
)
from fiches.models.pages import fold_accents
from home.models import ArticlePage, EventPage, NewsIndexPage

#: A fiche's stakeholder links: relation name → link model.
LINKS = {
    "buyer_links": FicheBuyer,
    "supplier_links": FicheSupplier,
    "operator_links": FicheOperator,
}


def link_prefetches(*related):
    """Prefetches of the three stakeholder links of fiches, each with ``related`` (lookups such
    as ``"actor__logo"``) joined."""
    return [
        Prefetch(lookup, queryset=model.objects.select_related(*related))
        for lookup, model in LINKS.items()
    ]


#: The renditions of an image on a card (includes/fiche_card.html, home/includes/article_card.html:
#: ``fill-{320x180,640x360}``): listings prefetch only these, not every size of every image.
CARD_RENDITION_SPECS = ("fill-320x180", "fill-640x360")


def card_renditions(lookup):
    """Prefetches, through ``lookup`` (e.g. ``"hero_image__renditions"``), the renditions a card
    shows."""
    return Prefetch(
        lookup, queryset=CustomRendition.objects.filter(filter_spec__in=CARD_RENDITION_SPECS)
    )


def card_themes(lookup):
    """Prefetches, through ``lookup`` (``"themes"`` or ``"…__themes"``), the themes a card shows
    as a plain list, ``card_themes`` (by name): unlike ``fiche.themes.all()``, it builds no
    related manager and queryset per fiche (a millisecond each with modelcluster)."""
    return Prefetch(lookup, queryset=Theme.objects.order_by("name"), to_attr="card_themes")


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
        .prefetch_related(card_themes("themes"), card_renditions("hero_image__renditions"))
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


# ---------- Catalogue: search, filters, facets, order (fiches.facets) ----------

#: The ``order`` parameter of the catalogue → its ordering; ties go to the newest publication.
CATALOGUE_ORDERINGS = {
    "recent": ("-first_published_at", "-pk"),
    "award": (F("notification_date").desc(nulls_last=True), "-first_published_at", "-pk"),
    "amount": (F("sort_amount").desc(nulls_last=True), "-first_published_at", "-pk"),
}


def catalogue_page(*, index_page, params, request=None):
    """The catalogue below ``index_page`` for the GET ``params`` (see ``fiches.facets``): one
    page of fiche cards matching the search and every filter, in the order asked (best matches
    first by default when searching), and the facets, each value with the number of fiches it
    would give. Also the active filters with the links that remove them and the notices about
    ignored parameters. The number of queries depends neither on the number of fiches nor on
    the number of facet values.

    The labels of the filters, the search's ranking and each facet's counts are kept in the
    fragment cache (``cms.fragments``, on in production) until the content changes: paging,
    sorting or changing one filter reuses what does not depend on it."""
    from cms.cache import fragments
    from fiches import facets, search

    locale = index_page.locale
    reference = fragments.get_or_set(
        "catalogue-reference",
        [locale.pk],
        lambda: facets.Reference.load(locale=locale),
        request=request,
    )
    query = facets.parse(params, reference)
    fiches = published_fiches(locale=locale).child_of(index_page)
    ranked = None
    if query.q:
        words = query.words
        ranked = search.cached_ranked_pks(FichePage, words, request=request)
        fiches = search.pk_in(fiches, ranked)
    results = filter_fiches(fiches, **query.criteria())
    if query.order == facets.SEARCH_ORDER:
        page = _ranked_page(
            results,
            ranked,
            params.get("page"),
            index_page.per_page,
            key=[index_page.pk, query.querystring()],
            request=request,
        )
    else:
        if query.order == "amount":
            results = results.annotate(sort_amount=Coalesce("amount", "amount_max", "amount_min"))
        ordered = results.order_by(*CATALOGUE_ORDERINGS[query.order])
        page = paginate(ordered, params.get("page"), index_page.per_page)
    lean = fiches.select_related(None).prefetch_related(None).order_by()
    # Shown in the results fragment only; reading the locale's language costs a query.
    exports = lazy(lambda: facets.export_params(query, locale=locale))
    return {
        "fiches": page,
        "paginator": page.paginator,
        "query": query,
        "q": query.q,
        # Keys of the fragments of the template: the filter form shows the search and the
        # filters; the results also the order, the page and, in the pagination's links, the
        # parameters as given.
        "form_key": query.querystring(),
        "results_key": f"{page.number}?{params.urlencode()}",
        "facet_groups": lazy(
            lambda: facets.groups(
                facets.count(lean, query, reference, scope=index_page.pk, request=request)
            )
        ),
        "orders": facets.orders(query),
        "active_filters": facets.active_filters(query, reference),
        "notices": query.notices,
        "export_params": lazy(lambda: exports[0]),
        "export_partial": lazy(lambda: exports[1]),
    }


def lazy(compute):
    """``compute()``, computed when first read if the fragment caches are on (cms.fragments): a
    template fragment served from the cache then never reads it."""
    from cms.cache import fragments

    return SimpleLazyObject(compute) if fragments.enabled() else compute()


def _ranked_page(results, ranked, page_number, per_page, *, key, request=None):
    """One page of ``results`` in the order of ``ranked`` (the search's primary keys, best
    first): the order is applied to the keys in Python rather than in SQL, and only the fiches
    of the page are loaded — when the template reads them (a results fragment from the cache
    does not). The ordered keys matching the filters are kept in the fragment cache under
    ``key`` (the catalogue and the state of its search and filters) until the content changes."""
    from cms.cache import fragments
    from fiches import search

    def matching_in_order():
        matching = set(results.prefetch_related(None).values_list("pk", flat=True))
        return [pk for pk in ranked if pk in matching]

    ordered = fragments.get_or_set("catalogue-ranked", key, matching_in_order, request=request)
    page = paginate(ordered, page_number, per_page)
    keys = list(page.object_list)

    def fiches_of_the_page():
        loaded = {fiche.pk: fiche for fiche in search.pk_in(results, keys)}
        return [loaded[pk] for pk in keys if pk in loaded]

    page.object_list = lazy(fiches_of_the_page)
    return page


#: What a fiche page shows through foreign keys, fetched with the page (selectors.child_fiche).
FICHE_PAGE_RELATED = ("locale", "author", "region", "main_cpv", "hero_image")


def child_fiche(*, index_page, slug):
    """The fiche ``slug`` below ``index_page`` for Wagtail's routing, in its specific form with
    its foreign keys (``FICHE_PAGE_RELATED``), in one query (Wagtail's routing takes two, then
    one per key); ``None`` when there is no such fiche. Live or not: routing decides."""
    try:
        return (
            FichePage.objects.child_of(index_page)
            .select_related(*FICHE_PAGE_RELATED)
            .get(slug=slug)
        )
    except FichePage.DoesNotExist:
        return None


def load_fiche_page(fiche):
    """Loads on ``fiche`` everything its page shows, in a constant number of queries: one per
    relation, and one for the renditions of the hero image and of every stakeholder's logo
    together; nothing that is already loaded (a page from ``child_fiche``). The body's images
    are loaded with the body, when it is rendered (``fiche_tags.fiche_body``)."""
    if getattr(fiche, "_fiche_page_loaded", False):
        return
    fiche._fiche_page_loaded = True
    prefetch_related_objects(
        [fiche],
        *FICHE_PAGE_RELATED,
        "themes",
        "departments",
        "award_criteria",
        "impact_indicators",
        Prefetch("additional_cpvs", queryset=FicheAdditionalCPV.objects.select_related("cpv")),
        # Logos and regions of the actors; the logos' renditions are loaded below.
        *link_prefetches("actor__logo", "actor__region"),
    )
    links = [*fiche.buyer_links.all(), *fiche.supplier_links.all(), *fiche.operator_links.all()]
    images = [link.actor.logo for link in links if link.actor.logo_id]
    if fiche.hero_image_id:
        images.append(fiche.hero_image)
    _prefetch_renditions(images)


def fiche_page(*, fiche):
    """What a fiche page shows (see ``load_fiche_page``), in a constant number of queries.

    With the fragment caches on (cms.fragments), the values are lazy and ``fiche`` is loaded on
    first use only: a page whose fragments all come from the cache reads none of them."""

    def value(read):
        def loaded():
            load_fiche_page(fiche)
            return read()

        return lazy(loaded)

    return {
        "catalogue": value(fiche.get_parent),
        "buyers": value(lambda: fiche.buyer_links.all()),
        "suppliers": value(lambda: fiche.supplier_links.all()),
        "operators": value(lambda: fiche.operator_links.all()),
        "criteria": value(lambda: fiche.award_criteria.all()),
        "indicators": value(lambda: fiche.impact_indicators.all()),
        "cpv_codes": value(lambda: _fiche_cpv_codes(fiche)),
    }


def _fiche_cpv_codes(fiche):
    codes = [link.cpv for link in fiche.additional_cpvs.all()]
    return [fiche.main_cpv, *codes] if fiche.main_cpv_id else codes


def _prefetch_renditions(images):
    """The renditions of ``images`` in one query (none when there is no image); an image that
    appears twice (the same logo for two actors) is loaded once and shared."""
    unique = {image.pk: image for image in images}
    if not unique or all(_has_renditions(image) for image in unique.values()):
        return
    prefetch_related_objects(list(unique.values()), "renditions")
    for image in images:
        if image is not unique[image.pk]:
            image._prefetched_objects_cache = unique[image.pk]._prefetched_objects_cache


def _has_renditions(image):
    return "renditions" in getattr(image, "_prefetched_objects_cache", {})


def actor_page(*, actor):
    """An actor's details and every published fiche it appears in, with its role in each."""
    links = (
        type(actor)
        .fiche_links.rel.related_model.objects.filter(
            # The locale's id: its row is not needed to filter on it.
            actor=actor,
            fiche__in=published_fiches(locale=actor.locale_id).values("pk"),
        )
        .select_related("fiche__region", "fiche__main_cpv", "fiche__hero_image")
        .prefetch_related(
            card_themes("fiche__themes"), card_renditions("fiche__hero_image__renditions")
        )
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
    """Fiches for the API, with the small tables their rows show joined; ``prefetch_api_fiches``
    then loads the rest. Every further join (hero image, author, its logo) made PostgreSQL
    spend 10 to 20 ms planning the listing query, far more than a prefetch costs."""
    return queryset.select_related("locale", "region", "main_cpv")


def _api_fiche_relations():
    """What the API payload of a fiche shows besides its row (``prefetch_api_fiches``)."""
    return [
        "themes",
        "departments",
        "award_criteria",
        "impact_indicators",
        "hero_image",
        Prefetch("author", queryset=Operator.objects.select_related("logo")),
        Prefetch("additional_cpvs", queryset=FicheAdditionalCPV.objects.select_related("cpv")),
        *link_prefetches("actor__logo"),
    ]


def prefetch_api_fiches(fiches, *, body=False):
    """Loads everything the API payload of ``fiches`` (from ``api_fiches``) shows, body aside
    unless ``body``, in a fixed number of queries whatever the number of fiches, stakeholders,
    criteria, CPV codes, blocks or images."""
    prefetch_related_objects(fiches, *_api_fiche_relations())
    prefetch_api_media(fiches, body=body)


def _body_images(fiche):
    return [
        block.value["image"]
        for block in fiche.body
        if block.block_type == "image" and block.value["image"] is not None
    ]


def prefetch_api_media(fiches, *, body=False):
    """Loads, in one query, the renditions the API shows (``fiches.api.fields``) of every image
    of ``fiches`` from ``api_fiches``: hero images, logos of the author and stakeholders and,
    with ``body``, the images of the body. Only those renditions: the templates' other sizes
    would be thousands of rows for a listing."""
    from fiches.api.fields import API_RENDITION_SPECS

    # One instance per image for the hero images and logos (each stakeholder row brings its
    # own): a rendition created on a first view is then created once, not once per row.
    shared = {}

    def share(instance, field):
        image = field.get_cached_value(instance, None)
        if image is not None:
            field.set_cached_value(instance, shared.setdefault(image.pk, image))

    images = {}
    for fiche in fiches:
        share(fiche, FichePage._meta.get_field("hero_image"))
        actors = [fiche.author] if fiche.author else []
        for links in (fiche.buyer_links, fiche.supplier_links, fiche.operator_links):
            actors.extend(link.actor for link in links.all())
        for actor in actors:
            share(actor, actor._meta.get_field("logo"))
        if body:
            images.update((id(image), image) for image in _body_images(fiche))
    images.update((id(image), image) for image in shared.values())
    prefetch_related_objects(
        list(images.values()),
        Prefetch(
            "renditions",
            queryset=CustomRendition.objects.filter(filter_spec__in=API_RENDITION_SPECS),
        ),
    )


def prefetch_body_media(fiches):
    """Loads the renditions of the images of the fiches' bodies in one query."""
    images = [image for fiche in fiches for image in _body_images(fiche)]
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
    family=None,
    status=None,
    buyer_type=None,
):
    """Narrows ``queryset`` to the fiches matching every criterion given (already validated).

    ``cpv_prefix`` matches the main or an additional CPV code starting with these digits (a
    division such as ``"77"`` or a code and its sub-codes); ``article`` a legal article of the
    levers; ``actors`` maps ``"buyer"``, ``"ess_structure"`` or ``"operator"`` to an actor id;
    ``family`` and ``status`` (``ESSFamily``, ``InclusionStatus``) match a fiche with an ESS
    supplier of that family or status, ``buyer_type`` (``BuyerType``) one with such a buyer.
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
        queryset = queryset.filter(legal_article_q(article))
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
    for link_model, lookup, value in (
        (FicheSupplier, "actor__family", family),
        (FicheSupplier, "actor__inclusion_status", status),
        (FicheBuyer, "actor__buyer_type", buyer_type),
    ):
        if value:
            queryset = queryset.filter(
                pk__in=link_model.objects.filter(**{lookup: value}).values("fiche_id")
            )
    return queryset


def legal_article_q(article):
    """The condition on fiches of using the legal article ``article``: a contract reserved
    under it, or a lever that stands on it (L2112-2 clauses, R2152-7 criteria)."""
    matches = Q(reserved=True, reserved_article=article)
    for chosen, lever_article in LEVER_ARTICLES.items():
        if lever_article == article:
            matches |= Q(**{LEVER_FIELDS[chosen]: True})
    return matches


def public_actor_filter(model, fiches):
    """The condition on ``model`` of appearing in one of ``fiches`` (a queryset of page ids): as a
    stakeholder, or as the author for operators."""
    appears = Q(
        pk__in=model.fiche_links.rel.related_model.objects.filter(fiche__in=fiches).values("actor")
    )
    if model is Operator:
        appears |= Q(pk__in=FichePage.objects.filter(pk__in=fiches).values("author"))
    return appears


def public_actors(model):
    """Actors of one kind that appear in at least one live, public fiche (as a stakeholder, or
    as its author for operators), each with its links to those fiches only, prefetched."""
    public = FichePage.objects.live().public().values("pk")
    link_model = model.fiche_links.rel.related_model
    visible = model.objects.filter(public_actor_filter(model, public))
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
    return (
        fiches.select_related("locale", "region", "main_cpv")
        .prefetch_related(
            "themes",
            "departments",
            "award_criteria",
            "impact_indicators",
            Prefetch("additional_cpvs", queryset=FicheAdditionalCPV.objects.select_related("cpv")),
            *link_prefetches("actor"),
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
            # Absolute on the host the visitor asked for, like the canonical URL (fiches.seo).
            "full_url": request.build_absolute_uri(version.get_url(request))
            if request
            else version.get_full_url(),
            "is_current": version.pk == page.pk,
        }
        for version in versions
        if version.locale.language_code in order
    ]
    return sorted(translations, key=lambda item: order.index(item["language_code"]))


# ---------- Map and regions ----------
# The map of France (templates/includes/france_map.html), the region pages
# (fiches.region_views) and the related fiches at the end of a fiche page.

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


def live_catalogue(*, locale=None):
    """The live catalogue of ``locale`` (the active one by default; the first one in the page
    tree), where « see all fiches » links go, or ``None``."""
    return FicheIndexPage.objects.live().filter(locale=locale or Locale.get_active()).first()


def catalogue_url(*, locale=None):
    """The URL of the live catalogue of ``locale`` (the active one by default), or ``""``."""
    catalogue = live_catalogue(locale=locale)
    return catalogue.get_url() if catalogue else ""


def france_map(*, locale=None, catalogue_url):
    """What ``includes/france_map.html`` draws: every region with its number of published
    fiches, its outline (``fiches.map_data``), its shade and its link to the catalogue
    filtered on it (``{catalogue_url}?region=<INSEE code>``), a legend and the same figures
    for the table. One query, whatever the number of fiches."""
    regions = list(regions_with_counts(locale=locale))
    classes = _map_classes([region.fiche_count for region in regions])
    entries = {}
    for region in regions:
        count = region.fiche_count
        level = next(level for level, low, high in classes if low <= count <= high)
        if catalogue_url:
            url = f"{catalogue_url}?{urlencode({'region': region.code})}"
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
        model.objects.filter(locale=locale)
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


def region_page(*, region, locale=None, latest_count=12, actor_limit=30):
    """A region's page: its latest published fiches (cards), key figures, the buyers and ESS
    structures of its fiches or based in it (the ``actor_limit`` most active of each kind, and
    how many there are), and its CRESS; a constant number of queries."""
    from cms.cache import fragments

    locale = locale or Locale.get_active()
    published = published_fiches(locale=locale)
    fiches = published.filter(region=region)

    def figures():
        # Counts and rankings over every published fiche (a tenth of a second at 10,000).
        stats = fiches.order_by().aggregate(
            fiche_count=Count("pk"),
            amount_total=Sum("amount", filter=~Q(amount_kind=AmountKind.RANGE)),
        )
        buyers = _region_actors(Buyer, region=region, locale=locale, fiches=published)
        ess = _region_actors(ESSStructure, region=region, locale=locale, fiches=published)
        return {
            **stats,
            "buyers": list(buyers[:actor_limit]),
            "buyer_count": buyers.count(),
            "ess_structures": list(ess[:actor_limit]),
            "ess_count": ess.count(),
        }

    cress = list(
        Operator.objects.filter(locale=locale, region=region, operator_type=OperatorType.CRESS)
    )
    url = catalogue_url(locale=locale)
    return {
        "region": region,
        "fiches": list(fiches[:latest_count]),
        **fragments.get_or_set("region-figures", [region.code, locale.pk, actor_limit], figures),
        "cress": cress,
        "catalogue_url": url,
        "region_catalogue_url": f"{url}?{urlencode({'region': region.code})}" if url else "",
    }


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


def cached_related_fiches(*, fiche, request):
    """``related_fiches`` of a live fiche, evaluated on first use, from the fragment cache
    (cms.fragments) with the cards loaded: the list depends on every published fiche, so it is
    kept under the content version, which any publication bumps. Previews compute it every
    time. The fiche template also keeps the cards' HTML (``{% fragment "related-fiches" %}``)."""
    from cms.cache import fragments

    if getattr(request, "is_preview", False) or not fiche.pk:
        return related_fiches(fiche=fiche)
    # Lazy: nothing is read when the template shows the cached HTML of the cards instead.
    return SimpleLazyObject(
        lambda: fragments.get_or_set(
            "related-fiches-data", [fiche.pk], lambda: related_fiches(fiche=fiche), request=request
        )
    )


def _points(condition, weight):
    return Case(When(condition, then=Value(weight)), default=Value(0), output_field=IntegerField())


def _cpv_codes(fiche):
    codes = [link.cpv_id for link in fiche.additional_cpvs.all()]
    if fiche.main_cpv_id:
        codes.append(fiche.main_cpv_id)
    return codes


# --- Widget for partner sites (fiches.widget_views) -------------------------------------------

#: The stakeholder kind of ``filter_fiches(actors=...)`` for each actor model.
WIDGET_ACTOR_ROLES = {Buyer: "buyer", ESSStructure: "ess_structure", Operator: "operator"}


def widget_fiches(*, locale, limit, region=None, theme=None, actor=None):
    """The ``limit`` latest published fiches of ``locale`` shown by the embeddable widget,
    narrowed to a region code, a theme slug and an actor (a Buyer, ESSStructure or Operator
    instance) when given; each with its region, in one query whatever their number."""
    actors = {WIDGET_ACTOR_ROLES[type(actor)]: actor.pk} if actor is not None else None
    fiches = filter_fiches(
        published_fiches(locale=locale), region=region, theme=theme, actors=actors
    )
    # The widget shows neither images nor themes: none of the card's prefetches.
    return list(fiches.select_related(None).select_related("region").prefetch_related(None)[:limit])


def widget_catalogue(*, locale):
    """The live, public catalogue of ``locale`` the widget links back to (the first one in the
    page tree), or ``None``."""
    return FicheIndexPage.objects.live().public().filter(locale=locale).order_by("path").first()


def widget_regions():
    """The regions a widget can be limited to, by name."""
    return Region.objects.order_by("name")


def widget_themes(*, locale):
    """The themes of ``locale`` a widget can be limited to, by name."""
    return Theme.objects.filter(locale=locale).order_by("name")


def widget_actor(*, model, slug, locale):
    """The actor of this model with this slug in ``locale``, or ``None``."""
    return model.objects.filter(slug=slug, locale=locale).first()


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


# ---------- News, events, home page and feeds ----------
# The news section (home.NewsIndexPage, ArticlePage, EventPage), what the home page shows (with
# its entry points by theme and by lever) and the items of the RSS and Atom feeds.

#: The values of the news page filter (``?type=``) and the page type each one keeps.
NEWS_KINDS = {"actualites": ArticlePage, "evenements": EventPage}
#: How many items a feed lists.
FEED_LENGTH = 30
#: How many events and articles the home page shows.
HOME_NEWS_COUNT = 3


def _live(queryset, *, locale=None):
    """Live, public, truly translated (not alias) pages of ``locale`` (the active one by
    default)."""
    return (
        queryset.live().public().filter(locale=locale or Locale.get_active(), alias_of__isnull=True)
    )


def content_locale():
    """The locale of the active language, or ``None`` when the site has no content in it yet
    (unlike ``Locale.get_active()``, which falls back to the default one)."""
    try:
        language = get_supported_content_language_variant(get_language())
    except LookupError:
        return None
    return Locale.objects.filter(language_code=language).first()


def news_index(*, locale=None):
    """The live news page of ``locale`` (the active one by default), or ``None``."""
    return _live(NewsIndexPage.objects, locale=locale).first()


def upcoming_events(*, locale=None, now=None):
    """Events of ``locale`` that are not over at ``now`` (the current time by default), the
    soonest first."""
    return (
        _live(EventPage.objects, locale=locale)
        .filter(end__gte=now or timezone.now())
        .order_by("start", "pk")
        .defer_streamfields()
    )


def latest_articles(*, locale=None):
    """Articles of ``locale``, the most recent first, with their image and its renditions."""
    return (
        _live(ArticlePage.objects, locale=locale)
        .select_related("image")
        .prefetch_related(card_renditions("image__renditions"))
        .order_by("-date", "-first_published_at", "-pk")
        .defer_streamfields()
    )


def news_entries(*, index_page, kind="", now=None):
    """The articles and events below ``index_page`` in the order of the news page: events not
    over at ``now`` first (the soonest first), then the articles and past events, the most
    recent first (an article by its date, an event by its start). ``kind`` (a key of
    ``NEWS_KINDS``) keeps only articles or only events. Specific pages, bodies deferred."""
    upcoming = Q(eventpage__end__gte=now or timezone.now())
    entries = Page.objects.child_of(index_page).live().public().filter(alias_of__isnull=True)
    if kind:
        entries = entries.type(NEWS_KINDS[kind])
    return (
        entries.annotate(
            later=Case(When(upcoming, then=Value(0)), default=Value(1)),
            upcoming_start=Case(When(upcoming, then=F("eventpage__start"))),
            news_date=Coalesce("articlepage__date", TruncDate("eventpage__start")),
        )
        .order_by(
            "later",
            F("upcoming_start").asc(nulls_last=True),
            "-news_date",
            "-first_published_at",
            "-pk",
        )
        .specific()
        .defer_streamfields()
    )


def _prefetch_article_images(entries):
    articles = [entry for entry in entries if isinstance(entry, ArticlePage) and entry.image_id]
    prefetch_related_objects(articles, card_renditions("image__renditions"))


def news_index_page(*, index_page, params):
    """The context of the news page: one page of articles and events (see ``news_entries``),
    filtered by ``?type=actualites`` or ``?type=evenements``; an unknown filter shows
    everything with a message saying so."""
    kind = params.get("type", "")
    filter_message = ""
    if kind not in ("", *NEWS_KINDS):
        filter_message = _(
            "Le filtre « %(value)s » n'existe pas : toutes les actualités et tous les "
            "événements sont affichés."
        ) % {"value": kind[:40]}
        kind = ""
    page = paginate(
        news_entries(index_page=index_page, kind=kind), params.get("page"), index_page.per_page
    )
    page.object_list = list(page.object_list)
    _prefetch_article_images(page.object_list)
    return {
        "entries": page,
        "paginator": page.paginator,
        "kind": kind,
        "kinds": [
            {"value": "", "label": _("Tout")},
            {"value": "actualites", "label": _("Actualités")},
            {"value": "evenements", "label": _("Événements")},
        ],
        "filter_message": filter_message,
    }


def article_related_fiches(*, article):
    """The published fiches an article links to, in its language (the translation of each
    chosen fiche), in the editor's order; drafts and unpublished fiches are left out."""
    chosen = list(dict.fromkeys(link.fiche_id for link in article.related_fiche_links.all()))
    if not chosen:
        return []
    keys = dict(FichePage.objects.filter(pk__in=chosen).values_list("pk", "translation_key"))
    found = {
        fiche.translation_key: fiche
        for fiche in published_fiches(locale=article.locale).filter(
            translation_key__in=keys.values()
        )
    }
    return [found[keys[pk]] for pk in chosen if keys.get(pk) in found]


def news_entry_page(*, entry):
    """What an article or event page shows besides its own fields: the news page (for the
    breadcrumb), the renditions of its images and, for an article, its related fiches."""
    prefetch_body_media([entry])
    context = {"news_index": entry.get_parent()}
    if isinstance(entry, ArticlePage):
        if entry.image_id:
            prefetch_related_objects([entry], "image__renditions")
        context["related_fiches"] = article_related_fiches(article=entry)
    return context


def _entry_points(*, locale, fiches, catalogue_url, lever_counts):
    """Links to the catalogue filtered by theme and by lever, with their number of fiches;
    themes and levers without any published fiche are left out."""
    themes = (
        Theme.objects.filter(locale=locale)
        .annotate(fiche_count=Count("fiches", filter=Q(fiches__in=fiches.values("pk"))))
        .filter(fiche_count__gt=0)
        .order_by("-fiche_count", "name")
    )
    return {
        "themes": [
            {
                "name": theme.name,
                "count": theme.fiche_count,
                "url": f"{catalogue_url}?{urlencode({'theme': theme.slug})}",
            }
            for theme in themes
        ],
        "levers": [
            {
                "code": lever.value,
                "name": lever.label,
                "count": lever_counts[lever.value],
                "url": f"{catalogue_url}?{urlencode({'lever': lever.value})}",
            }
            for lever in Lever
            if lever_counts[lever.value]
        ],
    }


def home_page(*, home, latest_count, request=None):
    """Everything the home page shows, in a fixed number of queries: the latest fiches and the
    featured ones (moderators choose them: ``fiches.feature_fichepage``), the key figures, the
    map, the entry points by theme and by lever, the next events and the latest news. The
    figures, map and entry points count every published fiche (a tenth of a second at 10,000
    fiches): they are kept in the fragment cache (``cms.fragments``) until the content changes."""
    from cms.cache import fragments

    locale = home.locale
    fiches = published_fiches(locale=locale)
    catalogue = FicheIndexPage.objects.child_of(home).live().first()
    url = catalogue.get_url(request) if catalogue else ""
    figures = fragments.get_or_set(
        "home-figures",
        [locale.pk, catalogue.pk if catalogue else "", url],
        lambda: home_figures(
            locale=locale, fiches=fiches, catalogue_url=url, with_catalogue=bool(catalogue)
        ),
        request=request,
    )
    return {
        "catalogue": catalogue,
        "catalogue_url": url,
        "latest_fiches": list(fiches[:latest_count]),
        "featured_fiches": list(fiches.filter(is_featured=True)[:3]),
        **figures,
        "news_index": NewsIndexPage.objects.child_of(home).live().first(),
        "upcoming_events": list(upcoming_events(locale=locale)[:HOME_NEWS_COUNT]),
        "latest_articles": list(latest_articles(locale=locale)[:HOME_NEWS_COUNT]),
    }


def home_figures(*, locale, fiches, catalogue_url, with_catalogue):
    """The home page's counts over the published ``fiches`` of ``locale``: key figures, map and
    entry points by theme and lever (the last two only ``with_catalogue``)."""
    stats = fiches.aggregate(
        fiche_count=Count("pk", distinct=True),
        region_count=Count("region", distinct=True),
        **{
            f"lever_{lever.value}": Count("pk", filter=Q(**{field: True}))
            for lever, field in LEVER_FIELDS.items()
        },
    )
    figures = {
        "fiche_count": stats["fiche_count"],
        "region_count": stats["region_count"],
        "buyer_count": Buyer.objects.filter(
            locale=locale, fiche_links__fiche__in=fiches.values("pk")
        )
        .distinct()
        .count(),
        "ess_count": ESSStructure.objects.filter(
            locale=locale, fiche_links__fiche__in=fiches.values("pk")
        )
        .distinct()
        .count(),
        "map": None,
        "themes": [],
        "levers": [],
    }
    if with_catalogue:
        figures["map"] = france_map(locale=locale, catalogue_url=catalogue_url)
        figures.update(
            _entry_points(
                locale=locale,
                fiches=fiches,
                catalogue_url=catalogue_url,
                lever_counts={lever.value: stats[f"lever_{lever.value}"] for lever in LEVER_FIELDS},
            )
        )
    return figures


def feed_fiches(*, locale=None, region=None, theme=None):
    """The ``FEED_LENGTH`` latest published fiches of ``locale`` (the active one by default),
    of one region (INSEE code) or one theme (slug) if given, with their themes and author."""
    fiches = filter_fiches(published_fiches(locale=locale), region=region, theme=theme)
    return fiches.select_related("author")[:FEED_LENGTH]


def feed_news(*, locale=None):
    """The ``FEED_LENGTH`` articles and events of ``locale`` (the active one by default) most
    recently published."""
    return (
        _live(Page.objects, locale=locale)
        .type(ArticlePage, EventPage)
        .order_by("-first_published_at", "-pk")
        .specific()
        .defer_streamfields()[:FEED_LENGTH]
    )
