"""The public form « Proposer un retour d'expérience »: what a valid proposal creates (a draft
fiche and draft actors in the moderation queue, the private contact, the files, the
acknowledgement e-mail), and every abuse case answered with a French message and nothing
created: honeypot, too fast, expired token, rate limit, oversized upload, wrong file type,
missing consent, CSRF, bad values."""

import time
from html import unescape
from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from fiches.choices import NOT_STATED, AmountKind
from fiches.models import Buyer, ESSStructure, FichePage, Proposal
from fiches.proposals.forms import started_token
from tests.helpers import png_bytes


def nothing_created():
    return not Proposal.objects.exists() and not FichePage.objects.filter(live=False).exists()


def png(name="photo.png", content=None):
    return SimpleUploadedFile(name, content or png_bytes(), content_type="image/png")


def page_text(response):
    return unescape(response.content.decode())


class TestTheForm:
    def test_the_form_is_public_and_says_how_long_the_contact_is_kept(self, client, index):
        response = client.get("/fr/proposer/")
        assert response.status_code == 200
        text = page_text(response)
        assert 'name="csrfmiddlewaretoken"' in text
        assert 'name="website"' in text and 'name="started"' in text
        assert 'enctype="multipart/form-data"' in text
        assert "effacés automatiquement 365 jours après votre proposition" in text
        assert "no-cache" in response["Cache-Control"]

    def test_the_footer_and_the_catalogue_link_to_it(self, client, index):
        response = client.get(index.url)
        assert response.status_code == 200
        assert page_text(response).count('href="/fr/proposer/"') == 2

    def test_without_a_catalogue_the_form_is_closed(self, client, db):
        response = client.get("/fr/proposer/")
        assert response.status_code == 200
        assert "ne sont pas ouvertes" in page_text(response)


class TestAValidProposal:
    def test_creates_a_draft_fiche_in_the_moderation_queue(self, propose, proposal_data):
        response = propose(proposal_data)

        assert response.status_code == 302
        assert response["Location"] == reverse("propose_thanks")
        proposal = Proposal.objects.get()
        fiche = proposal.fiche
        assert not fiche.live
        assert fiche.owner is None
        assert fiche.title == proposal_data["title"]
        assert fiche.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
        assert fiche.current_workflow_state.requested_by is None
        assert fiche.nature == "services"
        assert fiche.procedure == NOT_STATED
        assert fiche.region.code == "53"
        assert fiche.main_cpv.code == "77310000-6"
        assert fiche.notification_date == "2023"
        assert fiche.amount_kind == AmountKind.ESTIMATED
        assert fiche.amount == 120000
        assert fiche.reserved and fiche.social_clause and not fiche.social_criterion
        assert [row.article for row in fiche.reserved_articles.all()] == ["L2113-12"]
        assert "six travailleurs" in str(fiche.body[0].value)
        assert fiche.chapo.startswith("La commune a réservé")
        # The proposer's contact is on the proposal only, never in the fiche's contact fields.
        assert (fiche.contact_name, fiche.contact_email, fiche.contact_is_public) == ("", "", False)
        assert proposal.contact_email == "zoe.proposante@example.org"
        assert proposal.role == "acheteur"
        assert proposal.consent_at is not None

    def test_creates_draft_actors_submitted_for_review(self, propose, proposal_data):
        propose(proposal_data)

        fiche = Proposal.objects.get().fiche
        buyer = fiche.buyer_links.get().actor
        supplier = fiche.supplier_links.get().actor
        assert (buyer.name, supplier.name) == ("Commune de Plouzané", "ESAT des Abers")
        for actor in (buyer, supplier):
            assert not actor.live
            assert actor.latest_revision is not None
            assert actor.workflow_in_progress
        assert buyer.buyer_type == NOT_STATED
        assert (supplier.family, supplier.esus) == (NOT_STATED, NOT_STATED)

    def test_an_existing_actor_of_the_same_name_is_reused(self, propose, proposal_data, fiche):
        existing = fiche.buyer_links.get().actor
        propose({**proposal_data, "buyer_name": existing.name.upper()})

        proposed = Proposal.objects.get().fiche
        assert proposed.buyer_links.get().actor == existing
        assert Buyer.objects.filter(name__iexact=existing.name).count() == 1

    def test_unknown_facts_stay_not_stated(self, propose, proposal_data):
        data = {**proposal_data, "region": "", "cpv": "", "year": "", "amount": ""}
        data.pop("levers")
        data["reserved_article"] = ""
        assert propose(data).status_code == 302

        fiche = Proposal.objects.get().fiche
        assert fiche.region is None and fiche.main_cpv is None
        assert fiche.notification_date is None
        assert fiche.amount_kind == AmountKind.UNKNOWN and fiche.amount is None
        assert fiche.levers == []

    def test_the_story_is_kept_as_text(self, propose, proposal_data):
        story = proposal_data["story"] + "\n\n<script>alert(1)</script> <b>fin</b>"
        assert propose({**proposal_data, "story": story}).status_code == 302

        source = Proposal.objects.get().fiche.body[0].value.source
        assert "<script>" not in source and "<b>" not in source
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;fin&lt;/b&gt;" in source
        assert source.count("<p>") == 2

    def test_sends_the_acknowledgement(self, propose, proposal_data):
        mail.outbox.clear()
        propose(proposal_data)

        [message] = [m for m in mail.outbox if "zoe.proposante@example.org" in m.to]
        assert "bien reçu" in message.subject
        assert proposal_data["title"] in message.body
        assert "365 jours" in message.body
        assert Proposal.objects.get().acknowledged_at is not None

    def test_stores_the_files_in_the_proposals_collection(self, propose, proposal_data):
        document = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4\n%test\n", "application/pdf")
        response = propose(proposal_data, images=[png()], documents=[document])

        assert response.status_code == 302
        proposal = Proposal.objects.get()
        [image] = proposal.images.all()
        [stored] = proposal.documents.all()
        assert image.collection.name == stored.collection.name == "Propositions reçues"
        assert (image.title, stored.title) == ("photo", "rapport")
        # A document that no public content uses is not served to visitors.
        assert Client().get(stored.url).status_code == 404

    def test_a_failing_mail_server_keeps_the_proposal(self, propose, proposal_data):
        with mock.patch("fiches.proposals.emails.send_mail", side_effect=OSError("SMTP down")):
            response = propose(proposal_data)

        assert response.status_code == 302
        proposal = Proposal.objects.get()
        assert proposal.acknowledged_at is None
        assert not proposal.fiche.live

    def test_the_form_in_english(self, client, index):
        response = client.get("/en/proposer/")
        assert response.status_code == 200
        assert 'action="/en/proposer/"' in page_text(response)

    def test_the_thanks_page(self, client, db):
        response = client.get(reverse("propose_thanks"))
        assert response.status_code == 200
        assert "Merci pour votre proposition" in page_text(response)


class TestAbuse:
    def test_a_filled_honeypot_is_answered_as_accepted_and_dropped(self, propose, proposal_data):
        mail.outbox.clear()
        response = propose({**proposal_data, "website": "http://spam.example"})

        assert response.status_code == 302
        assert nothing_created()
        assert mail.outbox == []

    def test_a_form_sent_too_fast_is_refused(self, propose, proposal_data):
        response = propose({**proposal_data, "started": started_token(time.time() - 1)})

        assert response.status_code == 400
        assert "envoyé trop vite" in page_text(response)
        assert nothing_created()
        # The form shown again is timed from now: the visitor can send it after a while.
        assert 'name="started"' in page_text(response)

    @pytest.mark.parametrize(
        "token",
        ["", "forged", started_token(time.time() - 3 * 24 * 3600)],
        ids=["missing", "forged", "expired"],
    )
    def test_a_missing_forged_or_expired_token_is_refused(self, propose, proposal_data, token):
        response = propose({**proposal_data, "started": token})

        assert response.status_code == 400
        assert "Le formulaire a expiré" in page_text(response)
        assert nothing_created()

    @override_settings(PROPOSAL_RATE_LIMIT=2)
    def test_the_rate_limit_per_address(self, client, proposal_data):
        first = client.post(reverse("propose"), {**proposal_data, "title": "Premier cas"})
        second = client.post(reverse("propose"), {**proposal_data, "consent": ""})
        third = client.post(reverse("propose"), {**proposal_data, "title": "Troisième cas"})

        assert (first.status_code, second.status_code, third.status_code) == (302, 400, 429)
        assert third["Retry-After"] == "3600"
        assert "Trop de propositions" in page_text(third)
        assert list(Proposal.objects.values_list("fiche__title", flat=True)) == ["Premier cas"]
        # Another address is not limited.
        other = client.post(
            reverse("propose"), {**proposal_data, "title": "Ailleurs"}, REMOTE_ADDR="10.0.0.9"
        )
        assert other.status_code == 302

    def test_the_consent_is_required(self, propose, proposal_data):
        response = propose({**proposal_data, "consent": ""})

        assert response.status_code == 400
        assert "Cochez la case du consentement" in page_text(response)
        assert nothing_created()

    @override_settings(PROPOSAL_MAX_UPLOAD_BYTES=1024)
    def test_an_oversized_upload_is_refused(self, propose, proposal_data):
        big = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4\n" + b"x" * 2048, "application/pdf")
        response = propose(proposal_data, documents=[big])

        assert response.status_code == 400
        assert "« rapport.pdf » est trop lourd" in page_text(response)
        assert nothing_created()

    @pytest.mark.parametrize(
        ("field", "upload", "message"),
        [
            ("documents", ("virus.exe", b"MZ\x90\x00"), "ce type de fichier n'est pas accepté"),
            ("documents", ("rapport.pdf", b"MZ\x90\x00 not a pdf"), "ne correspond pas"),
            ("documents", ("notes.txt", b"\x00\x01\x02binary"), "ne correspond pas"),
            ("images", ("photo.png", b"not an image at all"), "« photo.png »"),
            ("images", ("photo.svg", b"<svg></svg>"), "« photo.svg »"),
        ],
        ids=["extension", "pdf-content", "text-content", "image-content", "image-extension"],
    )
    def test_a_wrong_file_type_is_refused(self, propose, proposal_data, field, upload, message):
        name, content = upload
        response = propose(proposal_data, **{field: [SimpleUploadedFile(name, content)]})

        assert response.status_code == 400
        assert message in page_text(response)
        assert nothing_created()

    @override_settings(PROPOSAL_MAX_FILES=1)
    def test_too_many_files_are_refused(self, propose, proposal_data):
        response = propose(proposal_data, images=[png("a.png"), png("b.png")])

        assert response.status_code == 400
        assert "au plus 1 fichier" in page_text(response)
        assert nothing_created()

    def test_the_form_needs_its_csrf_token(self, proposal_data):
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("propose"), proposal_data)

        assert response.status_code == 403
        assert nothing_created()

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"amount": "douze mille"}, "douze mille"),
            ({"amount": "-5"}, "0"),
            ({"cpv": "12"}, "n'est pas un code CPV"),
            ({"cpv": "99999999"}, "n'existe pas dans la nomenclature"),
            ({"year": "1850"}, "Indiquez une année entre 1990"),
            ({"year": "deux mille"}, "Année d'attribution"),
            ({"region": "zz"}, "Région d'exécution"),
            ({"nature": "autre"}, "Nature du marché"),
            ({"role": ""}, "Vous êtes"),
            ({"contact_email": "pas-une-adresse"}, "Votre adresse e-mail"),
            ({"story": "Trop court."}, "Votre récit"),
            ({"story": "x" * 6000}, "Votre récit"),
            ({"title": "Nul\x00octet"}, "Titre du retour"),
            ({"levers": ["clause_sociale"]}, "cochez aussi le levier"),
        ],
    )
    def test_bad_values_get_a_message_and_change_nothing(
        self, propose, proposal_data, changes, message
    ):
        response = propose({**proposal_data, **changes})

        assert response.status_code == 400
        assert message in page_text(response)
        assert nothing_created()

    def test_a_proposal_without_catalogue_changes_nothing(self, client, proposal_data, index):
        Page.objects.get(pk=index.pk).delete()
        response = client.post(reverse("propose"), proposal_data)

        assert response.status_code == 503
        assert "ne sont pas ouvertes" in page_text(response)
        assert not Proposal.objects.exists()
        assert not ESSStructure.objects.filter(name="ESAT des Abers").exists()


def test_a_concurrent_write_asks_to_send_again(propose, proposal_data):
    with mock.patch(
        "fiches.proposals.services._draft_fiche", side_effect=IntegrityError("slug taken")
    ):
        response = propose(proposal_data)

    assert response.status_code == 400
    assert "n'a pas pu être enregistrée" in page_text(response)
    assert not Proposal.objects.exists()
    assert not ESSStructure.objects.filter(name="ESAT des Abers").exists()
