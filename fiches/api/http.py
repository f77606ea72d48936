"""HTTP around the API endpoints: validators and 304s, the OpenAPI document and its HTML page, and
the headless preview of drafts through short-lived signed tokens."""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Revision

PREVIEW_SALT = "fiches.api.preview"


def conditional_api_response(view):
    """Every API response carries an ETag of its content and must be revalidated, so that a
    published or unpublished fiche shows at once while unchanged data costs a 304."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 404:
            # Without i18n patterns in the resolving URLconf, LocaleMiddleware leaves the API's
            # 404 alone instead of redirecting it to /fr/api/... (which Wagtail would serve).
            request.urlconf = "fiches.api.urls"
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if request.path.endswith("/preview/"):
            patch_cache_control(response, private=True, no_store=True)
            return response
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return wrapped


@require_safe
def openapi_document(request):
    from fiches.api.openapi.document import build_document

    return JsonResponse(build_document(request), json_dumps_params={"ensure_ascii": False})


@require_safe
def api_docs(request):
    return render(request, "api/docs.html")


def preview_token(page):
    """A token that opens the latest saved draft of ``page`` for ``API_PREVIEW_MAX_AGE``."""
    return signing.TimestampSigner(salt=PREVIEW_SALT).sign_object(
        {"page": page.pk, "revision": page.latest_revision_id}
    )


def front_end_preview_url(page):
    """The configured front-end's preview address for ``page`` (``HEADLESS_PREVIEW_URL``)."""
    query = urlencode(
        {
            "type": f"{page._meta.app_label}.{type(page).__name__}",
            "token": preview_token(page),
        }
    )
    return f"{settings.HEADLESS_PREVIEW_URL}?{query}"


def redirect_to_front_end(page):
    return HttpResponseRedirect(front_end_preview_url(page))


def _error(status, message):
    return JsonResponse({"message": f"token: {message}"}, status=status)


@require_safe
def preview(request):
    """The draft a token points to, shaped like the pages endpoint's detail; 401 without a valid
    token or once it expired, 403 when it was tampered with."""
    from fiches.api.endpoints.pages import PagesEndpoint
    from fiches.api.router import api_router

    token = request.GET.get("token")
    if not token:
        return _error(401, _("un jeton d'aperçu est requis"))
    try:
        claims = signing.TimestampSigner(salt=PREVIEW_SALT).unsign_object(
            token, max_age=settings.API_PREVIEW_MAX_AGE
        )
    except signing.SignatureExpired:
        return _error(401, _("jeton d'aperçu expiré"))
    except signing.BadSignature:
        return _error(403, _("jeton d'aperçu invalide"))
    revision = Revision.page_revisions.filter(
        pk=claims.get("revision"), object_id=str(claims.get("page"))
    ).first()
    if revision is None:
        return _error(403, _("brouillon introuvable"))
    page = revision.as_object()
    view = PagesEndpoint(request=request, action="detail_view", format_kwarg=None)
    view.args, view.kwargs = (), {"pk": page.pk}
    request.wagtailapi_router = api_router
    serializer_class = PagesEndpoint._get_serializer_class(
        api_router, type(page), [], show_details=True
    )
    serializer = serializer_class(
        page,
        context={
            "request": request,
            "view": view,
            "router": api_router,
            "base_queryset": view.get_base_queryset(),
            "_wagtail_rich_text_format": "html",
        },
    )
    return JsonResponse(serializer.data, json_dumps_params={"ensure_ascii": False})
