"""How each value of the public API is shaped: codes with their French labels, images with rendition
URLs, rich text as ready-to-use HTML, stakeholders nested with their role (the fiche's own fields
are in ``fiche``).

This module imports no model so that models and blocks can use it in ``api_fields`` and
``get_api_representation``; the querysets it reads are prefetched by ``fiches.selectors``.
"""

import copy
import functools
import re

from django.utils.translation import get_language
from rest_framework.fields import Field
from wagtail.rich_text import expand_db_html

from fiches.choices import label as choice_label

#: The renditions an API consumer gets for every image, by name.
IMAGE_RENDITIONS = {"card": "fill-640x360", "large": "max-1200x1200"}
LOGO_RENDITIONS = {"small": "max-240x120"}
#: Every rendition the API shows: what ``selectors.prefetch_api_media`` loads.
API_RENDITION_SPECS = sorted({*IMAGE_RENDITIONS.values(), *LOGO_RENDITIONS.values()})


def loaded(instance, relation):
    """``getattr(instance, relation).all()``, without building the relation's two managers
    (modelcluster's, then Django's) when its rows are already loaded: a fiche of a listing reads
    a dozen relations, each through new managers (``fiches.selectors.rows.prefetch_rows``).
    The rows edited on an unsaved or previewed instance (modelcluster's
    ``_cluster_related_objects``) come first, as the managers have them."""
    state = instance.__dict__
    edited = state.get("_cluster_related_objects")
    if edited is None or relation not in edited:
        rows = state.get("_prefetched_objects_cache", {}).get(relation)
        if rows is not None:
            return rows
    return getattr(instance, relation).all()


def absolute_url(request, path):
    """An absolute URL for ``path``, on the same host as Wagtail's ``detail_url`` and
    ``html_url`` (``WAGTAILAPI_BASE_URL``, else the site's root URL): Wagtail's
    ``get_full_url``, with the base URL found once per request."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return _base_url(request) + path


def _base_url(request):
    from wagtail.api.utils import get_base_url  # imports models: not at app loading time

    if request is None:
        return get_base_url(None) or ""
    base = getattr(request, "_api_base_url", None)
    if base is None:
        base = request._api_base_url = get_base_url(request) or ""
    return base


_LABELS = {}


def label(value, choices):
    """The label of ``value`` in ``choices``, in the active language (``fiches.choices.label``,
    translated once per language)."""
    key = (choices, value, get_language())
    text = _LABELS.get(key)
    if text is None:
        text = _LABELS[key] = str(choice_label(choices, value))
    return text


def choice(value, choices):
    """``{"code", "label"}`` for a value of a ``TextChoices``; ``None`` when empty."""
    if not value:
        return None
    return {"code": str(value), "label": label(value, choices)}


def rich_text(value):
    """Database rich text as display HTML (internal links resolved); ``""`` when empty."""
    return expand_db_html(value) if value else ""


@functools.cache
def _filters(specs):
    """Wagtail's ``Filter`` of each of ``specs``, built once: a filter parses its operations
    (through ``inspect``) the first time it is used, and ``get_renditions`` given the specs
    builds new filters for every image. Wagtail's image tag keeps its filters too."""
    from wagtail.images.models import Filter  # imports models: not at app loading time

    return tuple(Filter(spec=spec) for spec in specs)


def image(image, request, *, alt=None, renditions=None):
    """An image with its original size, alt text, credit and rendition URLs."""
    if image is None:
        return None
    specs = IMAGE_RENDITIONS if renditions is None else renditions
    built = image.get_renditions(*_filters(tuple(specs.values()))) if specs else {}
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.description if alt is None else alt,
        "credit": getattr(image, "credit", ""),
        "width": image.width,
        "height": image.height,
        "renditions": {
            name: {
                "url": absolute_url(request, built[spec].url),
                "width": built[spec].width,
                "height": built[spec].height,
            }
            for name, spec in specs.items()
        },
    }


def document(document, request):
    """A document with its download URL."""
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "file_extension": document.file_extension,
        "download_url": absolute_url(request, document.url),
    }


def region(region):
    return None if region is None else {"code": region.code, "name": region.name}


def department(department):
    return None if department is None else {"code": department.code, "name": department.name}


def cpv(code):
    if code is None:
        return None
    return {"code": code.code, "label": code.label_fr, "division": code.division}


def theme(theme):
    return {"id": theme.pk, "slug": theme.slug, "name": theme.name}


def decimal(value):
    """Decimals as JSON numbers (integers when whole) so that front-ends can compute with them."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def actor_type(actor):
    """The classification of an actor: buyer type, ESS family or operator type."""
    from fiches import choices

    if hasattr(actor, "buyer_type"):
        return choice(actor.buyer_type, choices.BuyerType)
    if hasattr(actor, "family"):
        return choice(actor.family, choices.ESSFamily)
    return choice(actor.operator_type, choices.OperatorType)


def actor_summary(actor, request):
    """An actor as nested in a fiche: identity, classification, public page and logo."""
    if actor is None:
        return None
    return {
        "id": actor.pk,
        "kind": actor.url_kind,
        "name": actor.name,
        "slug": actor.slug,
        "type": actor_type(actor),
        "url": absolute_url(request, actor_path(actor)),
        "logo": image(actor.logo, request, renditions=LOGO_RENDITIONS) if actor.logo_id else None,
    }


def actor_path(actor):
    """``actor.get_absolute_url()``, with ``reverse()`` done once per kind of actor, language
    and URL configuration: the slug is put into the path reversed for a placeholder. A slug
    that ``reverse()`` would quote, or refuse, takes ``get_absolute_url()``."""
    from django.urls import get_script_prefix, get_urlconf

    slug = actor.slug
    if not SLUG.fullmatch(slug):
        return actor.get_absolute_url()
    template = _actor_path_template(type(actor), get_language(), get_script_prefix(), get_urlconf())
    return template.replace(SLUG_PLACEHOLDER, slug, 1)


#: What the ``slug`` path converter accepts, and a slug no actor has.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SLUG_PLACEHOLDER = "slug-placeholder-4a1c8e07d2b9"


@functools.lru_cache(maxsize=64)
def _actor_path_template(model, language, script_prefix, urlconf):
    placeholder = model(slug=SLUG_PLACEHOLDER)
    path = placeholder.get_absolute_url()
    if path.count(SLUG_PLACEHOLDER) != 1:
        raise RuntimeError(f"actor_path: the slug is not once in {path}")
    return path


def stakeholder(link, role_choices, request):
    return {
        "role": choice(link.role, role_choices),
        "presentation": link.presentation,
        "actor": actor_summary(link.actor, request),
    }


class InstanceField(Field):
    """A read-only field computed from the whole instance by ``represent(instance, request)``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return self.represent(instance, self.context.get("request"))

    def represent(self, instance, request):
        raise NotImplementedError

    def __deepcopy__(self, memo):
        # Each serializer copies its fields. Django REST framework copies a field by building it
        # again from its arguments; this one keeps no state but its binding to a serializer,
        # which ``bind()`` sets on the copy: a shallow copy is the same, at a fraction of the
        # cost (a fiche listing copies some thirty of them per response).
        return copy.copy(self)


class Computed(InstanceField):
    """An ``InstanceField`` given its function: ``Computed(lambda fiche, request: ...)``."""

    def __init__(self, function, **kwargs):
        self.function = function
        super().__init__(**kwargs)

    def represent(self, instance, request):
        return self.function(instance, request)
