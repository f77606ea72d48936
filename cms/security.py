"""Security helpers referenced from the settings."""

from django.conf import settings


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
