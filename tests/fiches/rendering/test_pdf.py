"""« Télécharger la fiche en PDF »: the file opens, says what the fiche says (French characters
included), follows republication, is cached, and costs a constant number of queries."""

import io

import pytest
from django.core.cache import cache
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from fiches import factories
from fiches.choices import MEMBER_KINDS, BuyerRole, Groupement, ReservedArticle
from fiches.rendering import pdf
from tests.helpers import assert_same_queries, rendered_query_count, small_image


def pdf_url(fiche):
    return f"{fiche.url}pdf/"


def pdf_text(response):
    """The text of every page of the PDF in ``response``, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


class TestDownload:
    def test_is_a_pdf_attachment_named_after_the_fiche(self, client, fiche):
        response = client.get(pdf_url(fiche))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{fiche.slug}.pdf"'
        assert response["Link"] == f'<http://testserver{fiche.url}>; rel="canonical"'
        assert response.content.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(response.content))
        assert reader.metadata.title == fiche.title

    def test_shows_the_fiche_its_technical_card_stakeholders_and_source(self, client, index):
        buyer = factories.BuyerFactory(name="Ville de Rennes", logo=small_image("Logo"))
        supplier = factories.ESSStructureFactory(name="Jardins du Breil")
        fiche = factories.FichePageFactory(
            parent=index,
            title="Entretien des parcs de Rennes",
            buyers=[(buyer, BuyerRole.BUYER, "La ville a réservé le marché.")],
            suppliers=[supplier],
            additional_cpvs=[factories.cpv("77211300-5")],
            criteria=(("Valeur technique", 60), ("Prix", 40)),
        )

        text = pdf_text(client.get(pdf_url(fiche)))

        for expected in (
            "Entretien des parcs de Rennes",
            fiche.chapo,
            "Caractéristiques techniques",
            "77310000-6",
            "Réalisation et entretien d'espaces verts",
            "77211300-5",
            "Procédure adaptée (MAPA)",
            "Marché réservé",
            "L2113-13",
            "3 500 heures",
            "Valeur technique — 60 %",
            "120 000 €",
            "36 mois",
            "Ille-et-Vilaine (35)",
            "Parties prenantes",
            "Ville de Rennes",
            "La ville a réservé le marché.",
            "Jardins du Breil",
            "Plus-value",
            "Heures d'insertion réalisées",
            "Enseignements",
            "Un sourcing préalable avec la CRESS.",
            "Le contexte",
            f"http://testserver{fiche.url}",
            "Page 1 sur",
            "Fiches REX",
        ):
            assert expected in text, f"{expected!r} is missing from the PDF"

    def test_french_typography_comes_out(self, client, index):
        title = "Cœur de ville : l’insertion « œuvre » pour 100 €"
        fiche = factories.FichePageFactory(parent=index, title=title)

        assert title in pdf_text(client.get(pdf_url(fiche)))

    def test_the_contact_only_when_it_is_public(self, client, index):
        private = factories.FichePageFactory(
            parent=index, contact_name="Odile Lebrun", contact_email="odile@example.org"
        )
        public = factories.FichePageFactory(
            parent=index,
            contact_name="Paul Durand",
            contact_email="paul@example.org",
            contact_is_public=True,
        )

        assert "Odile" not in pdf_text(client.get(pdf_url(private)))
        text = pdf_text(client.get(pdf_url(public)))
        assert "Paul Durand" in text
        assert "paul@example.org" in text

    def test_markup_in_the_text_is_printed_as_text(self, client, index):
        fiche = factories.FichePageFactory(
            parent=index, title="Achats <b>responsables</b> & solidaires"
        )
        response = client.get(pdf_url(fiche))
        assert response.status_code == 200
        assert "Achats <b>responsables</b> & solidaires" in pdf_text(response)


class TestNotFound:
    def test_drafts_unpublished_and_unknown_fiches_have_no_pdf(self, client, index):
        draft = factories.FichePageFactory(parent=index, publish=False)
        withdrawn = factories.FichePageFactory(parent=index)
        url = pdf_url(withdrawn)
        withdrawn.unpublish()

        assert client.get(f"/fr/fiches/{draft.slug}/pdf/").status_code == 404
        assert client.get(url).status_code == 404
        assert client.get("/fr/fiches/inconnue/pdf/").status_code == 404

    def test_unknown_sub_path_is_not_found(self, client, fiche):
        assert client.get(f"{fiche.url}autre/").status_code == 404

    def test_a_private_fiche_gives_no_pdf_to_visitors(self, client, fiche):
        PageViewRestriction.objects.create(page=fiche, restriction_type="login")

        response = client.get(pdf_url(fiche))

        assert response.status_code in (302, 404)
        assert not response.content.startswith(b"%PDF")


class TestRegeneration:
    def test_republishing_with_a_new_title_gives_a_new_pdf(self, client, fiche):
        assert fiche.title in pdf_text(client.get(pdf_url(fiche)))

        fiche.title = "Un titre tout neuf pour la fiche"
        fiche.save_revision().publish()

        text = pdf_text(client.get(pdf_url(fiche)))
        assert "Un titre tout neuf pour la fiche" in text

    def test_a_draft_change_does_not_reach_the_pdf(self, client, fiche):
        original = fiche.title
        fiche.title = "Titre en cours de rédaction"
        fiche.save_revision()

        text = pdf_text(client.get(pdf_url(fiche)))
        assert original in text
        assert "en cours de rédaction" not in text

    def test_is_built_once_then_served_from_the_cache(self, client, fiche, monkeypatch):
        calls = []
        render = pdf.render_fiche_pdf

        def counting(**kwargs):
            calls.append(1)
            return render(**kwargs)

        monkeypatch.setattr(pdf.response, "render_fiche_pdf", counting)

        first = client.get(pdf_url(fiche)).content
        second = client.get(pdf_url(fiche)).content

        assert len(calls) == 1
        assert first == second

    def test_the_link_gives_the_file_type_then_its_size(self, client, fiche):
        page = client.get(fiche.url).content.decode()
        assert f'href="{pdf_url(fiche)}"' in page
        assert "Télécharger la fiche en PDF" in page
        assert "(PDF)" in page

        size = len(client.get(pdf_url(fiche)).content)

        page = client.get(fiche.url).content.decode()
        with translation.override("fr"):
            assert f"(PDF, {filesizeformat(size)})" in page


class TestQueryCount:
    def test_does_not_query_per_stakeholder_criterion_or_code(self, client, index):
        def fiche(size):
            return factories.FichePageFactory(
                parent=index,
                hero_image=small_image(),
                themes=[factories.ThemeFactory(name="Espaces verts")],
                buyers=[factories.BuyerFactory(logo=small_image()) for _ in range(size)],
                suppliers=[factories.ESSStructureFactory(logo=small_image()) for _ in range(size)],
                operators=[factories.OperatorFactory() for _ in range(size)],
                criteria=[(f"Critère {n}", None) for n in range(size)],
                indicators=[(f"Indicateur {n}", n, "h", "2024", "") for n in range(size)],
                reserved_articles=ReservedArticle.values[: min(size, 4)],
                groupement=Groupement.SEVERAL,
                groupement_lead_unknown=True,
                unnamed_members=[(kind, 1, "") for kind, _label in MEMBER_KINDS[:size]],
                additional_cpvs=[factories.cpv(f"7731{size:02d}{n:02d}-1") for n in range(size)],
            )

        small, large = fiche(2), fiche(12)

        # rendered_query_count clears the cache before counting: the PDF is built again.
        assert_same_queries(
            rendered_query_count(client, pdf_url(small)),
            rendered_query_count(client, pdf_url(large)),
        )


def test_the_admin_preview_still_shows_the_fiche_page(fiche, admin_user, rf):
    # FichePage routes sub-URLs (RoutablePageMixin): its preview must stay the fiche itself.
    original = rf.get("/admin/")
    original.user = admin_user
    fiche.title = "Titre modifié en aperçu"

    response = fiche.make_preview_request(original, fiche.default_preview_mode)

    assert response.status_code == 200
    assert "Titre modifié en aperçu" in response.render().content.decode()
