"""Error views that must work when the rest of the site does not."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

# Seconds a client (or the load balancer) should wait before trying again.
RETRY_AFTER = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


#: Paths whose clients read JSON: the 503 is JSON there (the API's error body, ``message``).
JSON_PREFIXES = ("/api/",)


def service_unavailable(request=None):
    """The static 503 page (rendered without context processors, so without any query), or
    under the API the API's JSON error body."""
    if request is not None and request.path_info.startswith(JSON_PREFIXES):
        response = JsonResponse(
            {"message": _("service momentanément indisponible, réessayez dans un instant")},
            status=503,
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: a lost database connection becomes a clean 503 (the site recovers by itself
    when the database comes back, since Django opens a new connection for the next request);
    any other error gets the static 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return service_unavailable(request)
    return HttpResponseServerError(loader.get_template(template_name).render())
