"""Wagtail's page serializer with shortcuts that keep its output: the body read from the fiche's
cached fragment (``fiches.api.fragments``) when the view loaded one, the parent page found in
one query instead of two, and the fields of each serializer class built once rather than for
every response (``SerializerCacheMixin`` keeps the classes themselves)."""

import copy
import functools
from collections import OrderedDict

from rest_framework.fields import SkipField
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.fields import StreamField as StreamModelField
from wagtail.models import Site

from fiches.api.fields import InstanceField


class PrototypeFieldsMixin:
    """Builds the fields of the class once (Django REST framework's ``ModelSerializer`` reads
    the model's fields and their validators again for every serializer), then hands each
    serializer a copy, as Django REST framework itself copies its declared fields."""

    def get_fields(self):
        cls = type(self)
        prototype = cls.__dict__.get("_fields_prototype")
        if prototype is None:
            prototype = super().get_fields()
            cls._fields_prototype = prototype
        return copy.deepcopy(prototype)


class _Represented:
    """A value already in its API form."""

    def __init__(self, data):
        self.data = data


class StreamField(wagtail_serializers.StreamField):
    def get_attribute(self, instance):
        fragment = getattr(instance, "_api_fragment", None)
        if fragment is not None and self.field_name in fragment:
            return _Represented(fragment[self.field_name])
        return super().get_attribute(instance)

    def to_representation(self, value):
        if isinstance(value, _Represented):
            return value.data
        return super().to_representation(value)


def visible_parent(page, base_queryset):
    """The parent of ``page`` among ``base_queryset`` (the pages the request may see), or
    ``None``: what Wagtail's field finds, in one query (it fetches the parent, then checks it)."""
    if page.depth <= 1:
        return None
    return base_queryset.filter(path=page.path[: -page.steplen]).first()


def parent_representation(page, context):
    """The ``parent`` field of ``page``'s detail (``context``: the serializer's)."""
    parent = visible_parent(page, context["base_queryset"])
    if parent is None:
        return None
    return parent_serializer_class(type(parent))(context=context).to_representation(parent)


class PageParentField(wagtail_serializers.PageParentField):
    """Wagtail's ``parent`` field, from the fiche's fragment when the view loaded one (it holds
    the parent as shown: publishing, unpublishing or moving a page makes new fragments, and a
    parent the request may not see hides its children too), else in one query."""

    def get_attribute(self, instance):
        fragment = getattr(instance, "_api_fragment", None)
        if fragment is not None and self.field_name in fragment:
            data = fragment[self.field_name]
            return None if data is None else _Represented(data)
        return visible_parent(instance, self.context["base_queryset"])

    def to_representation(self, value):
        if isinstance(value, _Represented):
            return value.data
        serializer = parent_serializer_class(type(value))(context=self.context)
        return serializer.to_representation(value)


class PageHtmlUrlField(wagtail_serializers.PageHtmlUrlField):
    """Wagtail's ``html_url`` (``page.full_url``), with the sites' root paths read once per
    serializer and given to each page where Wagtail keeps them (``page.full_url`` reads them
    from the cache for every page otherwise)."""

    def to_representation(self, page):
        if "_wagtail_cached_site_root_paths" not in page.__dict__:
            paths = self.__dict__.get("_root_paths")
            if paths is None:
                paths = self._root_paths = Site.get_site_root_paths()
            page._wagtail_cached_site_root_paths = paths
        return super().to_representation(page)


class PlannedRepresentationMixin:
    """Wagtail's ``BaseSerializer.to_representation`` with its plan made once per serializer
    (which fields are meta fields, whether ``id`` comes first: Wagtail sorts the fields again
    for every item) and the fields computed from the whole instance (``InstanceField``) called
    directly with the request; the same items, keys in the same order."""

    def to_representation(self, instance):
        plan = self.__dict__.get("_representation_plan")
        if plan is None:
            plan = self._representation_plan = self._plan()
        id_first, meta_fields, fields = plan
        request = self.context.get("request")
        data = OrderedDict()
        if id_first:
            data["id"] = None
        meta = OrderedDict()
        for name, field, represent in meta_fields:
            _represent(meta, name, field, represent, instance, request)
        if meta:
            data["meta"] = meta
        for name, field, represent in fields:
            if name == "admin_display_title":
                instance = instance.specific_deferred
            _represent(data, name, field, represent, instance, request)
        return data

    def _plan(self):
        fields = [field for field in self.fields.values() if not field.write_only]
        planned = [
            (field.field_name, field, field.represent if isinstance(field, InstanceField) else None)
            for field in fields
        ]
        meta = [entry for entry in planned if entry[0] in self.meta_fields]
        core = [entry for entry in planned if entry[0] not in self.meta_fields]
        return any(entry[0] == "id" for entry in core), meta, core


def _represent(data, name, field, represent, instance, request):
    """One field of an item, as Wagtail's loop gives it: left out on ``SkipField``, ``None``
    without ``to_representation`` when its attribute is ``None``."""
    if represent is not None:
        # An InstanceField: its attribute is the instance, never None.
        data[name] = represent(instance, request)
        return
    try:
        attribute = field.get_attribute(instance)
    except SkipField:
        return
    data[name] = None if attribute is None else field.to_representation(attribute)


class PageSerializer(
    PlannedRepresentationMixin, PrototypeFieldsMixin, wagtail_serializers.PageSerializer
):
    serializer_field_mapping = {
        **wagtail_serializers.PageSerializer.serializer_field_mapping,
        StreamModelField: StreamField,
    }
    parent = PageParentField(read_only=True)
    html_url = PageHtmlUrlField(read_only=True)


@functools.cache
def parent_serializer_class(model):
    """The serializer of a parent page, as Wagtail's ``PageParentField`` builds it."""
    return wagtail_serializers.get_serializer_class(
        model,
        ["id", "type", "detail_url", "html_url", "title"],
        meta_fields=["type", "detail_url", "html_url"],
        base=PageSerializer,
    )


def _frozen(fields_config):
    """``parse_fields_parameter``'s lists as tuples, so that they can key a cache."""
    if fields_config is None:
        return None
    return tuple(
        (name, negated, _frozen(sub_fields)) for name, negated, sub_fields in fields_config
    )


class SerializerCacheMixin:
    """Keeps the serializer class of each combination of model, ``fields`` and view kind:
    Wagtail builds a new one for every request, and with it every field again."""

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        return _serializer_class(cls, router, model, _frozen(fields_config), show_details, nested)


@functools.lru_cache(maxsize=512)
def _serializer_class(endpoint, router, model, fields_config, show_details, nested):
    return super(SerializerCacheMixin, endpoint)._get_serializer_class(
        router, model, fields_config, show_details=show_details, nested=nested
    )
