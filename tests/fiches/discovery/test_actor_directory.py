"""The directory of actors /fr/acteurs/: filters by type, sub-type, region and search."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from fiches import factories
from fiches.choices import BuyerType, ESSFamily, InclusionStatus, OperatorType
from fiches.discovery import directory
from fiches.models import Department

URL = "/fr/acteurs/"


def fiche(index, **kwargs):
    kwargs = {"buyers": [], "suppliers": [], "operators": [], **kwargs}
    return factories.FichePageFactory(parent=index, **kwargs)


def names(response):
    return [actor.name for actor in response.context["actors"]]


@pytest.fixture
def actors(index):
    """Two actors of each kind, all in one published fiche, in Bretagne or Occitanie."""
    toulouse = Department.objects.get(code="31")
    found = {
        "ville": factories.BuyerFactory(name="Ville de Rennes", buyer_type=BuyerType.COMMUNE),
        "hopital": factories.BuyerFactory(
            name="Hôpital de Toulouse", buyer_type=BuyerType.HOSPITAL, department=toulouse
        ),
        "scop": factories.ESSStructureFactory(
            name="Coopérative des Landes",
            family=ESSFamily.COOPERATIVE,
            inclusion_status=InclusionStatus.EI,
        ),
        "esat": factories.ESSStructureFactory(
            name="ESAT du Pays",
            family=ESSFamily.ASSOCIATION,
            inclusion_status=InclusionStatus.ESAT,
            department=toulouse,
        ),
        "cress": factories.OperatorFactory(name="CRESS Bretagne", operator_type=OperatorType.CRESS),
        "facilitateur": factories.OperatorFactory(
            name="Maison de l'emploi", operator_type=OperatorType.CLAUSE_FACILITATOR
        ),
    }
    fiche(
        index,
        buyers=[found["ville"], found["hopital"]],
        suppliers=[found["scop"], found["esat"]],
        operators=[found["facilitateur"]],
        author=found["cress"],
    )
    return found


class TestListing:
    def test_every_kind_by_name_with_counts_and_links(self, client, actors):
        response = client.get(URL)

        assert response.status_code == 200
        assert names(response) == [
            "Coopérative des Landes",
            "CRESS Bretagne",
            "ESAT du Pays",
            "Hôpital de Toulouse",
            "Maison de l'emploi",
            "Ville de Rennes",
        ]
        assert [(kind["slug"], kind["count"]) for kind in response.context["kinds"]] == [
            ("acheteurs", 2),
            ("structures-ess", 2),
            ("operateurs", 2),
        ]
        content = response.content.decode()
        for actor in actors.values():
            assert f'href="{actor.get_absolute_url()}"' in content
        assert "1 fiche" in content

    def test_counts_the_public_fiches_of_each_actor(self, client, index, actors):
        fiche(index, buyers=[actors["ville"]], operators=[actors["cress"]], author=actors["cress"])
        fiche(index, buyers=[actors["ville"]], publish=False)

        response = client.get(URL, {"type": "acheteurs"})

        counts = {actor.name: actor.fiche_count for actor in response.context["actors"]}
        assert counts == {"Hôpital de Toulouse": 1, "Ville de Rennes": 2}
        operators = client.get(URL, {"type": "operateurs"}).context["actors"]
        assert {actor.name: actor.fiche_count for actor in operators}["CRESS Bretagne"] == 2

    def test_the_directory_links_to_an_actor_page_with_its_details_and_fiches(
        self, client, index, actors
    ):
        other = fiche(index, title="Repas livrés à l'hôpital", buyers=[actors["hopital"]])
        url = actors["hopital"].get_absolute_url()
        assert f'href="{url}"' in client.get(URL).content.decode()

        response = client.get(url)

        assert response.status_code == 200
        content = response.content.decode()
        assert "Hôpital de Toulouse" in content
        assert "Hôpital, centre hospitalier (CH, CHU)" in content
        assert "Occitanie" in content
        assert "2 fiches mentionnent cet acteur." in content
        assert other.url in content

    def test_paginates(self, client, index, monkeypatch):
        monkeypatch.setattr(directory, "PER_PAGE", 2)
        fiche(index, buyers=[factories.BuyerFactory(name=f"Commune {n}") for n in "ABCDE"])

        first = client.get(URL)
        last = client.get(URL, {"page": 3})
        garbled = client.get(URL, {"page": "abc"})

        assert names(first) == ["Commune A", "Commune B"]
        assert names(last) == ["Commune E"]
        assert names(garbled) == names(first)
        assert 'href="?page=2"' in first.content.decode()

    def test_nothing_matches(self, client, actors):
        response = client.get(URL, {"q": "introuvable"})

        assert response.status_code == 200
        assert "Aucun acteur ne correspond à ces critères" in response.content.decode()


class TestFilters:
    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"type": "acheteurs"}, ["Hôpital de Toulouse", "Ville de Rennes"]),
            ({"type": "structures-ess"}, ["Coopérative des Landes", "ESAT du Pays"]),
            ({"type": "operateurs"}, ["CRESS Bretagne", "Maison de l'emploi"]),
            ({"type": "acheteurs", "buyer_type": "hopital"}, ["Hôpital de Toulouse"]),
            ({"buyer_type": "commune"}, ["Ville de Rennes"]),
            ({"family": "cooperative"}, ["Coopérative des Landes"]),
            ({"status": "esat"}, ["ESAT du Pays"]),
            ({"family": "association", "status": "ei"}, []),
            ({"operator_type": "cress"}, ["CRESS Bretagne"]),
            ({"region": "76"}, ["ESAT du Pays", "Hôpital de Toulouse"]),
            ({"region": "53", "type": "acheteurs"}, ["Ville de Rennes"]),
            (
                {"type": "acheteurs", "family": "cooperative"},
                ["Hôpital de Toulouse", "Ville de Rennes"],
            ),
            ({"q": "cooperative"}, ["Coopérative des Landes"]),
            ({"q": "Coopérative landes"}, ["Coopérative des Landes"]),
            ({"q": "hopi"}, ["Hôpital de Toulouse"]),
            ({"q": "toulouse", "type": "structures-ess"}, []),
        ],
    )
    def test_filters_combine(self, client, actors, params, expected):
        response = client.get(URL, params)

        assert response.status_code == 200
        assert names(response) == expected

    def test_type_counts_follow_the_other_filters(self, client, actors):
        response = client.get(URL, {"region": "76", "type": "operateurs"})

        assert [kind["count"] for kind in response.context["kinds"]] == [1, 1, 0]
        assert response.context["all_count"] == 2
        content = response.content.decode()
        assert 'href="?region=76&amp;type=acheteurs"' in content

    def test_sub_type_counts(self, client, actors):
        response = client.get(URL, {"type": "structures-ess", "family": "association"})

        facets = {facet["param"]: facet for facet in response.context["facets"]}
        assert [(o["value"], o["count"]) for o in facets["family"]["options"]] == [
            ("association", 1),
            ("cooperative", 1),
        ]
        assert [(o["value"], o["count"]) for o in facets["status"]["options"]] == [("esat", 1)]
        assert "Association (1)" in response.content.decode()

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"type": "partenaires"}, "Ce type d&#x27;acteur n&#x27;existe pas."),
            ({"region": "99"}, "Cette région n&#x27;existe pas"),
            ({"buyer_type": "martien"}, "Ce type d&#x27;acheteur n&#x27;existe pas."),
            ({"q": "x" * 500}, "Votre recherche est trop longue"),
            ({"q": "a\x00b"}, "caractère invalide"),
            ({"q": "?!"}, "ni lettre ni chiffre"),
        ],
    )
    def test_bad_parameters_get_a_french_message(self, client, actors, params, message):
        response = client.get(URL, params)

        assert response.status_code == 400
        assert message in response.content.decode()


class TestOnlyPublicActors:
    def test_actors_of_drafts_private_fiches_and_no_fiche_are_left_out(self, client, index):
        fiche(index, buyers=[factories.BuyerFactory(name="Commune du brouillon")], publish=False)
        withdrawn = fiche(index, buyers=[factories.BuyerFactory(name="Commune retirée")])
        withdrawn.unpublish()
        private = fiche(index, suppliers=[factories.ESSStructureFactory(name="Structure privée")])
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        factories.OperatorFactory(name="Opérateur sans fiche")
        fiche(index, buyers=[factories.BuyerFactory(name="Commune publique")])

        response = client.get(URL)

        assert names(response) == ["Commune publique"]
        content = response.content.decode()
        for hidden in ("brouillon", "retirée", "Structure privée", "sans fiche"):
            assert hidden not in content

    def test_only_actors_of_the_active_language(self, client, actors):
        Locale.objects.create(language_code="en")

        response = client.get("/en/acteurs/")

        assert response.status_code == 200
        assert names(response) == []


def test_directory_does_not_query_per_actor(client, index):
    def add(count, start):
        for number in range(start, start + count):
            fiche(
                index,
                # Named so that every page of the directory shows the three kinds.
                buyers=[factories.BuyerFactory(name=f"Acteur {number:02} acheteur")],
                suppliers=[factories.ESSStructureFactory(name=f"Acteur {number:02} structure")],
                operators=[factories.OperatorFactory(name=f"Acteur {number:02} opérateur")],
            )

    def count(params):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        assert response.status_code == 200
        return len(queries)

    add(2, 0)
    small = [count({}), count({"type": "structures-ess", "q": "structure"})]
    add(18, 2)

    assert [count({}), count({"type": "structures-ess", "q": "structure"})] == small
