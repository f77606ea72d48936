"""The reads shared by pages, views and the API (fiches.selectors), called directly."""

from django.http import QueryDict

from fiches import factories, selectors
from fiches.catalogue import context as catalogue_context
from fiches.choices import BuyerRole, SupplierRole
from fiches.discovery import selectors as discovery
from fiches.models import FicheIndexPage, FicheSupplier, Region
from tests.helpers import restrict


class TestPublishedFiches:
    def test_only_live_and_public_fiches_newest_first(self, index):
        older = factories.FichePageFactory(parent=index)
        newer = factories.FichePageFactory(parent=index)
        factories.FichePageFactory(parent=index, publish=False)
        withdrawn = factories.FichePageFactory(parent=index)
        withdrawn.unpublish()
        restrict(factories.FichePageFactory(parent=index))

        assert list(selectors.published_fiches()) == [newer, older]

    def test_a_restriction_on_the_catalogue_hides_its_fiches(self, index):
        factories.FichePageFactory(parent=index)

        restrict(index)

        assert not selectors.published_fiches().exists()

    def test_loads_what_a_card_shows_in_a_fixed_number_of_queries(
        self, index, django_assert_num_queries
    ):
        theme = factories.ThemeFactory(name="Textile")
        for _ in range(3):
            factories.FichePageFactory(parent=index, themes=[theme])

        locale = index.locale
        # fiches (their view restrictions in a subquery), themes: no hero image, so no
        # renditions query
        with django_assert_num_queries(2):
            cards = [
                (fiche.region.name, fiche.main_cpv.code, [t.name for t in fiche.card_themes])
                for fiche in selectors.published_fiches(locale=locale)
            ]

        assert cards[0] == ("Bretagne", "77310000-6", ["Textile"])

    def test_cards_get_only_their_renditions_and_render_without_a_query(
        self, index, rf, django_assert_num_queries
    ):
        from django.template.loader import render_to_string

        image = factories.ImageFactory()
        image.get_rendition("width-800")  # another size the fiche page uses
        factories.FichePageFactory(parent=index, hero_image=image)
        request = rf.get("/")
        for spec in selectors.CARD_RENDITION_SPECS:
            image.get_rendition(spec)

        fiches = list(selectors.published_fiches(locale=index.locale))

        prefetched = fiches[0].hero_image._prefetched_objects_cache["renditions"]
        assert sorted(r.filter_spec for r in prefetched) == sorted(selectors.CARD_RENDITION_SPECS)
        context = {"fiches": fiches, "request": request}
        render_to_string("includes/fiche_grid.html", context)  # finds the request's site
        # The card's sizes are the prefetched ones: rendering it reads nothing more.
        with django_assert_num_queries(0):
            html = render_to_string("includes/fiche_grid.html", context)
        for rendition in prefetched:
            assert rendition.url in html


class TestCataloguePage:
    def test_one_page_of_the_fiches_below_the_catalogue(self, index, monkeypatch):
        monkeypatch.setattr(FicheIndexPage, "per_page", 2)
        fiches = [factories.FichePageFactory(parent=index) for _ in range(3)]

        first = catalogue_context.catalogue_page(index_page=index, params=QueryDict(""))
        last = catalogue_context.catalogue_page(index_page=index, params=QueryDict("page=99"))
        garbled = catalogue_context.catalogue_page(index_page=index, params=QueryDict("page=abc"))

        assert first["paginator"].count == 3
        assert list(first["fiches"]) == [fiches[2], fiches[1]]
        assert list(last["fiches"]) == [fiches[0]]
        assert garbled["fiches"].number == 1


class TestActorPage:
    def test_links_to_published_fiches_only_newest_first_with_role(self, index):
        buyer = factories.BuyerFactory()
        older = factories.FichePageFactory(parent=index, buyers=[(buyer, BuyerRole.MEMBER, "")])
        newer = factories.FichePageFactory(parent=index, buyers=[buyer])
        factories.FichePageFactory(parent=index, buyers=[buyer], publish=False)
        restrict(factories.FichePageFactory(parent=index, buyers=[buyer]))
        factories.FichePageFactory(parent=index)

        context = selectors.actor_page(actor=buyer)

        assert context["actor"] == buyer
        assert [(link.fiche, link.role) for link in context["links"]] == [
            (newer, BuyerRole.BUYER),
            (older, BuyerRole.MEMBER),
        ]

    def test_uses_the_links_of_the_actor_kind(self, index):
        supplier = factories.ESSStructureFactory()
        fiche = factories.FichePageFactory(
            parent=index, suppliers=[(supplier, SupplierRole.SUBCONTRACTOR, "")]
        )

        links = selectors.actor_page(actor=supplier)["links"]

        assert [type(link) for link in links] == [FicheSupplier]
        assert links[0].fiche == fiche
        assert links[0].get_role_display() == "Sous-traitant"


def test_regions_with_counts_count_published_fiches(index):
    factories.FichePageFactory(parent=index)
    factories.FichePageFactory(parent=index)
    factories.FichePageFactory(parent=index, publish=False)
    factories.FichePageFactory(parent=index, region=Region.objects.get(code="84"))

    counts = {region.code: region.fiche_count for region in discovery.regions_with_counts()}

    assert counts["53"] == 2
    assert counts["84"] == 1
    assert counts["11"] == 0
    assert len(counts) == 18
