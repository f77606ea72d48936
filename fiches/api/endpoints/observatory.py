"""``/api/v2/observatory/``: the figures of the observatory (« Chiffres clés »,
``fiches.observatory.figures``) for the catalogue's filters, as the page and its CSV give them.

Outside Wagtail's router (it lists no objects): a Django REST framework view with the API's
ways, its parameters checked against the OpenAPI document before any query
(``fiches.api.validation``), a bad filter value answered 400 (an unknown CPV code 404) with a
French message that names it, JSON or the browsable page (``format=api``)."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from fiches.api import validation
from fiches.catalogue import facets, search
from fiches.catalogue import filters as catalogue_filters
from fiches.catalogue.reference import LiveReference
from fiches.observatory import figures


class ObservatoryView(APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    def initial(self, request, *args, **kwargs):
        from fiches.api.openapi.document import operation_schemas
        from fiches.api.openapi.observatory import PATH

        validation.check_query(request.GET, operation_schemas(PATH))
        super().initial(request, *args, **kwargs)

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": str(exc)}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, BadRequestError):
            return Response({"message": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)

    def get(self, request):
        language = request.GET.get(
            "locale", get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            raise validation.bad_parameter(
                "locale", _("langue inconnue « %(value)s »") % {"value": language}
            )
        reference = LiveReference()
        try:
            values = catalogue_filters.parse_strict(request.GET, reference)
        except catalogue_filters.InvalidParameter as error:
            if isinstance(error.error, catalogue_filters.UnknownCode):
                raise Http404(f"{error.name}: {error.error}") from error
            raise validation.bad_parameter(error.name, str(error.error)) from error
        q = request.GET.get("q", "").strip()
        if q and not search.query_words(q):
            raise validation.bad_parameter(
                "q", _("aucun mot à rechercher dans « %(value)s »") % {"value": q}
            )
        query = facets.Query(q=q, filters=values)
        data = figures.observatory_figures(
            query=query, reference=reference, locale=locale, catalogue_url="", request=request
        )
        return Response(figures.api_payload(data, query=query, locale=locale))


observatory_view = ObservatoryView.as_view()
