"""The site-wide search page /fr/recherche/?q=…: fiches, actors and content pages, public only."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from fiches import factories
from fiches.discovery import site_search
from home.models import ContentPage
from tests.helpers import plain_typography

URL = "/fr/recherche/"
PLURAL_AFTER_A_VOWEL = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL's French stemmer keeps the « s » of « vélos »; the SQLite search drops it",
)
# A query and the text of a fiche or the name of an actor it finds (another form of its words).
FRENCH_FORMS = [
    pytest.param("vélo", "Des arceaux pour les vélos", marks=PLURAL_AFTER_A_VOWEL),
    ("laverie", "Les laveries solidaires"),
    ("boulangerie", "Les boulangeries du quartier"),
    ("athlète", "Les repas des athlètes"),
    ("espace vert", "La tonte des espaces verts"),
    ("laveries", "Une laverie solidaire"),
]


def add_content_page(parent, *, publish=True, **fields):
    page = ContentPage(live=publish, **fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


def fiche(index, title, **kwargs):
    """A published fiche without the default actors (each test names the ones it needs)."""
    kwargs = {"buyers": [], "suppliers": [], "operators": [], **kwargs}
    return factories.FichePageFactory(parent=index, title=title, **kwargs)


def search(client, query, url=URL):
    return client.get(url, {"q": query})


class TestEmptyAndBadQueries:
    def test_without_a_query_the_form_and_a_hint(self, client, index):
        response = client.get(URL)

        assert response.status_code == 200
        content = response.content.decode()
        assert 'role="search"' in content
        assert 'name="q"' in content
        assert "Un ou plusieurs mots, avec ou sans accents" in content
        assert "résultat" not in content
        assert index.url in content  # browse the catalogue instead

    def test_the_search_page_is_kept_out_of_search_engines(self, client, db):
        assert '<meta name="robots" content="noindex, follow">' in client.get(URL).content.decode()

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            pytest.param("espaces verts " * 40, "Votre recherche est trop longue", id="too-long"),
            pytest.param("espaces\x00verts", "caractère invalide", id="nul-byte"),
            pytest.param("?!… « » --", "ni lettre ni chiffre", id="punctuation"),
        ],
    )
    def test_bad_input_gets_a_french_message_not_an_error(self, client, index, query, message):
        fiche(index, "Entretien des espaces verts")

        response = search(client, query)

        assert response.status_code == 400
        content = response.content.decode()
        assert message in content
        assert 'aria-invalid="true"' in content
        assert "\x00" not in content

    def test_no_result_says_so_and_offers_ways_out(self, client, index):
        fiche(index, "Entretien des espaces verts")

        response = search(client, "zzzxqw")

        assert response.status_code == 200
        content = plain_typography(response.content.decode())
        assert "Aucun résultat pour « zzzxqw »" in content
        assert "orthographe" in content
        assert f'href="{index.url}"' in content
        assert 'href="/fr/acteurs/"' in content


class TestResults:
    def test_groups_fiches_actors_and_pages_with_counts(self, client, index, home):
        buyer = factories.BuyerFactory(name="Métropole des jardins")
        supplier = factories.ESSStructureFactory(name="Jardins de Cocagne")
        shown = fiche(
            index,
            "Entretien des jardins partagés",
            buyers=[buyer],
            suppliers=[supplier],
        )
        fiche(index, "Restauration scolaire")
        page = add_content_page(home, title="Jardins et achats publics", intro="Une page.")

        response = search(client, "jardins")

        assert response.status_code == 200
        context = response.context
        assert [item.pk for item in context["results"]["fiches"]] == [shown.pk]
        assert context["results"]["fiche_count"] == 1
        groups = {group["kind"]: group for group in context["results"]["actor_groups"]}
        assert [actor.pk for actor in groups["acheteurs"]["actors"]] == [buyer.pk]
        assert [actor.pk for actor in groups["structures-ess"]["actors"]] == [supplier.pk]
        assert groups["operateurs"]["count"] == 0
        assert context["results"]["actor_count"] == 2
        assert [result.pk for result in context["results"]["pages"]] == [page.pk]
        assert context["results"]["total"] == 4
        content = plain_typography(response.content.decode())
        assert "4 résultats pour « jardins »" in content
        assert shown.url in content
        assert buyer.get_absolute_url() in content
        assert page.url in content
        assert "Restauration scolaire" not in content

    def test_marks_the_matched_words(self, client, index):
        fiche(index, "Entretien des espaces verts")

        content = search(client, "verts").content.decode()

        assert "Entretien des espaces <mark>verts</mark>" in content

    def test_links_to_the_catalogue_search_for_every_fiche(self, client, index, monkeypatch):
        monkeypatch.setattr(site_search, "FICHES_SHOWN", 2)
        for number in range(3):
            fiche(index, f"Entretien des espaces verts n°{number}")

        response = search(client, "espaces verts")

        assert len(response.context["results"]["fiches"]) == 2
        assert response.context["results"]["fiche_count"] == 3
        assert f'href="{index.url}?q=espaces%20verts"' in response.content.decode()

    def test_links_to_the_directory_when_more_actors_match(self, client, index, monkeypatch):
        monkeypatch.setattr(site_search, "ACTORS_SHOWN", 2)
        buyers = [factories.BuyerFactory(name=f"Commune maraîchère n°{n}") for n in range(3)]
        fiche(index, "Légumes frais", buyers=buyers)

        response = search(client, "maraichere")

        group = response.context["results"]["actor_groups"][0]
        assert group["count"] == 3
        assert len(group["actors"]) == 2
        assert 'href="/fr/acteurs/?type=acheteurs&amp;q=maraichere"' in response.content.decode()

    def test_accents_are_ignored(self, client, index):
        supplier = factories.ESSStructureFactory(name="Coopérative du Bocage")
        shown = fiche(index, "Une coopérative de maraîchage", suppliers=[supplier])

        response = search(client, "cooperative")

        assert [item.pk for item in response.context["results"]["fiches"]] == [shown.pk]
        assert [actor.pk for actor in response.context["results"]["actor_groups"][1]["actors"]] == [
            supplier.pk
        ]
        assert "<mark>Coopérative</mark> du Bocage" in response.content.decode()

    def test_accents_are_ignored_in_content_pages(self, client, index, home):
        page = add_content_page(home, title="Qui sommes-nous", slug="qui", intro="Une coopérative.")

        response = search(client, "cooperative")

        assert [item.pk for item in response.context["results"]["pages"]] == [page.pk]

    def test_french_stemming_finds_plural_and_singular(self, client, index):
        shown = fiche(index, "Entretien des espaces verts")

        response = search(client, "espace vert")

        assert [item.pk for item in response.context["results"]["fiches"]] == [shown.pk]

    @pytest.mark.parametrize(("query", "text"), FRENCH_FORMS)
    def test_plurals_and_accents_are_forgiven(self, client, index, query, text):
        supplier = factories.ESSStructureFactory(name=text)
        shown = fiche(
            index,
            text,
            chapo="Un marché.",
            body=[],
            main_cpv=factories.cpv("79822500-7"),
            suppliers=[supplier],
        )
        fiche(
            index,
            "Conception graphique",
            chapo="Un marché.",
            body=[],
            main_cpv=factories.cpv("79822500-7"),
        )

        results = search(client, query).context["results"]

        assert [item.pk for item in results["fiches"]] == [shown.pk]
        assert [actor.pk for actor in results["actor_groups"][1]["actors"]] == [supplier.pk]

    def test_best_matches_first(self, client, index):
        weak = fiche(index, "Restauration collective", chapo="Avec un petit coin de jardin.")
        strong = fiche(index, "Jardin partagé et jardin d'insertion", chapo="Un jardin.")

        response = search(client, "jardin")

        assert [item.pk for item in response.context["results"]["fiches"]] == [strong.pk, weak.pk]

    def test_works_under_the_english_prefix(self, client, index):
        assert search(client, "jardins", url="/en/recherche/").status_code == 200


class TestOnlyPublicData:
    def test_drafts_unpublished_and_private_fiches_stay_hidden(self, client, index):
        fiche(index, "Brouillon des jardins", publish=False)
        withdrawn = fiche(index, "Jardins retirés")
        withdrawn.unpublish()
        restrict(fiche(index, "Jardins privés"))
        shown = fiche(index, "Jardins publics")

        response = search(client, "jardins")

        assert [item.pk for item in response.context["results"]["fiches"]] == [shown.pk]
        content = response.content.decode()
        for hidden in ("Brouillon des jardins", "Jardins retirés", "Jardins privés"):
            assert hidden not in content

    def test_actors_only_when_they_appear_in_a_public_fiche(self, client, index):
        in_draft = factories.BuyerFactory(name="Commune des jardins brouillons")
        fiche(index, "Un brouillon", buyers=[in_draft], publish=False)
        in_private = factories.ESSStructureFactory(name="Association des jardins privés")
        restrict(fiche(index, "Une fiche privée", suppliers=[in_private]))
        factories.OperatorFactory(name="Maison des jardins sans fiche")
        author = factories.OperatorFactory(name="CRESS des jardins")
        fiche(index, "Une fiche publique", author=author)

        response = search(client, "jardins")

        groups = response.context["results"]["actor_groups"]
        shown = [actor for group in groups for actor in group["actors"]]
        assert shown == [author]
        content = response.content.decode()
        assert "brouillons" not in content
        assert "Association des jardins privés" not in content
        assert "sans fiche" not in content

    def test_private_draft_and_other_language_pages_stay_hidden(self, client, index, home):
        restrict(add_content_page(home, title="Jardins réservés aux membres"))
        add_content_page(home, title="Jardins en préparation", publish=False)
        english = Locale.objects.create(language_code="en")
        home_en = home.copy_for_translation(english)
        home_en.save_revision().publish()
        add_content_page(home_en, title="Jardins in English")
        shown = add_content_page(home, title="Jardins ouverts à tous")

        response = search(client, "jardins")

        assert [page.pk for page in response.context["results"]["pages"]] == [shown.pk]
        content = response.content.decode()
        assert "réservés aux membres" not in content
        assert "en préparation" not in content
        assert "in English" not in content


def test_the_header_has_a_search_box_and_the_actors_link(client, index):
    content = client.get(index.url).content.decode()

    assert 'action="/fr/recherche/"' in content
    assert 'data-suggestions-url="/fr/recherche/suggestions/"' in content
    assert 'href="/fr/acteurs/"' in content
    assert "js/suggestions.js" in content


def test_search_page_does_not_query_per_result(client, index, home):
    def add(count, start):
        for number in range(start, start + count):
            fiche(
                index,
                f"Entretien des jardins n°{number}",
                buyers=[factories.BuyerFactory(name=f"Commune des jardins n°{number}")],
                suppliers=[factories.ESSStructureFactory(name=f"Jardins solidaires n°{number}")],
                operators=[factories.OperatorFactory(name=f"Maison des jardins n°{number}")],
            )
            add_content_page(home, title=f"Jardins, page n°{number}")

    def count():
        assert search(client, "jardins").status_code == 200
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = search(client, "jardins")
        assert response.status_code == 200
        return len(queries), response.context["results"]["total"]

    add(2, 0)
    small, total = count()
    assert total == 10  # 2 fiches, 6 actors, 2 pages
    add(18, 2)

    assert count() == (small, 100)
