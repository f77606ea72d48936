"""Every read that pages, views, feeds and the API share: querysets prefetched once, so that
templates never query and query counts stay constant whatever the number of items."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import (
    F,
    Min,
    Prefetch,
    Q,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, WorkflowState

from cms.compiled import compiled
from cms.pages import child_page
from fiches.models import (
    ACTOR_KINDS,
    CustomRendition,
    FicheAdditionalCPV,
    FicheIndexPage,
    FichePage,
    Operator,
    Theme,
)

from .rows import PUBLIC_LINK, prefetch_rows
from .visibility import visible_pages

#: A fiche's stakeholder links: relation name → link model.
LINKS = {kind.relation: kind.link_model for kind in ACTOR_KINDS}


def link_prefetches(*related):
    """Prefetches of the three stakeholder links of fiches, each with ``related`` (lookups such
    as ``"actor__logo"``) joined; links to an actor that was never published (a draft awaiting
    moderation) are left out."""
    return [
        Prefetch(lookup, queryset=model.objects.filter(PUBLIC_LINK).select_related(*related))
        for lookup, model in LINKS.items()
    ]


def indexable_fiches(fiches):
    """``fiches`` (a queryset) with what the search index reads of them
    (``FichePage.folded_text``) loaded in a fixed number of queries."""
    return fiches.select_related("author", "main_cpv", "region").prefetch_related(
        "themes",
        "departments",
        Prefetch("additional_cpvs", queryset=FicheAdditionalCPV.objects.select_related("cpv")),
        *link_prefetches("actor"),
    )


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


def card_deferred_fields():
    """The fields a card never shows: the body and every rich text of the fiche (the longest
    columns, parsed for each row read). Derived from the model, so that a new rich text field is
    left out of the listings too."""
    return [
        field.name
        for field in FichePage._meta.concrete_fields
        if isinstance(field, RichTextField | StreamField)
    ]


def published_fiches(*, locale=None, now=None):
    """Publicly visible fiches (``visibility.visible_pages``, at ``now``: the current time by
    default) of one locale (the active one by default), newest first, with what a card shows
    already loaded and without what it never shows (``card_deferred_fields``)."""
    locale = locale or Locale.get_active()
    return (
        visible_fiches(now=now)
        .filter(locale=locale)
        .defer(*card_deferred_fields())
        .select_related("region", "main_cpv", "hero_image")
        .prefetch_related(card_themes("themes"), card_renditions("hero_image__renditions"))
        .order_by("-first_published_at", "-pk")
    )


def visible_fiches(*, now=None):
    """Every publicly visible fiche (``visibility.visible_pages``), of every locale."""
    return visible_pages(FichePage.objects.all(), now=now)


def public_actor(actors, **lookups):
    """The actor of ``actors`` (a model or a queryset of one kind) matching ``lookups`` if it is
    public (it appears in a publicly visible fiche, ``public_actor_filter``), else ``None``;
    one query."""
    queryset = actors if hasattr(actors, "model") and hasattr(actors, "query") else actors.objects
    public = public_actor_filter(queryset.model, visible_fiches().values("pk"))
    return queryset.filter(public, **lookups).first()


def paginate(queryset, page_number, per_page, *, count=None):
    """One page of results; out-of-range or non-numeric page numbers fall back to the nearest.
    ``count``: the number of results when the caller knows it (the paginator does not count)."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    try:
        return paginator.page(page_number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def lazy(compute):
    """``compute()``, computed when first read if the fragment caches are on (cms.cache): a
    template fragment served from the cache then never reads it."""
    from cms.cache import fragments

    return SimpleLazyObject(compute) if fragments.enabled() else compute()


#: What a fiche page shows through foreign keys, fetched with the page (selectors.child_fiche).
FICHE_PAGE_RELATED = ("locale", "author", "region", "main_cpv", "hero_image")


def child_fiche(*, index_page, slug):
    """The fiche ``slug`` below ``index_page`` for Wagtail's routing, in its specific form with
    its foreign keys (``FICHE_PAGE_RELATED``) and whether it has view restrictions
    (``cms.pages``: Wagtail's check then costs no query), in one query (Wagtail's routing takes
    two, then one per key, then two for the restrictions) compiled once (``cms.compiled``);
    ``None`` when there is no such fiche. Live or not: routing decides."""
    return child_page(FichePage, parent=index_page, slug=slug, related=FICHE_PAGE_RELATED)


def load_fiche_page(fiche):
    """Loads on ``fiche`` everything its page shows, in a constant number of queries: one for
    its small tables and its stakeholders (``rows.prefetch_rows``), the body's images
    (one query, StreamField's), and one for the renditions of the hero image, of every
    stakeholder's logo and of the body's images together; nothing that is already loaded (a
    page from ``child_fiche``). ``fiche_tags.fiche_body`` calls it before rendering the body."""
    if getattr(fiche, "_fiche_page_loaded", False):
        return
    fiche._fiche_page_loaded = True
    prefetch_related_objects([fiche], *FICHE_PAGE_RELATED)
    prefetch_rows([fiche])
    links = [link for relation in LINKS for link in getattr(fiche, relation).all()]
    images = [link.actor.logo for link in links if link.actor.logo_id]
    if fiche.hero_image_id:
        images.append(fiche.hero_image)
    _prefetch_renditions([*images, *body_images(fiche)])


def fiche_page(*, fiche):
    """What a fiche page shows (see ``load_fiche_page``), in a constant number of queries.

    With the fragment caches on (cms.cache), the values are lazy and ``fiche`` is loaded on
    first use only: a page whose fragments all come from the cache reads none of them."""

    def value(read):
        def loaded():
            load_fiche_page(fiche)
            return read()

        return lazy(loaded)

    return {
        "catalogue": value(fiche.get_parent),
        # Read through the page's rows (``prefetch_rows``), also by the head's fragment, which
        # is rendered first: ``page.themes.all`` there would query before they are loaded.
        "themes": value(lambda: fiche.themes.all()),
        "buyers": value(lambda: fiche.buyer_links.all()),
        "suppliers": value(lambda: fiche.supplier_links.all()),
        "operators": value(lambda: fiche.operator_links.all()),
        "criteria": value(lambda: fiche.award_criteria.all()),
        "milestones": value(lambda: fiche.milestones.all()),
        "indicators": value(lambda: fiche.impact_indicators.all()),
        "cpv_codes": value(lambda: _fiche_cpv_codes(fiche)),
    }


def _fiche_cpv_codes(fiche):
    codes = [link.cpv for link in fiche.additional_cpvs.all()]
    return [fiche.main_cpv, *codes] if fiche.main_cpv_id else codes


def body_images(fiche):
    """The images of ``fiche``'s body blocks (read by StreamField in one query)."""
    return [
        block.value["image"]
        for block in fiche.body
        if block.block_type == "image" and block.value["image"] is not None
    ]


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


def public_actor_filter(model, fiches, *, same_locale=False):
    """The condition on ``model`` of appearing in one of ``fiches`` (a queryset of page ids): as a
    stakeholder, or as the author for operators; never-published actors are left out. With
    ``same_locale``, only in fiches of the actor's own language."""
    links = model.fiche_links.rel.related_model.objects.filter(fiche__in=fiches)
    authored = FichePage.objects.filter(pk__in=fiches)
    if same_locale:
        links = links.filter(fiche__locale=F("actor__locale"))
        authored = authored.filter(author__locale=F("locale"))
    appears = Q(pk__in=links.values("actor"))
    if model is Operator:
        appears |= Q(pk__in=authored.values("author"))
    return Q(live=True) & appears


def public_actors(model):
    """Actors of one kind that appear in at least one publicly visible fiche (as a stakeholder,
    or as its author for operators), each with its links to those fiches only, prefetched."""
    public = visible_fiches().values("pk")
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


def fiche_catalogues():
    """The catalogues (``FicheIndexPage``) of the default language, where fiches are written
    (English fiches are translations of them); the path orders them as the page tree does."""
    return FicheIndexPage.objects.filter(locale=Locale.get_default()).order_by("path")


def actors_awaiting_review():
    """Actor changes (new actors included) submitted to moderation and not yet reviewed, the
    oldest submission first: their workflow states, each with the actor's ``content_type`` and
    the submitted revision (``current_task_state.revision``, whose ``object_str`` is the name
    proposed); one query whatever their number."""
    content_types = ContentType.objects.get_for_models(
        *(kind.model for kind in ACTOR_KINDS), for_concrete_models=False
    )
    return (
        WorkflowState.objects.filter(
            base_content_type__in=list(content_types.values()),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        .select_related("content_type", "current_task_state__revision", "requested_by")
        .order_by("created_at", "pk")
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
    ``full_url`` and ``is_current``; aliases (untranslated copies) are left out. One query,
    compiled once (``cms.compiled``)."""
    order = [code for code, _name in settings.LANGUAGES]
    versions = compiled(
        "page_translations", _versions, Page, key=page.translation_key, now=timezone.now()
    )
    translations = [
        {
            "language_code": version.locale.language_code,
            "name": capfirst(get_language_info(version.locale.language_code)["name_local"]),
            "url": version.get_url(request),
            # Absolute on the host the visitor asked for, like the canonical URL
            # (fiches.discovery.seo).
            "full_url": request.build_absolute_uri(version.get_url(request))
            if request
            else version.get_full_url(),
            "is_current": version.pk == page.pk,
        }
        for version in versions
        if version.locale.language_code in order
    ]
    return sorted(translations, key=lambda item: order.index(item["language_code"]))


def _versions(*, key, now):
    return visible_pages(Page.objects.filter(translation_key=key), now=now).select_related("locale")


#: How many items a feed lists.
FEED_LENGTH = 30


def content_locale():
    """The locale of the active language, or ``None`` when the site has no content in it yet
    (unlike ``Locale.get_active()``, which falls back to the default one)."""
    try:
        language = get_supported_content_language_variant(get_language())
    except LookupError:
        return None
    return Locale.objects.filter(language_code=language).first()
