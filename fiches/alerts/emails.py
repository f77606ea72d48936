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
from wagtail.models import Site

from fiches.alerts import tokens

TEMPLATES = "fiches/alerts/emails"


def base_url():
    """The start of every absolute link of the messages (no request when a task sends)."""
    if settings.ALERTS_BASE_URL:
        return settings.ALERTS_BASE_URL
    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def _absolute(path):
    return f"{base_url()}{path}"


def unsubscribe_url(subscription):
    return _absolute(
        reverse("alerts_unsubscribe", args=[tokens.make(tokens.UNSUBSCRIBE, subscription)])
    )


def confirm_url(subscription):
    return _absolute(reverse("alerts_confirm", args=[tokens.make(tokens.CONFIRM, subscription)]))


def catalogue_url(subscription):
    url = subscription.catalogue.get_full_url()
    if url.startswith("/"):
        url = _absolute(url)
    return f"{url}?{subscription.query}" if subscription.query else url


def _send(subscription, template, subject, context):
    unsubscribe = unsubscribe_url(subscription)
    context = {
        **context,
        "subscription": subscription,
        "unsubscribe_url": unsubscribe,
        "catalogue_url": catalogue_url(subscription),
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
    with translation.override(subscription.language):
        _send(
            subscription,
            "confirmation",
            _("Confirmez votre abonnement aux nouvelles fiches REX"),
            {
                "confirm_url": confirm_url(subscription),
                "criteria": criteria,
                "days": settings.ALERTS_CONFIRM_DAYS,
            },
        )


def send_digest(subscription, fiches, *, criteria):
    """The digest: ``fiches`` (the new fiches of the search) with their links."""
    with translation.override(subscription.language):
        subject = ngettext(
            "%(count)s nouvelle fiche REX pour votre recherche",
            "%(count)s nouvelles fiches REX pour votre recherche",
            len(fiches),
        ) % {"count": len(fiches)}
        items = [{"fiche": fiche, "url": _fiche_url(fiche)} for fiche in fiches]
        _send(subscription, "digest", subject, {"items": items, "criteria": criteria})


def _fiche_url(fiche):
    url = fiche.get_full_url()
    return _absolute(url) if url and url.startswith("/") else url
