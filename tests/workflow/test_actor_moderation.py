"""Actor changes go through moderation: a contributor's edit is a draft revision that no public
output shows (actor page, fiche page, API, exports) until a moderator approves it; a new actor
stays hidden until then; moderators find the changes in their dashboard."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from fiches import factories, selectors
from fiches.models import Buyer, FicheBuyer, FichePage

OLD_NAME = "Commune de Vitré"
NEW_NAME = "Ville renommée en attente"


def snippet_url(model, view, *args):
    return reverse(f"wagtailsnippets_fiches_{model._meta.model_name}:{view}", args=args)


def post_actor_edit(client, actor, action=None, **changes):
    """Posts the actor's edit form back as the browser would, with ``changes``."""
    url = snippet_url(type(actor), "edit", actor.pk)
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data.update(changes)
    if action:
        data[f"action-{action}"] = action
    return client.post(url, data)


def approve(client, actor):
    state = actor.current_workflow_task_state
    url = snippet_url(type(actor), "workflow_action", actor.pk, "approve", state.pk)
    return client.post(url, {"comment": ""})


@pytest.fixture
def buyer(fiche):
    buyer = fiche.buyer_links.get().actor
    buyer.name = OLD_NAME
    buyer.save()
    return buyer


@pytest.fixture
def renamed(client, contributor, moderator, buyer):
    """The buyer renamed by the contributor and submitted for review."""
    client.force_login(contributor)
    response = post_actor_edit(client, buyer, action="submit", name=NEW_NAME)
    assert response.status_code == 302
    client.logout()
    buyer.refresh_from_db()
    return buyer


def public_texts(client, fiche, buyer):
    """What the public outputs that name the buyer say, by output."""
    host = {"HTTP_HOST": "localhost"}
    return {
        "actor page": client.get(buyer.get_absolute_url()),
        "fiche page": client.get(fiche.url),
        "API actor": client.get(f"/api/v2/buyers/{buyer.pk}/", **host),
        "API actors": client.get("/api/v2/buyers/", {"fields": "*"}, **host),
        "API fiche": client.get(f"/api/v2/pages/{fiche.pk}/", **host),
        "CSV export": client.get("/api/v2/exports/fiches.csv", **host),
    }


def contents(responses):
    for output, response in responses.items():
        assert response.status_code == 200, output
    return {
        output: b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
        for output, response in responses.items()
    }


class TestRenaming:
    def test_the_change_waits_for_review_everywhere(self, client, fiche, renamed):
        assert renamed.name == OLD_NAME
        assert renamed.has_unpublished_changes
        assert renamed.latest_revision.content["name"] == NEW_NAME
        assert renamed.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

        for output, text in contents(public_texts(client, fiche, renamed)).items():
            assert NEW_NAME not in text, output
            assert OLD_NAME in text, output

    def test_approval_publishes_the_new_name_everywhere(self, client, moderator, fiche, renamed):
        client.force_login(moderator)
        response = approve(client, renamed)
        assert response.status_code == 302
        client.logout()

        renamed.refresh_from_db()
        assert renamed.name == NEW_NAME
        assert renamed.live
        assert not renamed.has_unpublished_changes
        assert not renamed.workflow_in_progress
        for output, text in contents(public_texts(client, fiche, renamed)).items():
            assert NEW_NAME in text, output

    def test_submission_mails_the_moderators_and_approval_the_contributor(
        self, client, contributor, moderator, buyer
    ):
        client.force_login(contributor)
        mail.outbox.clear()
        post_actor_edit(client, buyer, action="submit", name=NEW_NAME)
        to_moderator = [message for message in mail.outbox if moderator.email in message.to]
        assert to_moderator
        assert NEW_NAME in to_moderator[0].subject + to_moderator[0].body

        mail.outbox.clear()
        client.force_login(moderator)
        buyer.refresh_from_db()
        approve(client, buyer)
        assert [message for message in mail.outbox if contributor.email in message.to]

    def test_a_saved_draft_stays_private_too(self, client, contributor, fiche, buyer):
        client.force_login(contributor)
        response = post_actor_edit(client, buyer, name=NEW_NAME)
        assert response.status_code == 302
        client.logout()

        buyer.refresh_from_db()
        assert buyer.name == OLD_NAME
        assert buyer.latest_revision.content["name"] == NEW_NAME
        for output, text in contents(public_texts(client, fiche, buyer)).items():
            assert NEW_NAME not in text, output

    def test_a_contributor_cannot_approve(self, client, other_contributor, renamed):
        client.force_login(other_contributor)
        approve(client, renamed)
        renamed.refresh_from_db()
        assert renamed.name == OLD_NAME
        assert renamed.workflow_in_progress


class TestPublishing:
    def test_a_contributor_cannot_publish_an_actor(self, client, contributor, buyer):
        client.force_login(contributor)
        response = post_actor_edit(client, buyer, action="publish", name=NEW_NAME)

        # Without the permission, Wagtail saves a draft instead of publishing.
        assert response.status_code == 302
        buyer.refresh_from_db()
        assert buyer.name == OLD_NAME
        assert buyer.latest_revision.content["name"] == NEW_NAME
        assert not contributor.has_perm("fiches.publish_buyer")
        content = client.get(snippet_url(Buyer, "edit", buyer.pk)).content.decode()
        assert 'name="action-publish"' not in content
        assert 'name="action-submit"' in content

    @pytest.mark.parametrize("model_name", ["buyer", "essstructure", "operator"])
    def test_moderators_publish_every_kind_of_actor(self, contributor, moderator, model_name):
        assert moderator.has_perm(f"fiches.publish_{model_name}")
        assert not contributor.has_perm(f"fiches.publish_{model_name}")

    def test_a_moderator_publishes_at_once(self, client, moderator, fiche, buyer):
        client.force_login(moderator)
        response = post_actor_edit(client, buyer, action="publish", name=NEW_NAME)
        assert response.status_code == 302
        buyer.refresh_from_db()
        assert buyer.name == NEW_NAME
        assert buyer.live_revision == buyer.latest_revision


class TestNewActor:
    @pytest.fixture
    def created(self, client, contributor, fiche):
        """A buyer added by the contributor, linked to the published fiche behind the admin's
        back (as a moderator publishing the fiche would), and submitted for review."""
        client.force_login(contributor)
        response = client.post(
            snippet_url(Buyer, "add") + "?locale=fr",
            {"name": "Commune nouvelle", "slug": "", "buyer_type": "commune", "siret": ""},
        )
        assert response.status_code == 302
        buyer = Buyer.objects.get(name="Commune nouvelle")
        assert not buyer.live
        FicheBuyer.objects.create(
            fiche=fiche, actor=buyer, presentation="Présentation du brouillon"
        )
        response = post_actor_edit(client, buyer, action="submit")
        assert response.status_code == 302
        client.logout()
        return buyer

    def test_it_is_not_public_until_approved(self, client, fiche, created):
        assert client.get(created.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v2/buyers/{created.pk}/", HTTP_HOST="localhost").status_code == 404
        responses = public_texts(client, fiche, created)
        del responses["actor page"], responses["API actor"]
        for output, text in contents(responses).items():
            assert "Commune nouvelle" not in text, output
            assert "Présentation du brouillon" not in text, output
        widget = client.get(reverse("widget_fiches"), {"actor": f"acheteurs:{created.slug}"})
        assert widget.status_code == 400
        assert "Acteur inconnu" in widget.content.decode()

    def test_approval_makes_it_public(self, client, moderator, fiche, created):
        client.force_login(moderator)
        approve(client, created)
        client.logout()

        created.refresh_from_db()
        assert created.live
        assert "Commune nouvelle" in client.get(created.get_absolute_url()).content.decode()
        assert "Commune nouvelle" in client.get(fiche.url).content.decode()


class TestNewAuthor:
    def test_a_fiche_does_not_name_an_author_awaiting_moderation(self, client, fiche):
        author = factories.OperatorFactory(name="Réseau pas encore validé", live=False)
        FichePage.objects.filter(pk=fiche.pk).update(author=author)
        fiche.refresh_from_db()

        responses = public_texts(client, fiche, fiche.buyer_links.get().actor)
        responses["JSON export"] = client.get("/api/v2/exports/fiches.json", HTTP_HOST="localhost")
        for output, text in contents(responses).items():
            assert "Réseau pas encore validé" not in text, output
        assert client.get(author.get_absolute_url()).status_code == 404

        author.live = True
        author.save()
        fiche_page = client.get(fiche.url).content.decode()
        assert "Réseau pas encore validé" in fiche_page


class TestDashboard:
    def test_moderators_see_the_actor_changes_waiting(self, client, moderator, renamed):
        client.force_login(moderator)
        response = client.get(reverse("wagtailadmin_home"))

        assert response.status_code == 200
        content = response.content.decode()
        queue = content.split('id="actors-review-queue-content"')[1].split("</table>")[0]
        assert NEW_NAME in queue
        assert snippet_url(Buyer, "edit", renamed.pk) in queue
        assert "Acheteur public" in queue

    def test_the_queue_stops_at_review(self, client, moderator, renamed):
        assert [state.object_id for state in selectors.actors_awaiting_review()] == [
            str(renamed.pk)
        ]
        client.force_login(moderator)
        approve(client, renamed)
        assert list(selectors.actors_awaiting_review()) == []

    @pytest.mark.parametrize("count", [2, 12])
    def test_the_queue_costs_one_query(self, django_assert_num_queries, contributor, count):
        selectors.actors_awaiting_review()  # the content types, cached once per process
        for _ in range(count):
            actor = factories.ESSStructureFactory()
            actor.save_revision(user=contributor)
            actor.get_workflow().start(actor, contributor)
        with django_assert_num_queries(1):
            names = [
                state.current_task_state.revision.object_str
                for state in selectors.actors_awaiting_review()
            ]
        assert len(names) == count
