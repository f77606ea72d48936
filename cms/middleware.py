"""Middleware of the production stack: request ids, NUL bytes refused, security headers, the
admin's CSP, the anonymous page cache, Wagtail's site root paths and the cached routing. Their
order is set in cms/settings/base.py (MIDDLEWARE)."""

import re
import uuid

import sentry_sdk
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.signals import request_finished
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from cms import sites
from cms.cache import fragments, pages
from cms.logging import request_id_var

REQUEST_ID_HEADER = "X-Request-ID"
# A request id from the proxy is trusted only if it looks like one: it ends up in every log line.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")


class RequestIdMiddleware:
    """Gives each request an id (the proxy's X-Request-ID or a new one), puts it on every log
    record and on the Sentry scope, and echoes it in the response so a visitor's report can be
    matched with the logs."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Django logs 4xx/5xx answers after the middleware chain has returned: the id is
        # forgotten only when the response is finished, so that those lines carry it too.
        request_finished.connect(forget_request_id, dispatch_uid="cms_forget_request_id")

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.id = incoming if VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request_id_var.set(request.id)
        sentry_sdk.get_isolation_scope().set_tag("request_id", request.id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.id
        return response


def forget_request_id(**kwargs):
    request_id_var.set("-")


# The public API answers JSON, even when the request never reaches it.
API_PATH_PREFIX = "/api/"
NUL = "\x00"


def nul_byte_message():
    return _("L'adresse ou le formulaire contient un caractère nul : retirez-le puis recommencez.")


class RejectNulBytesMiddleware:
    """A NUL byte in a request answers 400, never a 500: no database takes one in a string
    (psycopg: "PostgreSQL text fields cannot contain NUL (0x00) bytes").

    - In the path, at once: no page, slug or id holds one, and the routing (the page cache's
      and Wagtail's) would look it up before any view could refuse it.
    - In the query string or a form field (not in uploaded files), only when the view fails on
      it: views that check their parameters keep their own answer in context (the search
      forms' « caractère invalide », the API's per-parameter messages); the others, which pass
      the value on to a query, get this 400 instead of the database error.

    Under /api/ the answer is the API's JSON error body ``{"message": ...}``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info:
            return bad_request(request, nul_byte_message())
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ValueError | DatabaseError) and has_nul_byte(request):
            return bad_request(request, nul_byte_message())
        return None


def has_nul_byte(request):
    """True when the path, a query parameter or a form field (not a file) holds a NUL byte."""
    if NUL in request.path_info:
        return True
    if any(
        NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()
    ):
        return True
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.POST.lists()
        )
    return False


def bad_request(request, message):
    """A 400 that says why: JSON under /api/, the static error page elsewhere."""
    if request.path_info.startswith(API_PATH_PREFIX):
        return JsonResponse({"message": message}, status=400)
    content = loader.get_template("400.html").render({"message": message})
    return HttpResponseBadRequest(content)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Permissions-Policy (no camera, microphone,
    geolocation… for a site that needs none of them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def is_admin_path(path):
    """True for the Wagtail admin (whatever ADMIN_URL_PATH is) and Django's admin."""
    return path.startswith(f"/{settings.ADMIN_URL_PATH}")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with two policies: the strict public one (CONTENT_SECURITY_POLICY) and, under
    the admin URL, ADMIN_CONTENT_SECURITY_POLICY, since the Wagtail admin ships inline scripts
    and styles and its accessibility checker compiles templates at run time."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            return PolicyParts(
                config=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        return parts


class PageCacheMiddleware:
    """Serves anonymous GET requests from the cache (see cms.cache.pages for the rules).

    It sits after AuthenticationMiddleware, to know who is logged in, and before the view: a hit
    skips the page's queries entirely; the headers added by the outer middleware (security, CSP,
    request id) are computed again for every response, never stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not pages.is_cacheable_request(request):
            return self.get_response(request)
        key = pages.cache_key(request)
        cached = pages.get(key)
        if cached is not None:
            return build_response(cached)
        response = self.get_response(request)
        if pages.is_cacheable_response(request, response):
            pages.store(key, response)
            response[pages.HEADER] = "MISS"
        return response


def build_response(cached):
    status, headers, content = cached
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[pages.HEADER] = "HIT"
    return response


class SiteRootPathsMiddleware:
    """Puts Wagtail's site root paths in the cache, read in one query (cms.sites), when they are
    not there, before the view makes its first page URL: Wagtail would read them in two. After
    the page cache, so that a cached page costs nothing; not for the views marked
    ``sites.without_site_root_paths``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if sites.needs_site_root_paths(view_func):
            sites.warm_site_root_paths()


class CachedRoutingMiddleware:
    """Finds the Wagtail site and page of a page request in the fragment cache
    (cms.cache.fragments.find_site and route) before Wagtail's routing looks for them in the
    database (the site, with the fragments off, in a query compiled once: cms.sites); only for
    Wagtail's page view, so that other views pay nothing."""

    def __init__(self, get_response):
        self.get_response = get_response
        from wagtail.views import serve

        self.wagtail_serve = serve

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is self.wagtail_serve and view_args:
            # The site in one compiled query (cms.sites), or from the cache: Wagtail reads it.
            fragments.find_site(request)
            fragments.route(request, view_args[0])
