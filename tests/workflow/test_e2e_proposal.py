"""End to end in Chromium: an anonymous visitor proposes a case through « Proposer un retour
d'expérience » (with a photo), and a moderator finds it in the dashboard's « Propositions
reçues » and opens the draft fiche. Run with E2E=1 on PostgreSQL (tests/workflow/conftest.py)."""

import os
import re

import pytest
from django.urls import reverse

from fiches import factories
from fiches.models import Proposal
from tests.helpers import log_in, make_user, png_bytes

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("E2E"), reason="set E2E=1 to run the browser tests"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Collecte des biodéchets confiée à une SCIC"


def test_an_anonymous_visitor_proposes_and_a_moderator_finds_it(
    browser, live_server, home, settings
):
    settings.PROPOSAL_MIN_SECONDS = 1
    moderator = make_user("mona", "Modérateurs")
    factories.FicheIndexPageFactory(parent=home)

    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(live_server.url + "/fr/")
    page.get_by_role("link", name="Proposer un retour d'expérience").first.click()
    page.wait_for_url(live_server.url + reverse("propose"))

    page.check("input[name=role][value=structure_ess]")
    page.get_by_label("Votre organisation").fill("SCIC Les Composteurs")
    page.get_by_label("Vos nom et prénom").fill("Yann Proposant")
    page.get_by_label("Votre adresse e-mail").fill("yann@example.org")
    page.get_by_label("Titre du retour d'expérience").fill(TITLE)
    page.get_by_role("textbox", name="Acheteur public").fill("Brest métropole")
    page.get_by_label("Structure de l'ESS titulaire").fill("SCIC Les Composteurs")
    page.get_by_label("Région d'exécution").select_option(label="Bretagne")
    page.get_by_label("Nature du marché").select_option("services")
    page.get_by_label("Clause sociale d'insertion").check()
    page.get_by_label("Année d'attribution").fill("2022")
    page.get_by_label("Montant HT (€)").fill("85 000")
    page.get_by_label("Votre récit").fill(
        "La métropole a confié la collecte des biodéchets des marchés à une SCIC locale, "
        "avec une clause sociale : quatre salariés en insertion y travaillent."
    )
    page.set_input_files(
        "#id_images", {"name": "collecte.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.get_by_label(re.compile("J'accepte que mes coordonnées")).check()
    page.wait_for_timeout(1200)  # a person takes longer than PROPOSAL_MIN_SECONDS
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.wait_for_url(live_server.url + reverse("propose_thanks"))
    assert page.get_by_role("heading", name="Merci pour votre proposition").is_visible()
    context.close()

    proposal = Proposal.objects.get()
    assert proposal.fiche.title == TITLE
    assert not proposal.fiche.live
    assert proposal.images.count() == 1

    page = log_in(browser, live_server, moderator)
    panel = page.locator("#fiches-proposals-content")
    assert panel.get_by_text("yann@example.org").is_visible()
    panel.get_by_role("link", name=TITLE).click()
    page.wait_for_url(
        live_server.url + reverse("wagtailadmin_pages:edit", args=[proposal.fiche_id])
    )
    assert page.locator("#id_title").input_value() == TITLE
