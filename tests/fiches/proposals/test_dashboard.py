"""The moderators' « Propositions reçues » panel: the proposals not yet published, with the
proposer's contact and files; contributors do not see it."""

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fiches.editorial.groups import CONTRIBUTORS_GROUP
from fiches.models import Proposal
from fiches.proposals import selectors
from tests.helpers import make_user, png_bytes


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_moderators_see_the_proposals_with_the_contact(client, propose, proposal_data, moderator):
    image = SimpleUploadedFile("chantier.png", png_bytes(), "image/png")
    propose(proposal_data, images=[image])
    proposal = Proposal.objects.get()

    html = dashboard(client, moderator)

    panel = html.split('id="fiches-proposals-content"')[1].split("</table>")[0]
    assert reverse("wagtailadmin_pages:edit", args=[proposal.fiche_id]) in panel
    assert proposal_data["title"] in panel
    assert "zoe.proposante@example.org" in panel
    assert "Un acheteur public" in panel
    assert reverse("wagtailimages:edit", args=[proposal.images.get().pk]) in panel
    # The fiche is in the review queue too, and the actors it created in theirs.
    queue = html.split('id="fiches-review-queue-content"')[1].split("</table>")[0]
    assert proposal_data["title"] in queue
    actors = html.split('id="actors-review-queue-content"')[1].split("</table>")[0]
    assert "ESAT des Abers" in actors and "Commune de Plouzané" in actors


def test_published_proposals_leave_the_panel(client, propose, proposal_data, moderator):
    propose(proposal_data)
    proposal = Proposal.objects.get()
    proposal.fiche.get_latest_revision().publish(user=moderator)

    assert "Aucune proposition n'attend de relecture." in dashboard(client, moderator).replace(
        "&#x27;", "'"
    )


def test_contributors_do_not_see_the_panel(client, propose, proposal_data):
    propose(proposal_data)
    html = dashboard(client, make_user("claire", CONTRIBUTORS_GROUP))

    assert 'id="fiches-proposals-content"' not in html
    assert "zoe.proposante@example.org" not in html


def test_the_panel_reads_in_constant_queries(propose, proposal_data):
    propose(proposal_data)
    with CaptureQueriesContext(connection) as one:
        list(selectors.awaiting_proposals())
    propose({**proposal_data, "title": "Deuxième cas"})
    propose({**proposal_data, "title": "Troisième cas"})
    with CaptureQueriesContext(connection) as three:
        assert len(list(selectors.awaiting_proposals())) == 3
    assert len(one.captured_queries) == len(three.captured_queries) == 3


def test_moderators_are_mailed_of_a_new_proposal(propose, proposal_data, moderator):
    mail.outbox.clear()
    propose(proposal_data)

    to_moderator = [message for message in mail.outbox if moderator.email in message.to]
    assert to_moderator
    assert any(proposal_data["title"] in m.subject + m.body for m in to_moderator)
