"""The review workflow end to end through the admin views: submission, e-mails, approval,
requested changes, the moderators' dashboard, revisions, locking and scheduled publishing."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.admin.models import EditingSession
from wagtail.models import WorkflowState

from fiches import factories, selectors
from tests.helpers import post_edit


@pytest.fixture
def submitted(client, contributor, moderator, draft):
    """The contributor's draft, submitted for review (mailbox emptied afterwards)."""
    client.force_login(contributor)
    response = post_edit(client, draft, action="submit")
    assert response.status_code == 302
    draft.refresh_from_db()
    return draft


def workflow_action(client, page, action, **data):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, data)


class TestSubmission:
    def test_submitting_starts_the_review_and_mails_the_moderators(
        self, client, contributor, other_contributor, moderator, draft
    ):
        client.force_login(contributor)
        mail.outbox.clear()
        response = post_edit(client, draft, action="submit")

        assert response.status_code == 302
        draft.refresh_from_db()
        assert not draft.live
        state = draft.current_workflow_state
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by == contributor
        recipients = {address for message in mail.outbox for address in message.to}
        assert moderator.email in recipients
        assert contributor.email not in recipients
        assert other_contributor.email not in recipients
        [to_moderator] = [message for message in mail.outbox if moderator.email in message.to]
        assert draft.title in to_moderator.subject + to_moderator.body

    def test_an_incomplete_draft_can_be_submitted(self, client, contributor, moderator, index):
        incomplete = factories.FichePageFactory(
            parent=index,
            owner=contributor,
            publish=False,
            main_cpv=None,
            criteria=(),
            indicators=(),
        )
        client.force_login(contributor)
        response = post_edit(client, incomplete, action="submit")
        assert response.status_code == 302
        incomplete.refresh_from_db()
        assert incomplete.workflow_in_progress


class TestReview:
    def test_approval_publishes_and_notifies_the_contributor(
        self, client, contributor, moderator, submitted
    ):
        mail.outbox.clear()
        client.force_login(moderator)
        response = workflow_action(client, submitted, "approve", comment="Bravo")

        assert response.status_code == 302
        submitted.refresh_from_db()
        assert submitted.live
        assert not submitted.workflow_in_progress
        [message] = [message for message in mail.outbox if contributor.email in message.to]
        assert submitted.title in message.subject + message.body
        response = client.get(submitted.url)
        assert response.status_code == 200

    def test_requested_changes_reach_the_contributor_with_the_comment(
        self, client, contributor, moderator, submitted
    ):
        mail.outbox.clear()
        client.force_login(moderator)
        comment = "Ajoutez le montant du marché et un chiffre d'impact."
        response = workflow_action(client, submitted, "reject", comment=comment)

        assert response.status_code == 302
        submitted.refresh_from_db()
        assert not submitted.live
        assert submitted.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        [message] = [message for message in mail.outbox if contributor.email in message.to]
        assert comment in message.body

    def test_a_contributor_cannot_approve(self, client, other_contributor, submitted):
        client.force_login(other_contributor)
        workflow_action(client, submitted, "approve")
        submitted.refresh_from_db()
        assert not submitted.live
        assert submitted.workflow_in_progress


class TestDashboard:
    def test_moderators_see_the_fiches_waiting_oldest_first_with_their_region(
        self, client, contributor, moderator, index
    ):
        client.force_login(contributor)
        titles = ["Première soumise", "Deuxième soumise"]
        for title in titles:
            fiche = factories.FichePageFactory(
                parent=index, owner=contributor, publish=False, title=title
            )
            post_edit(client, fiche, action="submit")
        factories.FichePageFactory(parent=index, title="Jamais soumise")

        client.force_login(moderator)
        response = client.get(reverse("wagtailadmin_home"))
        content = response.content.decode()
        assert response.status_code == 200
        queue = content.split('id="fiches-review-queue-content"')[1].split("</table>")[0]
        assert "Fiches en attente de relecture" in content
        assert queue.index(titles[0]) < queue.index(titles[1])
        assert "Bretagne" in queue
        assert "Jamais soumise" not in queue

    def test_contributors_do_not_see_the_queue(self, client, contributor, submitted):
        client.force_login(contributor)
        response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        assert "Fiches en attente de relecture" not in response.content.decode()

    def test_the_queue_stops_at_review(self, client, moderator, submitted):
        assert list(selectors.fiches_awaiting_review()) == [submitted]
        client.force_login(moderator)
        workflow_action(client, submitted, "approve")
        assert list(selectors.fiches_awaiting_review()) == []

    @pytest.mark.parametrize("count", [2, 12])
    def test_the_queue_costs_one_query(self, django_assert_num_queries, contributor, index, count):
        for _ in range(count):
            fiche = factories.FichePageFactory(parent=index, owner=contributor, publish=False)
            fiche.get_workflow().start(fiche, contributor)
        with django_assert_num_queries(1):
            fiches = list(selectors.fiches_awaiting_review())
            regions = [fiche.region.label for fiche in fiches]
        assert len(fiches) == count
        assert set(regions) == {"Bretagne"}


class TestEditorTools:
    def test_revisions_can_be_compared_and_reverted(self, client, moderator, fiche):
        client.force_login(moderator)
        post_edit(client, fiche, action="publish", title="Un titre revu")
        fiche.refresh_from_db()
        first, second = fiche.revisions.order_by("created_at", "pk")[:2]

        history_url = reverse("wagtailadmin_pages:history", args=[fiche.pk])
        assert client.get(history_url).status_code == 200
        compare_url = reverse(
            "wagtailadmin_pages:revisions_compare", args=[fiche.pk, first.pk, second.pk]
        )
        response = client.get(compare_url)
        assert response.status_code == 200
        assert "Un titre revu" in response.content.decode()
        revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[fiche.pk, first.pk])
        response = client.get(revert_url)
        assert response.status_code == 200
        assert escape(first.content["title"]) in response.content.decode()

    def test_a_moderator_locks_and_unlocks_a_fiche(self, client, moderator, contributor, draft):
        client.force_login(moderator)
        response = client.post(reverse("wagtailadmin_pages:lock", args=[draft.pk]))
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.locked
        assert draft.locked_by == moderator

        client.force_login(contributor)
        post_edit(client, draft, title="Modifiée malgré le verrou")
        assert draft.get_latest_revision().content["title"] != "Modifiée malgré le verrou"

        client.force_login(moderator)
        client.post(reverse("wagtailadmin_pages:unlock", args=[draft.pk]))
        draft.refresh_from_db()
        assert not draft.locked

    def test_the_editor_autosaves_and_announces_concurrent_editors(
        self, client, settings, moderator, fiche
    ):
        client.force_login(moderator)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[fiche.pk]))
        content = response.content.decode()
        assert f'data-w-autosave-interval-value="{settings.WAGTAIL_AUTOSAVE_INTERVAL}"' in content
        ping = reverse("wagtailadmin_editing_sessions:ping", args=["app", "model", "1", 1])
        assert ping.split("app/model/")[0] in content
        assert EditingSession.objects.filter(user=moderator, object_id=str(fiche.pk)).exists()

    def test_the_content_checker_runs_on_previews(self, client, moderator, fiche):
        client.force_login(moderator)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[fiche.pk]))
        content = response.content.decode()
        assert "w-content-checker" in content
        assert '"image-alt"' in content
        assert '"valid-lang"' in content

    def test_scheduled_publishing(self, client, moderator, draft):
        client.force_login(moderator)
        tomorrow = timezone.localtime() + timedelta(days=1)
        response = post_edit(
            client, draft, action="publish", go_live_at=tomorrow.strftime("%d/%m/%Y %H:%M")
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        assert not draft.live
        revision = draft.scheduled_revision
        assert revision is not None

        call_command("publish_scheduled")
        draft.refresh_from_db()
        assert not draft.live
        the_day_after = timezone.now() + timedelta(days=2)
        with mock.patch("django.utils.timezone.now", return_value=the_day_after):
            call_command("publish_scheduled")
        draft.refresh_from_db()
        assert draft.live
