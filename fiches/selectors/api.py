"""The reads of the public API (fiches.api): the same fiches as the pages, shaped for listings
of any size, and the media every listing prefetches once."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Q,
    prefetch_related_objects,
)
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex

from cms.compiled import compiled
from fiches.models import (
    ACTOR_KINDS,
    CustomImage,
    CustomRendition,
    FichePage,
    Operator,
)

from .core import LINKS, body_images, public_actors
from .rows import prefetch_rows
from .visibility import visible_pages


def api_fiches(queryset):
    """Fiches for the API, with the small tables their rows show joined; ``prefetch_api_fiches``
    then loads the rest. Every further join (hero image, author, its logo) made PostgreSQL
    spend 10 to 20 ms planning the listing query, far more than a prefetch costs."""
    return queryset.select_related("locale", "region", "main_cpv")


#: What the API payload of a fiche shows besides its row, its small tables and its
#: stakeholders (``prefetch_api_fiches``, ``rows.prefetch_rows``): each foreign key with the
#: queryset of its targets (Django's for ``hero_image``: the model's base manager).
API_FICHE_TARGETS = {
    "hero_image": lambda: CustomImage._base_manager.all(),
    "author": lambda: Operator.objects.select_related("logo"),
}


def prefetch_api_fiches(fiches, *, body=False):
    """Loads everything the API payload of ``fiches`` (from ``api_fiches``) shows, body aside
    unless ``body``, in a fixed number of queries whatever the number of fiches, stakeholders,
    criteria, CPV codes, blocks or images."""
    for name in API_FICHE_TARGETS:
        prefetch_targets(fiches, name)
    prefetch_rows(fiches)
    prefetch_api_media(fiches, body=body)


def prefetch_targets(fiches, name):
    """``prefetch_related_objects(fiches, Prefetch(name, queryset))`` for the foreign key
    ``name`` of ``API_FICHE_TARGETS``, in the same query, without Django's generic machinery
    and compiled once per power of two of targets (``cms.compiled``): one instance per target,
    cached on every fiche that points to it (``None`` on the others); fiches that have it
    cached already are left as they are."""
    field = FichePage._meta.get_field(name)
    pending = [fiche for fiche in fiches if not field.is_cached(fiche)]
    keys = sorted({getattr(fiche, field.attname) for fiche in pending} - {None})
    targets = {}
    if keys:
        # Padded to a power of two with the last key (``IN`` takes it twice): a few statements
        # for every size of listing.
        keys += keys[-1:] * ((1 << (len(keys) - 1).bit_length()) - len(keys))
        values = {f"key_{number}": key for number, key in enumerate(keys)}
        found = compiled(
            "api_targets", _targets, field.related_model, shape={"relation": name}, **values
        )
        targets = {target.pk: target for target in found}
    for fiche in pending:
        field.set_cached_value(fiche, targets.get(getattr(fiche, field.attname)))


def _targets(*, relation, **keys):
    return API_FICHE_TARGETS[relation]().filter(pk__in=list(keys.values()))


def prefetch_api_media(fiches, *, body=False):
    """Loads, in one query, the renditions the API shows (``fiches.api.fields``) of every image
    of ``fiches`` from ``api_fiches``: hero images, logos of the author and stakeholders and,
    with ``body``, the images of the body. Only those renditions: the templates' other sizes
    would be thousands of rows for a listing."""
    from fiches.api.fields import API_RENDITION_SPECS, loaded

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
        for relation in LINKS:
            actors.extend(link.actor for link in loaded(fiche, relation))
        for actor in actors:
            share(actor, actor._meta.get_field("logo"))
        if body:
            images.update((id(image), image) for image in body_images(fiche))
    images.update((id(image), image) for image in shared.values())
    prefetch_renditions(list(images.values()), API_RENDITION_SPECS)


def prefetch_renditions(images, specs):
    """The renditions ``specs`` of ``images`` in one query, given to each image as Wagtail's
    ``prefetched_renditions`` (what ``Prefetch("renditions", to_attr=...)`` gives, read by
    ``get_rendition(s)``), each with its image: what ``prefetch_related_objects`` does, without
    building a related manager and a queryset for every image. Images whose renditions are
    already loaded are left as they are."""
    pending = [
        image
        for image in images
        if "renditions" not in getattr(image, "_prefetched_objects_cache", {})
        and not hasattr(image, "prefetched_renditions")
    ]
    if not pending:
        return
    by_image = defaultdict(list)
    key = CustomRendition._meta.get_field("image")
    instances = {image.pk: image for image in pending}
    renditions = CustomRendition.objects.filter(filter_spec__in=specs, image__in=list(instances))
    for rendition in renditions:
        key.set_cached_value(rendition, instances[rendition.image_id])
        by_image[rendition.image_id].append(rendition)
    for image in pending:
        image.prefetched_renditions = by_image[image.pk]


def prefetch_body_media(fiches):
    """Loads the renditions of the images of the fiches' bodies in one query."""
    images = [image for fiche in fiches for image in body_images(fiche)]
    prefetch_related_objects(images, "renditions")


def public_media(model):
    """Images or documents a visitor can already see: referenced by a publicly visible page
    (``visibility``: hero image, body blocks, rich text; the reference index holds what the
    pages' rows, i.e. their published revision, use), or, for images, the logo of a public
    actor. Media uploaded for a draft stay out of the API, and documents are not downloaded
    (``fiches.wagtail_hooks``), until the fiche is published."""
    public_pages = visible_pages(Page.objects.all()).annotate(key=Cast("pk", CharField()))
    referenced = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=public_pages.values("key"),
        to_content_type=ContentType.objects.get_for_model(model),
    ).values("to_object_id")
    visible = Q(key__in=referenced)
    if model is CustomImage:
        for actor_model in (kind.model for kind in ACTOR_KINDS):
            visible |= Q(pk__in=public_actors(actor_model).values("logo"))
    return model.objects.annotate(key=Cast("pk", CharField())).filter(visible)
