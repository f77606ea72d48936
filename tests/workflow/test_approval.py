"""The end of a review: approving from the edit form leaves no phantom draft (even when the
editor's autosave posts the form again after the approval), the message says the page is
published, the approval e-mail carries the moderator's comment, and the e-mail asking for
changes agrees with « page »."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from tests.helpers import edit_form_data, post_edit

COMMENT = "Belle fiche : pensez à ajouter la source du chiffre d'impact."


@pytest.fixture
def submitted(client, contributor, moderator, draft):
    client.force_login(contributor)
    assert post_edit(client, draft, action="submit").status_code == 302
    draft.refresh_from_db()
    client.logout()
    mail.outbox.clear()
    return draft


def approval_from_the_editor(client, page, comment=""):
    """The edit form as the editor's « Approuver » posts it (workflow-action.js adds these
    hidden inputs, then submits the form)."""
    data = edit_form_data(client, page)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = json.dumps({"comment": comment})
    return data


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


class TestNoPhantomDraft:
    def test_the_approved_page_has_no_unpublished_changes(self, client, moderator, submitted):
        client.force_login(moderator)
        data = approval_from_the_editor(client, submitted)
        response = client.post(edit_url(submitted), data)
        assert response.status_code == 302
        # The autosave of the same form, sent by the editor half a second later.
        echo = client.post(edit_url(submitted), data, HTTP_ACCEPT="application/json")

        assert echo.status_code == 409
        assert echo.json()["success"] is False
        submitted.refresh_from_db()
        assert submitted.live
        assert submitted.has_unpublished_changes is False
        assert submitted.latest_revision_id == submitted.live_revision_id

    def test_an_ordinary_autosave_still_saves_a_draft(self, client, moderator, fiche):
        client.force_login(moderator)
        data = edit_form_data(client, fiche, title="Titre en cours de saisie")
        response = client.post(edit_url(fiche), data, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert response.json()["success"] is True
        fiche.refresh_from_db()
        assert fiche.has_unpublished_changes
        assert fiche.get_latest_revision().content["title"] == "Titre en cours de saisie"


class TestApprovalMessageAndMails:
    def test_the_message_says_published(self, client, moderator, submitted):
        client.force_login(moderator)
        response = client.post(
            edit_url(submitted), approval_from_the_editor(client, submitted), follow=True
        )
        texts = [str(message) for message in response.context["messages"]]
        assert any("est approuvée et publiée" in text for text in texts), texts
        assert not any("mise à jour" in text for text in texts), texts

    def test_the_approval_mail_carries_the_comment(self, client, contributor, moderator, submitted):
        client.force_login(moderator)
        client.post(edit_url(submitted), approval_from_the_editor(client, submitted, COMMENT))
        [message] = [message for message in mail.outbox if contributor.email in message.to]
        assert COMMENT in message.body
        assert "approuvée" in message.body
        [html, _type] = message.alternatives[0]
        assert "pensez à ajouter la source" in html

    def test_the_approval_mail_from_the_dashboard_carries_the_comment(
        self, client, contributor, moderator, submitted
    ):
        client.force_login(moderator)
        state = submitted.current_workflow_task_state
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[submitted.pk, "approve", state.pk]
        )
        client.post(url, {"comment": COMMENT})
        [message] = [message for message in mail.outbox if contributor.email in message.to]
        assert COMMENT in message.body

    def test_the_rejection_subject_agrees_with_page(
        self, client, contributor, moderator, submitted
    ):
        client.force_login(moderator)
        state = submitted.current_workflow_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=[submitted.pk, "reject", state.pk])
        client.post(url, {"comment": "Ajoutez le montant."})
        [message] = [message for message in mail.outbox if contributor.email in message.to]
        assert "a été rejetée" in message.subject
        assert "a été rejeté " not in message.subject
        assert "Ajoutez le montant." in message.body
