"""Security helpers referenced from the settings."""

from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def client_ip(request):
    """The visitor's address for login throttling (AXES_CLIENT_IP_CALLABLE).

    Behind TRUSTED_PROXY_COUNT reverse proxies, each appends the address it received the request
    from to X-Forwarded-For: the visitor's is the one the outermost trusted proxy saw. Entries
    further left were written by the client and can be forged, so they are never used.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The admin login's lockout (AXES_LOCKOUT_CALLABLE): django-axes' 429 page, with the
    Retry-After header it lacks (the whole cool-off: every new attempt starts it again)."""
    from axes.helpers import get_cool_off, get_failure_limit

    response = render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"failure_limit": get_failure_limit(request, credentials)},
        status=429,
    )
    cool_off = get_cool_off(request)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response


def login_failure_limit(request, credentials):
    """The admin login's failure limit (AXES_FAILURE_LIMIT) for this attempt.

    django-axes counts the failures of each of AXES_LOCKOUT_PARAMETERS (this user name from this
    address, and this address whatever the name), keeps the largest, the address's, and compares
    it with one limit: LOGIN_FAILURES_PER_ADDRESS, or LOGIN_FAILURES_PER_ACCOUNT once this user
    name has failed that often from this address (the address's count is then at least as
    large, so the pair is locked out)."""
    from axes.helpers import get_client_username
    from axes.models import AccessAttempt

    per_account = settings.LOGIN_FAILURES_PER_ACCOUNT
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    failures = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials), ip_address=address
    ).aggregate(total=Sum("failures_since_start"))["total"]
    if (failures or 0) >= per_account:
        return per_account
    return max(per_account, settings.LOGIN_FAILURES_PER_ADDRESS)
