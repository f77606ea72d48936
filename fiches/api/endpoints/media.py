"""The endpoints of the public images and documents (those a live public page shows)."""

from wagtail.api import APIField
from wagtail.documents import get_document_model
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from fiches import selectors
from fiches.api import fields as api
from fiches.api.endpoints.base import EndpointMixin
from fiches.api.fields import Computed
from fiches.api.filters import OrderingFilter, SearchFilter
from fiches.models import CustomImage


class ImagesEndpoint(EndpointMixin, ImagesAPIViewSet):
    filter_backends = [OrderingFilter, SearchFilter]
    orderings = ("id", "title", "created_at")
    body_fields = [
        *ImagesAPIViewSet.body_fields,
        APIField("alt", serializer=Computed(lambda image, request: image.description)),
        APIField("credit"),
        APIField(
            "renditions",
            serializer=Computed(lambda image, request: api.image(image, request)["renditions"]),
        ),
    ]
    # Tags are not used by the editors; serializing them costs one query per image.
    meta_fields = ["type", "detail_url", "download_url"]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "title",
        "download_url",
        "alt",
        "renditions",
    ]
    nested_default_fields = ["id", "type", "detail_url", "title", "download_url"]

    def get_queryset(self):
        public = selectors.public_media(CustomImage).values("pk")
        return super().get_queryset().filter(pk__in=public).prefetch_related("renditions")


class DocumentsEndpoint(EndpointMixin, DocumentsAPIViewSet):
    filter_backends = [OrderingFilter, SearchFilter]
    orderings = ("id", "title", "created_at")
    meta_fields = ["type", "detail_url", "download_url"]
    listing_default_fields = ["id", "type", "detail_url", "title", "download_url"]
    nested_default_fields = ["id", "type", "detail_url", "title", "download_url"]

    def get_queryset(self):
        public = selectors.public_media(get_document_model()).values("pk")
        return super().get_queryset().filter(pk__in=public)
