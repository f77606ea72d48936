"""What every endpoint of the public API shares: strict query parameters, serializer classes
built once, compact JSON, detail URLs reversed once, and the base of the endpoints of models
outside the page tree."""

import functools
from urllib.parse import quote

from django.http import Http404
from django.urls import get_script_prefix
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _
from wagtail.api.v2.views import BaseAPIViewSet

from fiches.api import validation
from fiches.api.filters import OrderingFilter, SearchFilter, one_of
from fiches.api.serializers import SerializerCacheMixin


class StrictParametersMixin:
    """Accepts only the query parameters the OpenAPI document gives the operation, each within
    its schema (``fiches.api.validation``), checked before anything reads the database: no
    filtering on arbitrary model fields, no value the database cannot take."""

    #: The operation of each view, as a path of the document (``{name}`` is the endpoint's).
    OPERATIONS = {
        "listing_view": "/{name}/",
        "detail_view": "/{name}/{{id}}/",
        "find_view": "/{name}/find/",
    }

    def initial(self, request, *args, **kwargs):
        from fiches.api.openapi.document import operation_schemas

        match = request.resolver_match
        template = self.OPERATIONS.get(self.action)
        if match is not None and template is not None:
            # An operation the document does not describe accepts no parameter.
            schemas = operation_schemas(template.format(name=match.namespaces[-1])) or {}
            validation.check_query(request.GET, schemas)
        super().initial(request, *args, **kwargs)

    def check_query_parameters(self, queryset):
        """Done by ``initial`` for every view (Wagtail checks the listings only, against its
        ``known_query_parameters``, which the endpoints therefore leave as Wagtail has them:
        the document is the one list)."""


class EndpointMixin(StrictParametersMixin, SerializerCacheMixin):
    """What every endpoint shares: strict parameters, serializer classes built once, and
    compact JSON (Wagtail indents it, which makes Python encode it several times slower; a
    client that wants it indented sends ``Accept: application/json; indent=4``).

    ``format`` chooses the output: ``json``, or ``api`` for the browsable HTML page of Django
    REST framework (what a browser gets by default); any other value is a 400 that names the
    parameter, as for every other parameter, rather than Django REST framework's bare 404."""

    def perform_content_negotiation(self, request, force=False):
        name = self.settings.URL_FORMAT_OVERRIDE
        value = request.query_params.get(name) if name else None
        if value and not force:
            one_of(name, value, [renderer.format for renderer in self.get_renderers()])
        return super().perform_content_negotiation(request, force)

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context

    @classmethod
    def get_object_detail_urlpath(cls, model, pk, namespace=""):
        # Every item's ``detail_url``: ``reverse()`` once per endpoint, then the key put in.
        template = _detail_urlpath_template(cls, namespace, get_script_prefix())
        return template.replace(URL_PLACEHOLDER, quote(str(pk), safe=URL_SAFE), 1)


#: A key no object has, reversed once into the detail URL of each endpoint.
URL_PLACEHOLDER = "18446744073709551557"
#: What ``reverse()`` leaves unquoted in a path (RFC 3986 ``pchar``).
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


@functools.lru_cache(maxsize=64)
def _detail_urlpath_template(endpoint, namespace, script_prefix):
    return super(EndpointMixin, endpoint).get_object_detail_urlpath(
        None, URL_PLACEHOLDER, namespace=namespace
    )


class ReferenceEndpoint(EndpointMixin, BaseAPIViewSet):
    """Models outside the page tree: default ordering of the model, strict parameters."""

    filter_backends = [OrderingFilter, SearchFilter]
    orderings = ("id",)

    def get_queryset(self):
        return self.model.objects.all()

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            found = self.get_queryset().filter(pk=self.lookup_value()).first()
            if found is None:
                raise Http404(_("objet introuvable"))
            self._cached_object = found
        return self._cached_object

    def lookup_value(self):
        pk = int(self.kwargs["pk"])
        if pk > validation.MAX_ID:
            raise Http404(_("objet introuvable"))
        return pk
