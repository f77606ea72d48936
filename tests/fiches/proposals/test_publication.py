"""What a proposal leaves public: nothing before a moderator publishes it (catalogue, API,
sitemap, search, actor pages, exports, feeds), then the fiche without the proposer's contact
anywhere (page, API, exports); the proposer gets the link once, by e-mail."""

import pytest
from django.core import mail
from django.urls import reverse

from fiches.models import Proposal
from tests import search_index

HOST = {"HTTP_HOST": "localhost"}
TITLE = "Espaces verts réservés à un ESAT à Plouzané"
PRIVATE = ("zoe.proposante@example.org", "Zoé Proposante", "Mairie de Plouzané", "02 98 00 00 00")


def body(response):
    assert response.status_code == 200, response
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def public_outputs(client, fiche=None):
    """The text of every public door that lists fiches or actors."""
    urls = [
        fiche.get_parent().url,
        "/api/v2/pages/?type=fiches.FichePage&fields=*",
        "/api/v2/buyers/",
        "/api/v2/ess-structures/",
        "/sitemap.xml",
        reverse("site_search") + "?q=Plouzané",
        reverse("actor_directory"),
        "/api/v2/exports/fiches.csv",
        "/api/v2/exports/fiches.json",
        "/fr/flux/fiches/rss/",
    ]
    return {url: body(client.get(url, **HOST)) for url in urls}


@pytest.fixture
def proposed(propose, proposal_data):
    assert propose(proposal_data).status_code == 302
    return Proposal.objects.select_related("fiche").get()


@pytest.fixture
def published(client, proposed, moderator, django_capture_on_commit_callbacks):
    """The proposal approved by a moderator (mailbox emptied first)."""
    fiche = proposed.fiche
    mail.outbox.clear()
    client.force_login(moderator)
    state = fiche.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[fiche.pk, "approve", state.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"comment": ""}).status_code == 302
    client.logout()
    fiche.refresh_from_db()
    assert fiche.live
    return fiche


def test_nothing_proposed_is_public_before_moderation(client, proposed):
    fiche = proposed.fiche
    search_index.flush()
    for url, text in public_outputs(client, fiche).items():
        assert TITLE not in text, url
        assert "ESAT des Abers" not in text, url
        assert "Commune de Plouzané" not in text, url
    assert client.get(fiche.url or f"/fr/{fiche.slug}/").status_code == 404
    assert client.get(f"/api/v2/pages/{fiche.pk}/", **HOST).status_code == 404
    supplier = fiche.supplier_links.get().actor
    assert client.get(supplier.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v2/ess-structures/{supplier.pk}/", **HOST).status_code == 404


def test_the_published_fiche_never_shows_the_proposer(client, published):
    page = body(client.get(published.url))
    api = body(client.get(f"/api/v2/pages/{published.pk}/", **HOST))
    outputs = {"page": page, "API": api, **public_outputs(client, published)}
    assert TITLE in page and TITLE in api
    for output, text in outputs.items():
        for private in PRIVATE:
            assert private not in text, (output, private)


def test_the_draft_actors_stay_hidden_until_approved(client, published):
    # The fiche is public; the actors the proposal created still wait for their review.
    supplier = published.supplier_links.get().actor
    assert not supplier.live
    assert client.get(supplier.get_absolute_url()).status_code == 404
    assert "ESAT des Abers" not in body(client.get("/api/v2/ess-structures/", **HOST))


def test_the_proposer_gets_the_link_once(client, published, moderator):
    [message] = [m for m in mail.outbox if "zoe.proposante@example.org" in m.to]
    assert "publié" in message.subject
    assert published.get_full_url() in message.body
    assert Proposal.objects.get().publication_notified_at is not None

    # Publishing again (a correction) sends nothing more.
    mail.outbox.clear()
    published.save_revision(user=moderator).publish(user=moderator)
    assert [m for m in mail.outbox if "zoe.proposante@example.org" in m.to] == []


def test_no_publication_mail_once_the_contact_is_purged(
    client, proposed, moderator, django_capture_on_commit_callbacks
):
    Proposal.objects.update(contact_email="", contact_purged_at=proposed.submitted_at)
    mail.outbox.clear()
    fiche = proposed.fiche
    with django_capture_on_commit_callbacks(execute=True):
        fiche.get_latest_revision().publish(user=moderator)
    fiche.refresh_from_db()
    assert fiche.live
    assert [m for m in mail.outbox if "zoe.proposante@example.org" in m.to] == []
