"""The proposer's contact is kept for the retention period, then deleted by the purge (the
service, its task and ``manage.py purge_proposals``); the proposal and its fiche stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from fiches.models import Proposal
from fiches.proposals import services, tasks


@pytest.fixture
def old_and_new(propose, proposal_data):
    assert propose(proposal_data).status_code == 302
    assert propose({**proposal_data, "title": "Un cas récent"}).status_code == 302
    old, new = Proposal.objects.order_by("pk")
    Proposal.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=366))
    return old, new


def contact(proposal):
    proposal.refresh_from_db()
    return (
        proposal.organisation,
        proposal.contact_name,
        proposal.contact_email,
        proposal.contact_phone,
    )


def test_the_purge_deletes_the_expired_contacts_only(old_and_new):
    old, new = old_and_new

    assert services.purge_expired_contacts() == 1

    assert contact(old) == ("", "", "", "")
    assert old.contact_purged_at is not None
    assert old.fiche is not None and old.story  # the case itself stays
    assert contact(new)[2] == "zoe.proposante@example.org"
    assert new.contact_purged_at is None
    # Once purged, a proposal is not purged again.
    assert services.purge_expired_contacts() == 0


@override_settings(PROPOSAL_CONTACT_RETENTION_DAYS=400)
def test_the_retention_period_is_configurable(old_and_new):
    assert services.purge_expired_contacts() == 0
    with override_settings(PROPOSAL_CONTACT_RETENTION_DAYS=30):
        assert services.purge_expired_contacts() == 1


def test_the_command(old_and_new):
    out = StringIO()
    call_command("purge_proposals", stdout=out)

    assert "1 proposition(s) : coordonnées effacées (conservation : 365 jours)" in out.getvalue()
    assert contact(old_and_new[0])[2] == ""


def test_the_task(old_and_new):
    result = tasks.purge_expired_contacts.enqueue()
    assert result.return_value == 1
    assert contact(old_and_new[0])[2] == ""


def test_the_command_can_hand_it_to_the_worker(old_and_new):
    out = StringIO()
    call_command("purge_proposals", "--enqueue", stdout=out)
    assert "confié au worker" in out.getvalue()
    # The immediate backend of the tests ran it at once.
    assert contact(old_and_new[0])[2] == ""
