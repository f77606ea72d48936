"""What every endpoint of the public API shares: strict query parameters, serializer classes
built once, compact JSON, detail URLs reversed once, and the base of the endpoints of models
outside the page tree."""

import functools
import re
from urllib.parse import quote

from django.http import Http404
from django.urls import get_script_prefix
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from fiches.api.filters import OrderingFilter, SearchFilter, bad_parameter, one_of
from fiches.api.serializers import SerializerCacheMixin

MAX_ID = 2**31 - 1
PAGE_ID_PARAMETERS = ("child_of", "ancestor_of", "descendant_of", "translation_of", "id")
COMMON_PARAMETERS = frozenset(["limit", "offset", "fields", "format"])


class StrictParametersMixin:
    """Accepts only the documented query parameters (no filtering on arbitrary model fields), and
    checks identifiers before they reach the database."""

    known_query_parameters = COMMON_PARAMETERS

    def check_query_parameters(self, queryset):
        known = set(self.known_query_parameters)
        if self.action == "find_view":
            # ``find/`` takes what identifies the object (``id``, ``html_path``) on top.
            known |= self.find_query_parameters
        unknown = set(self.request.GET) - known
        if unknown:
            raise BadRequestError(
                _("paramètre inconnu : %(names)s") % {"names": ", ".join(sorted(unknown))}
            )
        for name in PAGE_ID_PARAMETERS:
            value = self.request.GET.get(name)
            if value not in (None, "root") and (
                not re.fullmatch(r"\d{1,10}", value) or int(value) > MAX_ID
            ):
                raise bad_parameter(name, _("un identifiant entier est attendu"))

    def find_view(self, request):
        self.check_query_parameters(self.get_queryset())
        return super().find_view(request)


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
    known_query_parameters = COMMON_PARAMETERS.union(["order", "search"])
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
        if pk > MAX_ID:
            raise Http404(_("objet introuvable"))
        return pk
