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

    def test_nothing_published(self, home):
        context = selectors.home_page(home=home, latest_count=6)

        assert context["latest_fiches"] == []
        assert (context["fiche_count"], context["buyer_count"], context["ess_count"]) == (0, 0, 0)
