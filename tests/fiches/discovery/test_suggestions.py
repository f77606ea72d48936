"""Suggestions as the visitor types: /fr/recherche/suggestions/?q=… (JSON)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from fiches import factories
from fiches.discovery import site_search

URL = "/fr/recherche/suggestions/"
SQLITE_STEMS = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL's autocomplete matches the words as typed (the last one as a start)",
)


def fiche(index, **kwargs):
    kwargs = {"buyers": [], "suppliers": [], "operators": [], **kwargs}
    return factories.FichePageFactory(parent=index, **kwargs)


def suggest(client, query):
    response = client.get(URL, {"q": query})
    assert response["Content-Type"] == "application/json"
    return response


def labels(response):
    return [item["label"] for item in response.json()["items"]]


class TestPayload:
    def test_actors_with_their_page_and_cpv_codes_with_a_catalogue_link(self, client, index):
        supplier = factories.ESSStructureFactory(name="Espaces Verts Solidaires", commune="Brest")
        fiche(index, suppliers=[supplier], main_cpv=factories.cpv("77310000-6"))

        response = suggest(client, "espaces")

        assert response.status_code == 200
        assert response.json() == {
            "query": "espaces",
            "items": [
                {
                    "type": "actor",
                    "kind": "structures-ess",
                    "kind_label": "Structure de l'ESS",
                    "label": "Espaces Verts Solidaires",
                    "detail": "Association · SIAE — Atelier et chantier d'insertion (ACI) · Brest",
                    "url": f"/fr/acteurs/structures-ess/{supplier.slug}/",
                },
                {
                    "type": "cpv",
                    "kind": "cpv",
                    "kind_label": "Code CPV",
                    "label": "Réalisation et entretien d'espaces verts",
                    "detail": "77310000-6",
                    "code": "77310000-6",
                    "division": "77",
                    "url": f"{index.url}?cpv=77",
                },
            ],
        }
        assert client.get(response.json()["items"][0]["url"]).status_code == 200

    def test_short_cacheable_answers(self, client, index):
        response = suggest(client, "espaces")

        assert "public" in response["Cache-Control"]
        assert "max-age=300" in response["Cache-Control"]

    def test_nothing_under_two_characters(self, client, index):
        factories.BuyerFactory(name="Communauté de communes")
        fiche(index, buyers=[factories.BuyerFactory(name="Commune de Brest")])

        assert suggest(client, "c").json()["items"] == []
        assert suggest(client, "").json()["items"] == []
        assert labels(suggest(client, "co")) == ["Commune de Brest"]

    def test_at_most_eight_half_actors_half_codes(self, client, index):
        buyers = [factories.BuyerFactory(name=f"Services techniques n°{n}") for n in range(10)]
        codes = [factories.cpv(code) for code in ("90910000-9", "90911200-8", "98341130-5")]
        fiche(index, buyers=buyers, main_cpv=codes[0], additional_cpvs=codes[1:])

        items = suggest(client, "services").json()["items"]

        assert len(items) == site_search.SUGGESTION_LIMIT == 8
        assert [item["type"] for item in items].count("cpv") >= 3


class TestMatching:
    @pytest.mark.parametrize(
        "query", ["coop", "cooperative", "coopé", "COOPÉRATIVE du", "cooperative du bo"]
    )
    def test_word_starts_with_or_without_accents(self, client, index, query):
        """Every word, the last one as the start of a word (it is being typed)."""
        supplier = factories.ESSStructureFactory(name="Coopérative du Bocage breton")
        fiche(index, suppliers=[supplier])

        assert labels(suggest(client, query)) == ["Coopérative du Bocage breton"]

    @pytest.mark.parametrize(
        ("query", "name"),
        [
            ("vélo", "Les Vélos du Cœur"),
            ("laverie", "Laveries Solidaires"),
            ("boulangerie", "Boulangeries d'Insertion"),
            ("athlète", "Athlètes Solidaires"),
            # PostgreSQL reads only the last word as a start: « espace » is not « espaces ».
            pytest.param("espace vert", "Espaces Verts de Brest", marks=SQLITE_STEMS),
            pytest.param("vélos", "Atelier Vélo", marks=SQLITE_STEMS),
            pytest.param("laveries", "Laverie Solidaire", marks=SQLITE_STEMS),
            pytest.param("espaces verts", "Espace Vert Partagé", marks=SQLITE_STEMS),
        ],
    )
    def test_actor_names_with_another_form_of_the_words(self, client, index, query, name):
        supplier = factories.ESSStructureFactory(name=name)
        fiche(index, suppliers=[supplier], main_cpv=factories.cpv("79822500-7"))

        assert labels(suggest(client, query)) == [name]

    @pytest.mark.parametrize(
        ("query", "code"),
        [
            ("athlète", "37415000-0"),  # Équipements d'athlétisme
            ("vélo", "37441300-4"),  # Vélos d'exercice
            ("boulangerie", "15612500-6"),  # Produits de boulangerie
            ("espace vert", "77310000-6"),  # Réalisation et entretien d'espaces verts
        ],
    )
    def test_cpv_labels_with_another_form_of_the_words(self, client, index, query, code):
        fiche(index, main_cpv=factories.cpv(code))

        items = suggest(client, query).json()["items"]

        assert code in [item.get("code") for item in items]

    def test_names_starting_with_the_query_first(self, client, index):
        fiche(
            index,
            buyers=[factories.BuyerFactory(name="Ville de Jardinville")],
            suppliers=[factories.ESSStructureFactory(name="Jardins du cœur")],
        )

        assert labels(suggest(client, "jardin")) == ["Jardins du cœur", "Ville de Jardinville"]

    def test_cpv_by_the_start_of_its_code(self, client, index):
        fiche(index, main_cpv=factories.cpv("77310000-6"))

        items = suggest(client, "7731").json()["items"]

        assert [item["code"] for item in items] == ["77310000-6"]

    def test_cpv_divisions_of_the_codes_in_use_are_suggested(self, client, index):
        fiche(index, main_cpv=factories.cpv("77310000-6"))

        items = suggest(client, "horticoles").json()["items"]

        # « Services agricoles, sylvicoles, horticoles… », installed by the migrations
        assert [(item["code"], item["url"]) for item in items] == [
            ("77000000-0", f"{index.url}?cpv=77")
        ]


class TestOnlyPublicData:
    def test_actors_of_drafts_private_fiches_or_no_fiche_are_not_suggested(self, client, index):
        fiche(index, buyers=[factories.BuyerFactory(name="Solidaire brouillon")], publish=False)
        private = fiche(index, suppliers=[factories.ESSStructureFactory(name="Solidaire privé")])
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        factories.OperatorFactory(name="Solidaire sans fiche")
        fiche(index, author=factories.OperatorFactory(name="Solidaire auteur"))

        assert labels(suggest(client, "solidaire")) == ["Solidaire auteur"]

    def test_cpv_codes_no_published_fiche_uses_are_not_suggested(self, client, index):
        factories.cpv("90910000-9")  # in the table, used by no fiche
        fiche(index, main_cpv=factories.cpv("90911200-8"), publish=False)
        fiche(index, main_cpv=factories.cpv("77310000-6"))

        assert suggest(client, "nettoyage").json()["items"] == []


class TestBadInput:
    @pytest.mark.parametrize(
        ("query", "message"),
        [
            pytest.param("x" * 500, "trop longue", id="too-long"),
            pytest.param("co\x00op", "caractère invalide", id="nul-byte"),
            pytest.param("«»?!", "ni lettre ni chiffre", id="punctuation"),
        ],
    )
    def test_a_french_message_and_no_suggestion(self, client, index, query, message):
        response = suggest(client, query)

        assert response.status_code == 400
        assert message in response.json()["error"]
        assert response.json()["items"] == []


def test_suggestions_do_not_query_per_actor(client, index):
    def add(count, start):
        for number in range(start, start + count):
            fiche(
                index,
                buyers=[factories.BuyerFactory(name=f"Solidaire acheteur n°{number}")],
                suppliers=[factories.ESSStructureFactory(name=f"Solidaire ESS n°{number}")],
                operators=[factories.OperatorFactory(name=f"Solidaire opérateur n°{number}")],
            )

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = suggest(client, "solidaire")
        assert response.status_code == 200
        return len(queries), len(response.json()["items"])

    add(2, 0)
    small, shown = count()
    assert shown == 6
    add(18, 2)

    assert count() == (small, 8)
