"""Fiche filters, ordering, pagination and search; every bad parameter gets a 400 naming it."""

from datetime import date

import pytest
from django.db import connection

from fiches import factories
from fiches.choices import Nature, Procedure
from fiches.models import Department, Region

pytestmark = pytest.mark.django_db

FICHES = "/api/v2/pages/"


def ids(api_get, **params):
    response = api_get(FICHES, type="fiches.FichePage", **params)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def two_fiches(index):
    theme = factories.ThemeFactory(name="Alimentation")
    buyer = factories.BuyerFactory()
    green = factories.FichePageFactory(parent=index, title="Entretien des espaces verts")
    canteen = factories.FichePageFactory(
        parent=index,
        title="Restauration scolaire bio",
        chapo="Une coopérative livre les cantines.",
        nature=Nature.SUPPLIES,
        procedure=Procedure.OPEN,
        reserved=False,
        reserved_articles=(),
        social_clause=False,
        social_criterion=True,
        main_cpv=factories.cpv("55524000-9"),
        additional_cpvs=[factories.cpv("15331100-8")],
        region=Region.objects.get(code="52"),
        departments=[Department.objects.get(code="85")],
        themes=[theme],
        buyers=[buyer],
        notification_date=date(2021, 6, 1),
        amount_kind="min_max",
        amount=None,
        amount_min=50000,
        amount_max=400000,
    )
    return green, canteen, buyer


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "52"}, ["canteen"]),
        ({"department": "35"}, ["green"]),
        ({"nature": "fournitures"}, ["canteen"]),
        ({"procedure": "appel_offres_ouvert"}, ["canteen"]),
        ({"lever": "marche_reserve"}, ["green"]),
        ({"lever": "critere_social"}, ["canteen"]),
        ({"legal_article": "L2113-13"}, ["green"]),
        ({"legal_article": "R2152-7"}, ["canteen"]),
        ({"cpv": "55524000-9"}, ["canteen"]),
        ({"cpv": "55524000"}, ["canteen"]),
        ({"cpv": "15"}, ["canteen"]),
        ({"cpv": "77"}, ["green"]),
        ({"theme": "alimentation"}, ["canteen"]),
        ({"award_year": "2021"}, ["canteen"]),
        ({"award_year": "2023", "region": "53"}, ["green"]),
        ({"award_year": "2023", "region": "52"}, []),
        ({"locale": "fr", "nature": "services"}, ["green"]),
    ],
)
def test_filters(api_get, two_fiches, params, expected):
    green, canteen, _buyer = two_fiches
    by_name = {"green": green.pk, "canteen": canteen.pk}

    assert sorted(ids(api_get, **params)) == sorted(by_name[name] for name in expected)


def test_actor_filter(api_get, two_fiches):
    _green, canteen, buyer = two_fiches

    assert ids(api_get, buyer=buyer.pk) == [canteen.pk]


def test_an_actor_of_hidden_fiches_only_answers_as_an_unknown_actor(api_get, two_fiches, index):
    """Filtering by an actor that appears only in a draft or an unpublished fiche tells nothing
    about it: the same empty page as an id that exists nowhere."""
    hidden_buyer = factories.BuyerFactory(name="Acheteur des brouillons")
    draft = factories.FichePageFactory(parent=index, buyers=[hidden_buyer])
    draft.unpublish()
    unknown = hidden_buyer.pk + 1000

    def answer(actor_id):
        response = api_get(FICHES, type="fiches.FichePage", buyer=actor_id)
        return response.status_code, response.json()

    assert (
        answer(hidden_buyer.pk)
        == answer(unknown)
        == (200, {"meta": {"total_count": 0}, "items": []})
    )


def test_ordering(api_get, two_fiches):
    green, canteen, _buyer = two_fiches

    assert ids(api_get, order="title") == [green.pk, canteen.pk]
    assert ids(api_get, order="-title") == [canteen.pk, green.pk]
    assert ids(api_get, order="notification_date") == [canteen.pk, green.pk]
    # A framework agreement sorts by its maximum (400 000 > 120 000).
    assert ids(api_get, order="-amount") == [canteen.pk, green.pk]


def test_pagination(api_get, two_fiches):
    response = api_get(FICHES, type="fiches.FichePage", limit=1, offset=1, order="title")

    assert response.json()["meta"]["total_count"] == 2
    assert [item["id"] for item in response.json()["items"]] == [two_fiches[1].pk]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"region": "99"}, "region"),
        ({"department": "20"}, "department"),
        ({"nature": "autre"}, "nature"),
        ({"procedure": "gre_a_gre"}, "procedure"),
        ({"lever": "clause_magique"}, "lever"),
        ({"legal_article": "L0000"}, "legal_article"),
        ({"cpv": "7731"}, None),
        ({"cpv": "abc"}, "cpv"),
        ({"cpv": "123-4"}, "cpv"),
        ({"theme": "inconnue"}, "theme"),
        ({"award_year": "deux-mille"}, "award_year"),
        ({"award_year": "1200"}, "award_year"),
        ({"buyer": "x"}, "buyer"),
        ({"buyer": "99999999999999999999"}, "buyer"),
        ({"locale": "de"}, "locale"),
        ({"order": "chapo"}, "order"),
        ({"limit": "51"}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"offset": "dix"}, "offset"),
        ({"child_of": "99999999999999999999"}, "child_of"),
        ({"search": ""}, "search"),
        ({"search_operator": "xor", "search": "marché"}, "search_operator"),
        ({"colour": "red"}, "colour"),
        ({"fields": "inconnu"}, "inconnu"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(api_get, two_fiches, params, named):
    response = api_get(FICHES, type="fiches.FichePage", **params)

    if named is None:  # a valid prefix, not an error
        assert response.status_code == 200
        return
    assert response.status_code == 400, response.content
    assert named in response.json()["message"]


@pytest.mark.parametrize("code", ["77310000-9", "12345678"])
def test_a_well_formed_cpv_code_outside_the_nomenclature_is_a_404(api_get, two_fiches, code):
    response = api_get(FICHES, type="fiches.FichePage", cpv=code)

    assert response.status_code == 404
    assert response.json()["message"].startswith("cpv: ")


def test_fiche_filters_without_a_type_list_the_matching_fiches_only(api_get, two_fiches):
    green, canteen, _buyer = two_fiches
    response = api_get(FICHES, region=green.region_id, fields="_,id")

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [green.pk]
    # No page of another type has a region.
    other = api_get(FICHES, type="home.HomePage", region=green.region_id)
    assert other.status_code == 200
    assert other.json()["meta"]["total_count"] == 0


def test_huge_detail_id_is_404_not_500(api_get, fiche):
    assert api_get("/api/v2/pages/99999999999999999999/").status_code == 404


def test_search_combines_with_filters(api_get, two_fiches):
    green, canteen, _buyer = two_fiches

    assert ids(api_get, search="restauration") == [canteen.pk]
    assert ids(api_get, search="restauration", region="53") == []
    assert ids(api_get, search="cooperative") == [canteen.pk]


def test_french_search(api_get, two_fiches):
    green, canteen, _buyer = two_fiches

    assert canteen.pk in ids(api_get, search="restauration collective")
    assert green.pk in ids(api_get, search="espace vert")
    assert ids(api_get, search="coopérative") == [canteen.pk]
    assert ids(api_get, search="cooperative") == [canteen.pk]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        pytest.param(
            "vélo",
            "Des arceaux pour les vélos.",
            marks=pytest.mark.skipif(
                connection.vendor == "postgresql",
                reason="PostgreSQL's French stemmer keeps the « s » of « vélos »",
            ),
        ),
        ("laverie", "Deux laveries solidaires."),
        ("boulangerie", "Le pain des boulangeries."),
        ("athlète", "Les repas des athlètes."),
        ("espace vert", "La tonte des espaces verts."),
    ],
)
@pytest.mark.parametrize("operator", ["or", "and"])
def test_french_search_forgives_plurals(api_get, index, query, text, operator):
    found = factories.FichePageFactory(
        parent=index, title="Un marché", chapo=text, body=[], main_cpv=factories.cpv("79822500-7")
    )
    factories.FichePageFactory(
        parent=index, title="Un autre marché", body=[], main_cpv=factories.cpv("79822500-7")
    )

    assert ids(api_get, search=query, search_operator=operator) == [found.pk]


@pytest.mark.parametrize(
    "query", ['"', "'", 'espaces "verts', "(jardin", "jardin*", "NOT jardin", "l'insertion", "a-b"]
)
def test_search_syntax_characters_never_crash(api_get, fiche, query):
    """Quotes, parentheses, stars or operators typed by a visitor are words, not query syntax."""
    for path in ("/api/v2/pages/", "/api/v2/images/", "/api/v2/themes/", "/api/v2/buyers/"):
        response = api_get(path, search=query)
        assert response.status_code in (200, 400), (path, query, response.status_code)
        if response.status_code == 400:
            assert "search" in response.json()["message"]
