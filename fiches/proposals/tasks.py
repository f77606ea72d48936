"""The background tasks of the proposals (django-tasks): the acknowledgement e-mail, the
publication e-mail and the purge of the contacts older than the retention period. They run at
once with the immediate backend (development, tests) and in ``manage.py db_worker`` with the
database backend (production); the purge also runs from ``manage.py purge_proposals`` (cron),
see docs/deployment.md."""

from django.db import transaction
from django_tasks import task
from wagtail.signals import page_published

from fiches import selectors
from fiches.models import FichePage, Proposal

from . import emails, services


@task()
def send_acknowledgement(proposal_id):
    proposal = Proposal.objects.select_related("fiche").filter(pk=proposal_id).first()
    if proposal is None or proposal.acknowledged_at is not None:
        return False
    sent = emails.send_acknowledgement(proposal)
    if sent:
        services.mark_acknowledged(proposal)
    return sent


@task()
def send_publication(proposal_id):
    """The link to the fiche, once, when the fiche is publicly visible and the contact kept."""
    proposal = Proposal.objects.select_related("fiche").filter(pk=proposal_id).first()
    if proposal is None or proposal.fiche is None or proposal.publication_notified_at:
        return False
    if not selectors.is_visible(proposal.fiche):
        return False
    sent = emails.send_publication(proposal, url=proposal.fiche.get_full_url())
    if sent:
        services.mark_publication_notified(proposal)
    return sent


@task()
def purge_expired_contacts():
    return services.purge_expired_contacts()


def on_fiche_published(sender, instance, **kwargs):
    """The ``page_published`` receiver: a published proposed fiche tells its proposer."""
    proposal_ids = list(
        Proposal.objects.with_contact()
        .filter(fiche_id=instance.pk, publication_notified_at__isnull=True)
        .values_list("pk", flat=True)
    )
    for proposal_id in proposal_ids:
        transaction.on_commit(lambda pk=proposal_id: send_publication.enqueue(pk), robust=True)


def connect():
    page_published.connect(
        on_fiche_published, sender=FichePage, dispatch_uid="fiches_proposal_published"
    )
