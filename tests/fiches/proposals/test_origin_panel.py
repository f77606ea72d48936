"""The « Origine de la fiche » panel of the fiche edit page (``fiches.editorial.panels``,
read by ``fiches.selectors.origin``): the proposal a fiche comes from (the proposer's contact
for moderators only, or when it was deleted, the story, the files, the e-mails sent), the DECP
record it was started from with a link to it in « À documenter », the origin of the original
shown on its translation, constant queries, and nothing for an ordinary fiche."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from wagtail.models import Locale

from fiches import factories
from fiches.editorial.groups import CONTRIBUTORS_GROUP
from fiches.models import Proposal
from fiches.selectors.origin import fiche_origin
from tests.helpers import assert_same_queries, make_user, small_image

SUBMITTED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def edit_page(client, page):
    response = client.get(edit_url(page))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def origin_panel(html):
    """The panel's markup in the edit page (``""`` when it is absent)."""
    found = re.search(r"<div[^>]* data-fiche-origin>.*?</div>", html)
    return found.group(0) if found else ""


@pytest.fixture
def draft(index):
    """A proposal's draft fiche, owned by nobody, as ``fiches.proposals.services`` makes it."""
    return factories.FichePageFactory(
        parent=index, title="Espaces verts réservés", publish=False, owner=None
    )


@pytest.fixture
def proposal(draft):
    return factories.ProposalFactory(
        fiche=draft,
        contact_name="Zoé Proposante",
        contact_email="zoe.proposante@example.org",
        story="Première ligne <b>du récit</b>.\nDeuxième ligne.",
        submitted_at=SUBMITTED,
        acknowledged_at=SUBMITTED + timedelta(minutes=1),
    )


@pytest.mark.django_db
class TestProposal:
    def test_the_moderator_reads_the_proposal_as_it_was_sent(self, client, moderator, proposal):
        client.force_login(moderator)
        html = edit_page(client, proposal.fiche)
        assert "Origine de la fiche" in html and "data-fiche-origin" in html
        assert "Un acheteur public" in html
        assert "Mairie de Plouzané" in html and "Zoé Proposante" in html
        assert '<a href="mailto:zoe.proposante@example.org">zoe.proposante@example.org</a>' in html
        assert "02 98 00 00 00" in html
        # Kept for PROPOSAL_CONTACT_RETENTION_DAYS (365) after the proposal.
        assert "Coordonnées conservées jusqu'au 2 mars 2027" in html
        # The story as written: its lines, its markup escaped.
        assert "<p>Première ligne &lt;b&gt;du récit&lt;/b&gt;.<br>Deuxième ligne.</p>" in html
        assert "2 mars 2026" in html  # submitted, acknowledged
        assert html.count("non envoyé") == 1  # no publication e-mail yet
        assert "Aucun fichier" in html
        assert "data-origin-decp" not in html

    @override_settings(PROPOSAL_CONTACT_RETENTION_DAYS=30)
    def test_the_kept_until_date_follows_the_retention_setting(self, proposal):
        assert proposal.contact_kept_until == SUBMITTED + timedelta(days=30)
        assert list(Proposal.objects.contact_expired(now=SUBMITTED + timedelta(days=29))) == []
        assert list(Proposal.objects.contact_expired(now=proposal.contact_kept_until)) == [proposal]

    def test_a_purged_contact_says_when_it_was_deleted(self, client, moderator, proposal):
        Proposal.objects.filter(pk=proposal.pk).update(
            organisation="",
            contact_name="",
            contact_email="",
            contact_phone="",
            contact_purged_at=datetime(2027, 3, 3, 4, 0, tzinfo=UTC),
        )
        client.force_login(moderator)
        html = origin_panel(edit_page(client, proposal.fiche))
        assert "Coordonnées effacées le 3 mars 2027" in html
        assert "mailto:" not in html and "conservées jusqu" not in html
        assert "Première ligne" in html  # the case itself stays

    def test_the_files_sent_link_to_their_admin_pages(self, client, moderator, proposal):
        image = small_image("Photo du chantier")
        document = factories.DocumentFactory(title="Rapport d'activité")
        proposal.images.set([image])
        proposal.documents.set([document])
        Proposal.objects.filter(pk=proposal.pk).update(
            publication_notified_at=SUBMITTED + timedelta(days=20)
        )
        client.force_login(moderator)
        html = edit_page(client, proposal.fiche)
        image_url = reverse("wagtailimages:edit", args=[image.pk])
        document_url = reverse("wagtaildocs:edit", args=[document.pk])
        assert f'<a href="{image_url}">Photo du chantier</a>' in html
        assert f'<a href="{document_url}">Rapport d&#x27;activité</a>' in html
        assert f'<a href="{document.url}">fichier</a>' in html
        assert "22 mars 2026" in html and "non envoyé" not in html

    def test_the_query_count_does_not_grow_with_the_files(
        self, proposal, django_assert_num_queries
    ):
        def count():
            with CaptureQueriesContext(connection) as queries:
                origin = fiche_origin(proposal.fiche)
            with django_assert_num_queries(0):  # the files come prefetched
                files = [*origin.proposal.images.all(), *origin.proposal.documents.all()]
            return [query["sql"] for query in queries.captured_queries], len(files)

        proposal.images.set([small_image("Photo 1")])
        proposal.documents.set([factories.DocumentFactory()])
        small, small_files = count()
        proposal.images.set([small_image(f"Photo {n}") for n in range(3)])
        proposal.documents.set([factories.DocumentFactory() for _n in range(3)])
        large, large_files = count()
        assert (small_files, large_files) == (2, 6)
        assert_same_queries(small, large)
        assert len(small) == 4  # the proposal, its images, its documents, the DECP record

    def test_the_edit_page_makes_the_same_queries_with_1_or_3_files(
        self, client, moderator, proposal
    ):
        def count():
            client.get(edit_url(proposal.fiche))
            with CaptureQueriesContext(connection) as queries:
                assert client.get(edit_url(proposal.fiche)).status_code == 200
            return [query["sql"] for query in queries.captured_queries]

        client.force_login(moderator)
        proposal.images.set([small_image("Photo 1")])
        proposal.documents.set([factories.DocumentFactory()])
        small = count()
        proposal.images.set([small_image(f"Photo {n}") for n in range(3)])
        proposal.documents.set([factories.DocumentFactory() for _n in range(3)])
        assert_same_queries(small, count())


@pytest.mark.django_db
class TestPrivacy:
    def test_a_contributor_who_does_not_own_the_draft_gets_no_access(self, client, proposal):
        client.force_login(make_user("carla", CONTRIBUTORS_GROUP))
        response = client.get(edit_url(proposal.fiche))
        assert response.status_code in (302, 403)
        assert "zoe.proposante" not in response.content.decode()
        followed = client.get(edit_url(proposal.fiche), follow=True)
        assert "zoe.proposante" not in followed.content.decode()

    def test_an_editor_who_is_not_a_moderator_sees_the_case_but_not_the_contact(
        self, client, proposal
    ):
        owner = make_user("carla", CONTRIBUTORS_GROUP)
        proposal.fiche.owner = owner
        proposal.fiche.save(update_fields=["owner"])
        client.force_login(owner)
        html = edit_page(client, proposal.fiche)
        assert "Première ligne" in html and "Un acheteur public" in html
        assert "Réservées aux modérateurs." in html
        for private in ("zoe.proposante", "Zoé Proposante", "Mairie de Plouzané", "02 98 00"):
            assert private not in html

    def test_a_superuser_sees_the_contact(self, client, proposal):
        admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
        client.force_login(admin)
        assert "zoe.proposante@example.org" in edit_page(client, proposal.fiche)


@pytest.mark.django_db
class TestDecp:
    def test_a_fiche_started_from_a_record_links_to_it(self, client, moderator, draft):
        candidate = factories.DecpCandidateFactory(
            fiche=draft,
            decp_id="ABC-2024/17",
            buyer_siret="21350238800019",
            holder_sirets=["41234567800011", "49876543200022"],
            kind="concession",
        )
        client.force_login(moderator)
        html = edit_page(client, draft)
        assert "Préparée à partir d'un contrat des DECP" in html
        assert "ABC-2024/17" in html and "Contrat de concession" in html
        assert "41234567800011" in html and "49876543200022" in html
        assert "21350238800019" in html
        url = (
            reverse("fiches_decp_candidates") + f"?decp=ABC-2024%2F17#decp-candidate-{candidate.pk}"
        )
        assert f'href="{url}"' in html
        assert "data-origin-proposal" not in html
        # The link leads to that contract's row.
        listing = client.get(url.split("#")[0])
        assert [row["candidate"] for row in listing.context["rows"]] == [candidate]
        assert f'id="decp-candidate-{candidate.pk}"' in listing.content.decode()

    def test_a_fiche_with_the_decp_id_and_the_buyer_documents_the_record(
        self, client, moderator, index
    ):
        buyer = factories.BuyerFactory(siret="21350238800019")
        fiche = factories.FichePageFactory(parent=index, decp_id="ABC-1", buyers=[buyer])
        factories.DecpCandidateFactory(decp_id="ABC-1", buyer_siret="29999999999999")
        client.force_login(moderator)
        # Another buyer's contract with the same id is not this fiche's.
        assert "data-fiche-origin" not in edit_page(client, fiche)
        factories.DecpCandidateFactory(decp_id="ABC-1", buyer_siret="21350238800019")
        html = edit_page(client, fiche)
        assert "Contrat des DECP documenté par cette fiche" in html and "ABC-1" in html

    def test_an_ordinary_fiche_has_no_origin_panel(self, client, moderator, fiche):
        client.force_login(moderator)
        html = edit_page(client, fiche)
        assert "data-fiche-origin" not in html and "Origine de la fiche" not in html
        assert not fiche_origin(fiche)

    def test_the_create_view_reads_no_origin(self, client, moderator, index):
        client.force_login(moderator)
        url = reverse("wagtailadmin_pages:add", args=["fiches", "fichepage", index.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert "data-fiche-origin" not in response.content.decode()


@pytest.mark.django_db
def test_a_translation_shows_the_origin_of_its_original(client, moderator, home, index, draft):
    factories.ProposalFactory(fiche=draft, contact_email="origine@example.org")
    candidate = factories.DecpCandidateFactory(fiche=draft)
    english = Locale.objects.get_or_create(language_code="en")[0]
    with TestCase.captureOnCommitCallbacks(execute=True):
        for page in (home, index):
            page.copy_for_translation(english).save_revision().publish()
        translation = draft.copy_for_translation(english)
    assert translation.locale == english and translation.pk != draft.pk
    client.force_login(moderator)
    html = edit_page(client, translation)
    assert "Cette fiche est une traduction : son origine est celle de la fiche originale." in html
    assert "origine@example.org" in html and candidate.decp_id in html
    assert "est une traduction" not in edit_page(client, draft)
