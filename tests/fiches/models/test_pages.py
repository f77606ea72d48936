"""The catalogue and fiche page types: tree rules, what their public pages show, query counts."""

import pytest
from django.utils.html import escape
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from fiches import factories
from fiches.choices import (
    MEMBER_KINDS,
    BuyerRole,
    Groupement,
    OperatorRole,
    ReservedArticle,
    SupplierRole,
)
from fiches.models import FicheIndexPage, FichePage
from home.models import ContentPage, HomePage
from tests.helpers import LEAN, assert_same_queries, assert_shows, rendered_query_count, small_image


class TestFichePageTree(WagtailPageTestCase):
    def test_the_catalogue_lives_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(FicheIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, FicheIndexPage)
        self.assertCanNotCreateAt(Page, FicheIndexPage)
        self.assertCanNotCreateAt(ContentPage, FicheIndexPage)

    def test_the_catalogue_holds_only_fiches(self):
        self.assertAllowedSubpageTypes(FicheIndexPage, {FichePage})

    def test_a_fiche_lives_only_in_the_catalogue_and_has_no_children(self):
        self.assertAllowedParentPageTypes(FichePage, {FicheIndexPage})
        self.assertCanNotCreateAt(HomePage, FichePage)
        self.assertCanNotCreateAt(ContentPage, FichePage)
        self.assertAllowedSubpageTypes(FichePage, set())

    def test_one_catalogue_per_home_page(self):
        home = Page.objects.get(depth=2).specific
        self.assertTrue(FicheIndexPage.can_create_at(home))
        factories.FicheIndexPageFactory(parent=home)
        self.assertFalse(FicheIndexPage.can_create_at(home))


class TestCatalogue:
    def test_lists_cards_with_title_chapo_and_region(self, client, index):
        fiche = factories.FichePageFactory(parent=index, chapo="Des repas bio pour 34 collèges.")

        response = client.get("/fr/fiches/")

        assert_shows(response, index.title, fiche.title, fiche.chapo, "Bretagne", fiche.url)

    def test_paginates(self, client, index, monkeypatch):
        monkeypatch.setattr(FicheIndexPage, "per_page", 2)
        oldest, middle, newest = (factories.FichePageFactory(parent=index) for _ in range(3))

        first = client.get("/fr/fiches/")
        second = client.get("/fr/fiches/", {"page": 2})

        assert_shows(first, newest.title, middle.title, "?page=2")
        assert oldest.title not in first.content.decode()
        assert_shows(second, oldest.title)
        assert newest.title not in second.content.decode()

    @pytest.mark.parametrize(("page_number", "shown"), [("999", "last"), ("abc", "first")])
    def test_a_bad_page_number_falls_back_instead_of_failing(
        self, client, index, monkeypatch, page_number, shown
    ):
        monkeypatch.setattr(FicheIndexPage, "per_page", 1)
        fiches = {"last": factories.FichePageFactory(parent=index)}
        fiches["first"] = factories.FichePageFactory(parent=index)

        response = client.get("/fr/fiches/", {"page": page_number})

        assert_shows(response, fiches[shown].title)

    def test_shows_only_published_fiches(self, client, index):
        draft = factories.FichePageFactory(parent=index, publish=False)
        withdrawn = factories.FichePageFactory(parent=index)
        withdrawn.unpublish()
        live = factories.FichePageFactory(parent=index)

        content = client.get("/fr/fiches/").content.decode()

        assert escape(live.title) in content
        assert escape(draft.title) not in content
        assert escape(withdrawn.title) not in content


class TestFichePage:
    def test_shows_identity_technical_card_stakeholders_impact_and_lessons(self, client, index):
        buyer = factories.BuyerFactory(name="Département de la Vendée")
        supplier = factories.ESSStructureFactory(name="ADAPEI-ARIA 85")
        operator = factories.OperatorFactory(name="CRESS Pays de la Loire")
        fiche = factories.FichePageFactory(
            parent=index,
            title="Des légumes bio préparés par un ESAT",
            chapo="Un marché réservé qui nourrit 34 collèges.",
            buyers=[(buyer, BuyerRole.COORDINATOR, "Il a porté le groupement.")],
            suppliers=[(supplier, SupplierRole.LEAD, "")],
            operators=[(operator, OperatorRole.MATCHMAKING, "")],
            criteria=[("Valeur technique", 55), ("Prix", 45)],
            indicators=[("Travailleurs handicapés", 10, "ETP", "2015-2021", "ESAT")],
        )

        response = client.get(fiche.url)

        assert_shows(
            response,
            "Des légumes bio préparés par un ESAT",
            "Un marché réservé qui nourrit 34 collèges.",
            "77310000-6",
            "Réalisation et entretien d'espaces verts",
            "Services",
            "Procédure adaptée (MAPA)",
            "Marché réservé",
            "L2113-13",
            "Clause sociale d'insertion",
            "L2112-2",
            "Valeur technique",
            "55\u00a0%",
            "45\u00a0%",
            "Département de la Vendée",
            "Coordonnateur d'un groupement de commandes",
            "Il a porté le groupement.",
            "ADAPEI-ARIA 85",
            "Mandataire d'un groupement",
            "CRESS Pays de la Loire",
            "Mise en relation et sourcing",
            "Travailleurs handicapés",
            "ETP",
            "2015-2021",
            "Un sourcing préalable avec la CRESS.",
            "Des délais de paiement à surveiller.",
            "Allotissez pour ouvrir le marché aux petites structures.",
        )

    def test_shows_the_contact_only_when_it_is_public(self, client, index):
        private = factories.FichePageFactory(
            parent=index, contact_name="Odile Lebrun", contact_email="odile@example.org"
        )
        public = factories.FichePageFactory(
            parent=index,
            contact_name="Paul Durand",
            contact_email="paul@example.org",
            contact_is_public=True,
        )

        private_content = client.get(private.url).content.decode()

        assert "odile@example.org" not in private_content
        assert "Odile Lebrun" not in private_content
        assert_shows(client.get(public.url), "Paul Durand", "paul@example.org")

    def test_a_draft_or_unpublished_fiche_is_not_found(self, client, index):
        draft = factories.FichePageFactory(parent=index, publish=False)
        withdrawn = factories.FichePageFactory(parent=index)
        url = withdrawn.url
        withdrawn.unpublish()

        assert client.get(f"/fr/fiches/{draft.slug}/").status_code == 404
        assert client.get(url).status_code == 404


class TestQueryCounts:
    def test_fiche_page_does_not_query_per_row_or_per_image(self, client, index):
        def fiche(size, images):
            extra_cpvs = [factories.cpv(f"9990{size:02d}{n:02d}-1") for n in range(size)]
            body = factories.fiche_body()
            body += [
                (
                    "image",
                    {
                        "image": {"image": small_image(), "decorative": False, "alt_text": "Vue"},
                        "caption": f"Image {n}",
                    },
                )
                for n in range(images)
            ]
            return factories.FichePageFactory(
                parent=index,
                hero_image=small_image(),
                themes=[factories.ThemeFactory(name="Espaces verts")],
                buyers=[factories.BuyerFactory() for _ in range(size)],
                suppliers=[factories.ESSStructureFactory(logo=small_image()) for _ in range(size)],
                operators=[factories.OperatorFactory() for _ in range(size)],
                criteria=[(f"Critère {n}", None) for n in range(size)],
                indicators=[(f"Indicateur {n}", n, "h", "2024", "") for n in range(size)],
                reserved_articles=ReservedArticle.values[: min(size, 4)],
                groupement=Groupement.SEVERAL,
                groupement_lead_unknown=True,
                unnamed_members=[(kind, 1, "") for kind, _label in MEMBER_KINDS[:size]],
                additional_cpvs=extra_cpvs,
                body=body,
            )

        small, large = fiche(2, 2), fiche(20, 10)

        assert_same_queries(
            rendered_query_count(client, small.url), rendered_query_count(client, large.url)
        )

    def test_catalogue_does_not_query_per_card(self, client, index, monkeypatch):
        monkeypatch.setattr(FicheIndexPage, "per_page", 50)
        theme = factories.ThemeFactory(name="Propreté")

        def add_fiches(count):
            for _ in range(count):
                factories.FichePageFactory(
                    parent=index, hero_image=small_image(), themes=[theme], **LEAN
                )

        add_fiches(2)
        small = rendered_query_count(client, index.url)
        add_fiches(18)
        large = rendered_query_count(client, index.url)

        assert_same_queries(small, large)
