"""Creating an actor from the chooser of the fiche form (the « Créer » tab): a contributor's
actor is a draft submitted for review, hidden from the public until approved; a moderator's is
published at once; the form says what is wrong in French."""

import json

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from fiches.choices import BuyerType, ESSFamily, ESUSStatus
from fiches.models import Buyer, ESSStructure, Region

NAME = "Département de la Vendée"


def chooser_url(model, view):
    return reverse(f"wagtailsnippetchoosers_fiches_{model._meta.model_name}:{view}")


def create(client, model, **data):
    response = client.post(chooser_url(model, "create"), data)
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def pays_de_la_loire(db):
    return Region.objects.get(code="52")


def test_the_chooser_has_a_creation_tab(client, contributor):
    client.force_login(contributor)
    response = client.get(chooser_url(Buyer, "choose"))
    html = response.json()["html"]
    assert "data-chooser-modal-creation-form" in html
    assert "Créer et choisir" in html
    assert 'name="buyer_type"' in html


def test_a_contributor_creates_a_draft_submitted_for_review(
    client, contributor, moderator, pays_de_la_loire
):
    client.force_login(contributor)
    mail.outbox.clear()
    payload = create(
        client, Buyer, name=NAME, buyer_type=BuyerType.DEPARTMENT, region=pays_de_la_loire.pk
    )

    assert payload["step"] == "chosen"
    buyer = Buyer.objects.get(name=NAME)
    assert str(buyer.pk) == str(payload["result"]["id"])
    assert buyer.slug == "departement-de-la-vendee"
    assert buyer.live is False
    assert buyer.latest_revision is not None
    assert buyer.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert any(moderator.email in message.to for message in mail.outbox)
    # Hidden from the public until approved.
    assert client.get(buyer.get_absolute_url()).status_code == 404
    api = client.get("/api/v2/buyers/", HTTP_HOST="localhost").json()
    assert NAME not in json.dumps(api, ensure_ascii=False)


def test_a_moderator_creates_a_published_actor(client, moderator, pays_de_la_loire):
    client.force_login(moderator)
    create(
        client,
        ESSStructure,
        name="ADAPEI-ARIA 85",
        family=ESSFamily.ASSOCIATION,
        esus=ESUSStatus.NOT_STATED,
    )
    structure = ESSStructure.objects.get(name="ADAPEI-ARIA 85")
    assert structure.live is True
    assert structure.has_unpublished_changes is False
    assert not structure.workflow_in_progress


def test_errors_are_shown_in_french(client, contributor):
    client.force_login(contributor)
    payload = create(client, Buyer, name="", buyer_type="")
    assert payload["step"] == "reshow_creation_form"
    assert "Ce champ est obligatoire" in payload["htmlFragment"]
    assert not Buyer.objects.filter(name="").exists()


def test_a_taken_name_is_refused_with_a_message(client, contributor, fiche):
    taken = fiche.buyer_links.get().actor
    client.force_login(contributor)
    payload = create(client, Buyer, name=taken.name, buyer_type=BuyerType.DEPARTMENT)
    assert payload["step"] == "reshow_creation_form"
    assert "déjà pris" in payload["htmlFragment"]


def test_the_chooser_says_language_not_region(client, contributor, fiche):
    client.force_login(contributor)
    html = client.get(chooser_url(Buyer, "choose")).json()["html"]
    header = html.split("<thead>")[1].split("</thead>")[0]
    assert "Région" not in header
    assert "Langue" in header
    # The language filter is labelled too (Wagtail leaves it as « Locale »).
    assert ">Locale<" not in html.replace(" ", "").replace("\n", "")
