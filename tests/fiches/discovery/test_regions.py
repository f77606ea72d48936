"""The region pages: /fr/regions/ and /fr/regions/<slug>/."""

import re

from django.urls import reverse
from django.utils import translation

from fiches import factories
from fiches.choices import BuyerType, ESSFamily, InclusionStatus, OperatorType
from fiches.models import Department
from tests.helpers import assert_same_queries, assert_shows, fiche_in, rendered_query_count


def located(factory, code, **kwargs):
    """An actor based in the region ``code`` (its first department)."""
    department = Department.objects.filter(region_id=code).order_by("code").first()
    return factory(department=department, region=department.region, **kwargs)


class TestRegionIndex:
    def test_shows_the_map_and_every_region_with_its_count(self, client, index):
        fiche_in(index, "53")
        fiche_in(index, "53")
        fiche_in(index, "76", publish=False)

        response = client.get("/fr/regions/")

        assert_shows(
            response,
            "Les fiches par région",
            'class="france-map"',
            'href="/fr/fiches/?region=53"',
            'aria-label="Bretagne : 2 fiches"',
            'aria-label="Occitanie : 0 fiche',
            'href="/fr/regions/bretagne/"',
            'href="/fr/regions/la-reunion/"',
        )

    def test_the_footer_links_to_it(self, client, index):
        assert_shows(client.get("/fr/"), 'href="/fr/regions/"')

    def test_queries_do_not_grow_with_the_number_of_fiches(self, client, index):
        def add(count):
            for number in range(count):
                fiche_in(index, ("53", "84", "01")[number % 3])

        add(2)
        small = rendered_query_count(client, "/fr/regions/")
        add(6)
        large = rendered_query_count(client, "/fr/regions/")

        assert_same_queries(small, large)


class TestRegionDetail:
    def test_unknown_region_is_404(self, client, index):
        assert client.get("/fr/regions/atlantide/").status_code == 404

    def test_shows_the_published_fiches_of_the_region_latest_first(self, client, index):
        older = fiche_in(index, "53", title="Entretien des parcs de Rennes")
        newer = fiche_in(index, "53", title="Restauration scolaire à Brest")
        fiche_in(index, "53", title="Brouillon breton", publish=False)
        fiche_in(index, "84", title="Nettoyage à Lyon")

        response = client.get("/fr/regions/bretagne/")

        content = response.content.decode()
        assert_shows(response, "Bretagne", older.title, newer.title)
        assert content.index(newer.title) < content.index(older.title)
        assert "Brouillon breton" not in content
        assert "Nettoyage à Lyon" not in content
        assert 'href="/fr/fiches/?region=53"' in content

    def test_key_figures(self, client, index):
        buyer = factories.BuyerFactory(name="Ville de Quimper")
        fiche_in(index, "53", buyers=[buyer], amount=100000)
        fiche_in(index, "53", buyers=[buyer], amount=50000)
        # A yearly amount and an unknown one are not added to the totals.
        fiche_in(index, "53", buyers=[buyer], amount_period="par_an", amount=7000)
        fiche_in(index, "53", buyers=[buyer], amount_kind="non_renseigne", amount=None)

        response = client.get("/fr/regions/bretagne/")

        content = response.content.decode()
        assert response.context["fiche_count"] == 4
        assert response.context["buyer_count"] == 1
        assert response.context["amount_total"] == 150000
        assert re.search(r"150\s000\s€", content)

    def test_buyers_and_ess_structures_of_its_fiches_or_based_in_it(self, client, index):
        lyon_buyer = located(factories.BuyerFactory, "84", name="Métropole de Lyon")
        breton_scic = located(factories.ESSStructureFactory, "53", name="SCIC Armor")
        idle = located(factories.ESSStructureFactory, "53", name="Association sans marché")
        elsewhere = located(factories.ESSStructureFactory, "84", name="Régie lyonnaise")
        # A Lyon buyer in a Breton fiche, a Breton SCIC in a fiche of Auvergne-Rhône-Alpes.
        fiche_in(index, "53", buyers=[lyon_buyer], suppliers=[])
        fiche_in(index, "84", suppliers=[breton_scic, elsewhere])

        response = client.get("/fr/regions/bretagne/")

        content = response.content.decode()
        assert_shows(response, lyon_buyer.name, breton_scic.name)
        assert idle.name not in content
        assert elsewhere.name not in content
        assert f'href="{breton_scic.get_absolute_url()}"' in content

    def test_each_actor_with_its_kind_place_and_fiches(self, client, index):
        buyer = located(
            factories.BuyerFactory,
            "53",
            name="Ville de <Quimper> & co",
            commune="Quimper",
            buyer_type=BuyerType.STATE,
        )
        scic = located(
            factories.ESSStructureFactory,
            "53",
            name="SCIC Armor",
            commune="",
            family=ESSFamily.COOPERATIVE,
            inclusion_status=InclusionStatus.EI,
        )
        fiche_in(index, "53", buyers=[buyer], suppliers=[scic])
        fiche_in(index, "53", buyers=[buyer], suppliers=[])

        def items(url):
            content = client.get(url).content.decode()
            found = re.findall(r'<li class="region-actors__item">.*?</li>', content, re.S)
            return [re.sub(r"[ \n]+", " ", item) for item in found]

        assert items("/fr/regions/bretagne/") == [
            '<li class="region-actors__item"> <a class="region-actors__name" '
            f'href="{buyer.get_absolute_url()}">Ville de &lt;Quimper&gt; &amp; co</a> '
            '<p class="region-actors__meta"> État (ministère, service déconcentré) · Quimper '
            "· 2 fiches </p> </li>",
            '<li class="region-actors__item"> <a class="region-actors__name" '
            f'href="{scic.get_absolute_url()}">SCIC Armor</a> '
            '<p class="region-actors__meta"> Coopérative (SCOP, SCIC, CAE…) · SIAE — '
            "Entreprise d&#x27;insertion (EI) · 1 fiche </p> </li>",
        ]
        with translation.override("en"):
            url = reverse("region_detail", args=["bretagne"])
        english = items(url)
        assert "· 2 case studies </p>" in english[0]
        assert "· 1 case study </p>" in english[1]

    def test_actors_of_drafts_only_are_left_out(self, client, index):
        hidden = factories.BuyerFactory(name="Acheteur d'un brouillon")
        fiche_in(index, "53", buyers=[hidden], publish=False)

        assert hidden.name not in client.get("/fr/regions/bretagne/").content.decode()

    def test_shows_its_cress_only(self, client, index):
        cress = located(
            factories.OperatorFactory,
            "53",
            name="CRESS Bretagne",
            operator_type=OperatorType.CRESS,
        )
        aura = located(
            factories.OperatorFactory, "84", name="CRESS AURA", operator_type=OperatorType.CRESS
        )
        located(factories.OperatorFactory, "53", name="PLIE de Rennes")
        # Public while it appears in a published fiche, as every actor.
        drafted = located(
            factories.OperatorFactory,
            "53",
            name="CRESS d'un brouillon",
            operator_type=OperatorType.CRESS,
        )
        fiche_in(index, "53", operators=[cress, aura])
        fiche_in(index, "53", operators=[drafted], publish=False)

        response = client.get("/fr/regions/bretagne/")

        content = response.content.decode()
        assert_shows(response, "La CRESS de la région", cress.name)
        assert "CRESS AURA" not in content
        assert "PLIE de Rennes" not in content
        assert "brouillon" not in content

    def test_an_empty_region_says_so(self, client, index):
        assert_shows(
            client.get("/fr/regions/mayotte/"),
            "Mayotte",
            "Aucune fiche n'est encore publiée dans cette région.",
        )

    def test_queries_do_not_grow_with_fiches_and_actors(self, client, index):
        def add(count):
            for _ in range(count):
                fiche_in(
                    index,
                    "53",
                    hero_image=factories.ImageFactory(),
                    themes=[factories.ThemeFactory(name="Propreté")],
                    buyers=[factories.BuyerFactory()],
                    suppliers=[factories.ESSStructureFactory()],
                )
                located(factories.OperatorFactory, "53", operator_type=OperatorType.CRESS)

        add(2)
        small = rendered_query_count(client, "/fr/regions/bretagne/")
        add(6)
        large = rendered_query_count(client, "/fr/regions/bretagne/")

        assert_same_queries(small, large)
