"""The « à chaque nouvelle publication » alerts sent when a fiche is first published
(fiches.alerts.tasks.on_fiche_published): once the publication commits, once per transaction,
never twice for a fiche, and never at the cost of the publication."""

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from fiches import factories
from fiches.alerts import services, tasks
from fiches.editorial.groups import CONTRIBUTORS_GROUP, MODERATORS_GROUP
from fiches.models import AlertSubscription, FichePage
from tests.helpers import fiche_in, make_user, post_edit, subscribe_to_alerts

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP down")


@pytest.fixture
def runs(monkeypatch):
    """The digest runs, as the frequencies they sent."""
    calls = []
    send_digests = services.send_digests

    def counted(frequency, **kwargs):
        calls.append(frequency)
        return send_digests(frequency, **kwargs)

    monkeypatch.setattr(services, "send_digests", counted)
    return calls


@pytest.fixture
def subscriber(confirmed):
    """A confirmed « à chaque nouvelle publication » subscription to the fiches of Bretagne."""
    return confirmed(region="53", frequency="publication")


@pytest.fixture
def moderator(db):
    return make_user("mona", MODERATORS_GROUP)


def full_url(page):
    return f"http://localhost{page.url}"


def test_a_matching_fiche_is_sent_once_the_publication_commits(
    index, subscriber, runs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fiche = fiche_in(index, "53", title="Cantine bio de Rennes")
        assert mail.outbox == []  # not before the commit

    assert runs == ["publication"]
    [message] = mail.outbox
    assert message.to == ["lea@example.org"]
    assert message.subject == "1 nouvelle fiche REX pour votre recherche"
    assert "Cantine bio de Rennes" in message.body
    assert full_url(fiche) in message.body
    assert full_url(fiche) in message.alternatives[0][0]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/fr/alertes/desabonnement/" in link
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    subscriber.refresh_from_db()
    assert subscriber.last_sent_at >= fiche.first_published_at


@pytest.mark.parametrize(
    ("search", "frequency", "confirm"),
    [
        ({"region": "52"}, "publication", True),
        ({"region": "53"}, "publication", False),
        ({"region": "53"}, "weekly", True),
    ],
    ids=["not-matching", "unconfirmed", "weekly"],
)
def test_these_subscribers_get_nothing_on_publication(
    client, index, confirmed, search, frequency, confirm, django_capture_on_commit_callbacks
):
    if confirm:
        confirmed(frequency=frequency, **search)
    else:
        subscribe_to_alerts(client, index, frequency=frequency, **search)
        mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        fiche_in(index, "53", title="Cantine bio de Rennes")

    assert mail.outbox == []


def test_two_fiches_of_one_transaction_make_one_run_and_one_message(
    index, subscriber, runs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first = fiche_in(index, "53", title="Cantine bio de Rennes")
        second = fiche_in(index, "53", title="Espaces verts de Brest")

    assert runs == ["publication"]
    [message] = mail.outbox
    assert message.subject == "2 nouvelles fiches REX pour votre recherche"
    assert full_url(first) in message.body
    assert full_url(second) in message.body


def test_a_new_revision_of_a_published_fiche_alerts_nobody(
    index, subscriber, runs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fiche = fiche_in(index, "53", title="Cantine bio de Rennes")
    mail.outbox.clear()
    runs.clear()

    fiche.title = "Cantine bio de Rennes (corrigée)"
    with django_capture_on_commit_callbacks(execute=True):
        fiche.save_revision().publish()

    assert runs == []
    assert mail.outbox == []
    # Nor does the cron run: the fiche counts by its first publication.
    assert services.send_digests("publication") == 0


def test_publishing_from_the_admin_is_alerted(
    client, index, subscriber, moderator, django_capture_on_commit_callbacks
):
    draft = factories.FichePageFactory(parent=index, title="Cantine bio de Rennes", publish=False)
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(client, draft, action="publish")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    [message] = mail.outbox
    assert full_url(draft) in message.body


def test_a_failing_mail_server_does_not_break_the_publication(
    client, index, subscriber, moderator, settings, caplog, django_capture_on_commit_callbacks
):
    draft = factories.FichePageFactory(parent=index, title="Cantine bio de Rennes", publish=False)
    client.force_login(moderator)
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    before = AlertSubscription.objects.get(pk=subscriber.pk).last_sent_at

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = post_edit(client, draft, action="publish")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    [record] = [r for r in caplog.records if r.name == "fiches.alerts.services"]
    assert record.getMessage() == f"alert digest {subscriber.pk} not sent"
    assert "SMTP down" in record.exc_text
    subscriber.refresh_from_db()
    assert subscriber.last_sent_at == before
    # The mail server is back: the next run (cron, or the next publication) sends the fiche.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_digests("publication") == 1
    assert full_url(draft) in mail.outbox[-1].body


def test_a_fiche_approved_in_the_workflow_is_alerted(
    client, index, subscriber, moderator, django_capture_on_commit_callbacks
):
    contributor = make_user("claire", CONTRIBUTORS_GROUP)
    draft = factories.FichePageFactory(
        parent=index, title="Cantine bio de Rennes", owner=contributor, publish=False
    )
    client.force_login(contributor)
    assert post_edit(client, draft, action="submit").status_code == 302
    mail.outbox.clear()
    client.force_login(moderator)
    state = FichePage.objects.get(pk=draft.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", state.pk])

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"comment": ""}).status_code == 302

    digests = [m for m in mail.outbox if m.to == ["lea@example.org"]]
    assert len(digests) == 1
    assert full_url(draft) in digests[0].body


def test_a_scheduled_fiche_is_alerted_when_it_goes_live(
    index, subscriber, runs, django_capture_on_commit_callbacks
):
    soon = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        fiche = fiche_in(index, "53", title="Cantine bio de Rennes", go_live_at=soon)
    assert not FichePage.objects.get(pk=fiche.pk).live
    assert (runs, mail.outbox) == ([], [])  # published for later: nothing yet

    # The hour has come.
    past = timezone.now() - timedelta(minutes=1)
    revision = fiche.get_latest_revision()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")

    fiche.refresh_from_db()
    assert fiche.live
    assert runs == ["publication"]
    [message] = mail.outbox
    assert full_url(fiche) in message.body


def test_a_translation_is_alerted_to_its_own_catalogue_only(
    index, subscriber, django_capture_on_commit_callbacks
):
    english = Locale.objects.create(language_code="en")
    index_en = index.copy_for_translation(english, copy_parents=True)
    index_en.save_revision().publish()
    english_reader = AlertSubscription.objects.create(
        email="reader@example.org",
        catalogue=index_en,
        query="region=53",
        language="en",
        frequency="publication",
        confirmed_at=timezone.now(),
        last_sent_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        fiche = fiche_in(index, "53", title="Cantine bio de Rennes")
    assert [message.to for message in mail.outbox] == [["lea@example.org"]]
    mail.outbox.clear()

    fiche_en = fiche.copy_for_translation(english)
    with django_capture_on_commit_callbacks(execute=True):
        fiche_en.save_revision().publish()

    # The French reader already had this case; the English catalogue's reader gets its page.
    fiche_en.refresh_from_db()
    [message] = mail.outbox
    assert message.to == [english_reader.email]
    assert full_url(fiche_en) in message.body
    assert "/en/" in full_url(fiche_en)


def test_a_queue_that_refuses_the_task_does_not_break_the_publication(
    client, index, subscriber, moderator, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    draft = factories.FichePageFactory(parent=index, title="Cantine bio de Rennes", publish=False)
    client.force_login(moderator)

    def refuse(*args, **kwargs):
        raise RuntimeError("queue table unavailable")

    monkeypatch.setattr(tasks, "send_alerts", SimpleNamespace(enqueue=refuse))
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = post_edit(client, draft, action="publish")

    assert response.status_code == 302
    assert FichePage.objects.get(pk=draft.pk).live
    [record] = [r for r in caplog.records if r.name == "fiches.alerts.tasks"]
    assert record.getMessage() == "publication alerts not sent"
    assert mail.outbox == []
