"""The messages of the alerts, in the subscriber's language (French by default), each with a
text and an HTML part and the unsubscribe link in its body, in ``List-Unsubscribe`` and, for
the mail clients' one-click button, ``List-Unsubscribe-Post`` (RFC 8058): a POST to that
address deletes the subscription at once (``fiches.alerts.views.unsubscribe``)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.pages import default_site_root_url
from fiches.alerts import tokens

TEMPLATES = "fiches/alerts/emails"


def base_url():
    """The start of every absolute link of the messages (no request when a task sends)."""
    return settings.ALERTS_BASE_URL or default_site_root_url()


def _absolute(base, url):
    return f"{base}{url}" if url and url.startswith("/") else url


def unsubscribe_url(subscription, base):
    token = tokens.make(tokens.UNSUBSCRIBE, subscription)
    return _absolute(base, reverse("alerts_unsubscribe", args=[token]))


def confirm_url(subscription, base):
    return _absolute(
        base, reverse("alerts_confirm", args=[tokens.make(tokens.CONFIRM, subscription)])
    )


def catalogue_url(subscription, base):
    url = subscription.catalogue.get_full_url()
    if url.startswith("/"):
        url = f"{base}{url}"
    return f"{url}?{subscription.query}" if subscription.query else url


def _send(subscription, template, subject, context, *, base):
    unsubscribe = unsubscribe_url(subscription, base)
    context = {
        **context,
        "subscription": subscription,
        "unsubscribe_url": unsubscribe,
        "catalogue_url": catalogue_url(subscription, base),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{TEMPLATES}/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"{TEMPLATES}/{template}.html", context), "text/html"
    )
    message.send()


def send_confirmation(subscription, *, criteria):
    """The one message sent before the address is confirmed: the link that confirms it."""
    base = base_url()
    with translation.override(subscription.language):
        _send(
            subscription,
            "confirmation",
            _("Confirmez votre abonnement aux nouvelles fiches REX"),
            {
                "confirm_url": confirm_url(subscription, base),
                "criteria": criteria,
                "days": settings.ALERTS_CONFIRM_DAYS,
            },
            base=base,
        )


def send_digest(subscription, fiches, *, criteria, base=None):
    """The digest: ``fiches`` (the new fiches of the search) with their links; ``base`` is
    :func:`base_url`, read once by a run of digests."""
    base = base or base_url()
    with translation.override(subscription.language):
        subject = ngettext(
            "%(count)s nouvelle fiche REX pour votre recherche",
            "%(count)s nouvelles fiches REX pour votre recherche",
            len(fiches),
        ) % {"count": len(fiches)}
        items = [{"fiche": fiche, "url": _absolute(base, fiche.get_full_url())} for fiche in fiches]
        _send(subscription, "digest", subject, {"items": items, "criteria": criteria}, base=base)
