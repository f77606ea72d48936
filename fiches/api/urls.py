"""The URLs of the public API, mounted at ``/api/v2/`` outside the language prefixes."""

from django.urls import include, path
from wagtail.utils.urlpatterns import decorate_urlpatterns

from fiches.api import http
from fiches.api.endpoints.observatory import observatory_view
from fiches.api.router import api_router

urlpatterns = [
    path("openapi.json", http.openapi_document, name="api_openapi"),
    path("docs/", http.api_docs, name="api_docs"),
    path("preview/", http.preview, name="api_preview"),
    path("observatory/", observatory_view, name="api_observatory"),
    path("", include((api_router.get_urlpatterns(), "wagtailapi_v2"), namespace="wagtailapi_v2")),
]
urlpatterns = decorate_urlpatterns(urlpatterns, http.conditional_api_response)
