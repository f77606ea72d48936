"""The background task of the alerts (django-tasks): the digests of one frequency. It runs at
once with the immediate backend (development, tests) and in ``manage.py db_worker`` with the
database backend (production); ``manage.py send_alerts`` runs or enqueues it from cron.

The « à chaque nouvelle publication » digests are also sent when a fiche is first published
(``connect``: Wagtail's ``page_published``, whether the editor publishes, a moderator approves
it in the workflow or ``publish_scheduled`` publishes it at its date): the task is enqueued
once the publication commits, once for every fiche one transaction publishes."""

import logging

from django_tasks import task
from wagtail.signals import page_published

from cms.transactions import on_commit_once
from fiches.models import AlertSubscription, FichePage

logger = logging.getLogger(__name__)


@task()
def send_alerts(frequency):
    """Sends the digests of ``frequency`` (``AlertSubscription.Frequency``) that are due;
    returns the number of messages sent."""
    from fiches.alerts import services

    return services.send_digests(frequency)


def on_fiche_published(sender, instance, **kwargs):
    """The ``page_published`` receiver: a fiche published for the first time (not a new
    revision of a live one, nor a publication scheduled for later) sends the publication
    digests once the transaction commits."""
    # Wagtail sets both dates to the same moment on a first publication only. The aliases of
    # the fiche (wagtail-localize's untranslated copies) are published in the same transaction:
    # they add no second run.
    if instance.live and instance.first_published_at == instance.last_published_at:
        on_commit_once(_send_publication_digests)


def _send_publication_digests(_values):
    # With the immediate backend the digests are sent in the request that publishes: nothing
    # that fails here may undo or break the publication (the hourly cron run sends them).
    try:
        send_alerts.enqueue(AlertSubscription.Frequency.PUBLICATION)
    except Exception:
        logger.exception("publication alerts not sent")


def connect():
    page_published.connect(
        on_fiche_published, sender=FichePage, dispatch_uid="fiches_alerts_published"
    )
