"""The reads of the home page (home.selectors), called directly."""

from fiches import factories
from fiches.models import Region
from home import selectors
from tests.helpers import restrict


class TestHomePage:
    def test_counts_only_actors_of_published_fiches(self, home, index):
        buyer, supplier = factories.BuyerFactory(), factories.ESSStructureFactory()
        factories.FichePageFactory(parent=index, buyers=[buyer], suppliers=[supplier])
        factories.FichePageFactory(
            parent=index,
            buyers=[buyer, factories.BuyerFactory()],
            suppliers=[supplier],
            region=Region.objects.get(code="84"),
            is_featured=True,
        )
        factories.FichePageFactory(parent=index, publish=False)
        hidden = factories.FichePageFactory(parent=index)
        hidden.unpublish()
        restrict(factories.FichePageFactory(parent=index))
        factories.BuyerFactory()  # in no fiche

        context = selectors.home_page(home=home, latest_count=1)

        assert context["fiche_count"] == 2
        assert context["region_count"] == 2
        assert context["buyer_count"] == 2
        assert context["ess_count"] == 1
        assert len(context["latest_fiches"]) == 1
        assert [fiche.is_featured for fiche in context["featured_fiches"]] == [True]

    def test_counts_each_fiche_and_actor_once_whatever_its_links(self, home, index):
        # The key figures are counted over the fiches joined to their links (_key_figures).
        theme = factories.ThemeFactory(name="Textile")
        buyers = [factories.BuyerFactory(), factories.BuyerFactory()]
        suppliers = [factories.ESSStructureFactory(), factories.ESSStructureFactory()]
        draft = factories.ESSStructureFactory(live=False)
        for _ in range(2):
            factories.FichePageFactory(
                parent=index,
                buyers=buyers,
                suppliers=[*suppliers, draft],
                themes=[theme],
                reserved=True,
                social_clause=True,
                environmental_clause=False,
            )

        context = selectors.home_page(home=home, latest_count=6)

        assert (context["fiche_count"], context["region_count"]) == (2, 1)
        assert (context["buyer_count"], context["ess_count"]) == (2, 2)
        levers = {lever["code"]: lever["count"] for lever in context["levers"]}
        assert levers["marche_reserve"] == levers["clause_sociale"] == 2
        assert "clause_environnementale" not in levers
        assert [(theme["name"], theme["count"]) for theme in context["themes"]] == [("Textile", 2)]

    def test_nothing_published(self, home):
        context = selectors.home_page(home=home, latest_count=6)

        assert context["latest_fiches"] == []
        assert (context["fiche_count"], context["buyer_count"], context["ess_count"]) == (0, 0, 0)
