"""The writes of the alerts: subscribe (double opt-in), confirm, unsubscribe (the row is
deleted), send the digests and delete the subscriptions never confirmed.

Nothing here tells whether an address is already subscribed: ``subscribe`` returns nothing and
the view answers the same in every case (no enumeration of the subscribers)."""

import enum
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from cms import throttle
from fiches.alerts import emails, selectors, tokens
from fiches.catalogue import facets
from fiches.models import AlertSubscription

logger = logging.getLogger(__name__)


class Outcome(enum.Enum):
    """What a link did (the views say it in French)."""

    DONE = "done"
    ALREADY = "already"
    GONE = "gone"
    EXPIRED = "expired"
    INVALID = "invalid"


def normalize_email(email):
    return email.strip().lower()


def criteria_labels(query, reference):
    """The search as the messages describe it: « Région : Bretagne », « Recherche : « … » »."""
    return [item["label"] for item in facets.active_filters(query, reference)]


def subscribe(*, email, catalogue, query, reference, language, frequency):
    """Records the subscription of ``email`` to ``query`` (a ``facets.Query`` without notices) of
    ``catalogue`` and sends the confirmation link, unless the address already receives this
    search or got too many confirmation e-mails lately (then nothing is sent). Returns nothing."""
    email = normalize_email(email)
    key = throttle.value_key("alerts-email", email)
    if not throttle.within_limit(
        key,
        limit=settings.ALERTS_SUBSCRIBE_PER_EMAIL,
        window=settings.ALERTS_SUBSCRIBE_WINDOW_SECONDS,
    ):
        return
    with transaction.atomic():
        subscription, created = AlertSubscription.objects.get_or_create(
            email=email,
            catalogue=catalogue,
            query=query.search_querystring(),
            defaults={"language": language, "frequency": frequency},
        )
        if subscription.confirmed_at is not None:
            return
        if not created:
            # A new link: the unconfirmed row is kept as long as the new link is valid.
            subscription.language, subscription.frequency = language, frequency
            subscription.created_at = timezone.now()
            subscription.save(update_fields=["language", "frequency", "created_at"])
    with translation.override(language):
        labels = criteria_labels(query, reference)
    emails.send_confirmation(subscription, criteria=labels)


def _subscription(action, token):
    """``(subscription or None, outcome or None)`` of ``token``."""
    try:
        pk, digest = tokens.read(action, token)
    except tokens.InvalidToken as error:
        return None, Outcome.EXPIRED if error.expired else Outcome.INVALID
    subscription = AlertSubscription.objects.filter(pk=pk).first()
    if not tokens.matches(subscription, digest):
        return None, Outcome.GONE
    return subscription, None


def check_confirmation(token):
    """What confirming ``token`` would do, without doing it (the page shows its button)."""
    subscription, outcome = _subscription(tokens.CONFIRM, token)
    if outcome is None and subscription.confirmed_at is not None:
        outcome = Outcome.ALREADY
    return outcome or Outcome.DONE


def confirm(token, *, now=None):
    """Confirms the subscription of ``token``: from now on, its digests send the fiches
    published after this moment."""
    subscription, outcome = _subscription(tokens.CONFIRM, token)
    if outcome is not None:
        return outcome
    now = now or timezone.now()
    confirmed = AlertSubscription.objects.filter(
        pk=subscription.pk, confirmed_at__isnull=True
    ).update(confirmed_at=now, last_sent_at=now)
    return Outcome.DONE if confirmed else Outcome.ALREADY


def check_unsubscribe(token):
    """What unsubscribing with ``token`` would do, without doing it."""
    return _subscription(tokens.UNSUBSCRIBE, token)[1] or Outcome.DONE


def unsubscribe(token):
    """Deletes the subscription of ``token`` (the address with it)."""
    subscription, outcome = _subscription(tokens.UNSUBSCRIBE, token)
    if outcome is not None:
        return outcome
    AlertSubscription.objects.filter(pk=subscription.pk).delete()
    return Outcome.DONE


def send_digests(frequency, *, now=None):
    """Sends each subscription of ``frequency`` due at ``now`` the fiches published since its
    last digest (none when there is none), then deletes the subscriptions left unconfirmed
    past their link's validity. Returns the number of messages sent."""
    now = now or timezone.now()
    sent, quiet, labels, base = 0, [], {}, None
    for subscription, query, reference, fiches in selectors.digests(
        selectors.due(frequency, now), until=now
    ):
        if not fiches:
            quiet.append(subscription.pk)
            continue
        key = (subscription.catalogue.locale_id, subscription.query, subscription.language)
        if key not in labels:
            with translation.override(subscription.language):
                labels[key] = criteria_labels(query, reference)
        base = base or emails.base_url()
        # Claimed before it is sent, at once: a run stopped later does not send this digest
        # again, and of two runs at the same time (the worker after a publication, the hourly
        # cron) only the one whose update finds the window it read sends it.
        window = AlertSubscription.objects.filter(
            pk=subscription.pk, last_sent_at=subscription.last_sent_at
        )
        if not window.update(last_sent_at=now):
            continue
        try:
            emails.send_digest(subscription, fiches, criteria=labels[key], base=base)
        except Exception:
            # The next run sends them: the digest's window is opened again.
            logger.exception("alert digest %s not sent", subscription.pk)
            AlertSubscription.objects.filter(pk=subscription.pk, last_sent_at=now).update(
                last_sent_at=subscription.last_sent_at
            )
            continue
        sent += 1
    AlertSubscription.objects.filter(pk__in=quiet).update(last_sent_at=now)
    purge_unconfirmed(now=now)
    return sent


def purge_unconfirmed(*, now=None):
    """Deletes the subscriptions whose confirmation link has expired unused."""
    limit = (now or timezone.now()) - timedelta(days=settings.ALERTS_CONFIRM_DAYS)
    deleted, _rows = AlertSubscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=limit
    ).delete()
    return deleted
