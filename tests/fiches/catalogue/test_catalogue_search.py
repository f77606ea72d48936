"""Full-text search in the catalogue (/fr/fiches/?q=…): what the index covers, when it is
refreshed, French relevance (PostgreSQL's French configuration, Snowball stems on SQLite), and
the words marked in results."""

import re
from html import unescape

import pytest
from django.db import connection
from wagtail.rich_text import RichText

from fiches import factories
from fiches.models import FichePage, FicheSupplier
from tests.helpers import plain_typography

pytestmark = pytest.mark.django_db

CATALOGUE = "/fr/fiches/"
POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads PostgreSQL's query plan"
)
PLURAL_AFTER_A_VOWEL = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL's French stemmer keeps the « s » of « vélos »; the SQLite search drops it",
)

# A query, the text of the fiche it finds (another form of its words: plural, singular, the
# same stem) and the word marked in that text.
FRENCH_FORMS = [
    pytest.param(
        "vélo", "Des arceaux pour les vélos des agents.", "vélos", marks=PLURAL_AFTER_A_VOWEL
    ),
    ("laverie", "Deux laveries solidaires lavent le linge.", "laveries"),
    ("boulangerie", "Le pain vient des boulangeries du quartier.", "boulangeries"),
    ("athlète", "Les repas des athlètes du centre sportif.", "athlètes"),
    ("espace vert", "La tonte des espaces verts de la zone.", "espaces"),
    pytest.param("vélos", "Un atelier de réparation de vélo.", "vélo", marks=PLURAL_AFTER_A_VOWEL),
    ("laveries", "Une laverie solidaire.", "laverie"),
    ("espaces verts", "Un espace vert partagé.", "vert"),
]


def plain_fiche(index, title, chapo):
    """A fiche whose only searchable words are its title and ``chapo`` (no default body, CPV
    label about green areas or actors)."""
    return factories.FichePageFactory(
        parent=index,
        title=title,
        chapo=chapo,
        body=[],
        main_cpv=factories.cpv("79822500-7"),
        buyers=[],
        suppliers=[],
        operators=[],
    )


def result_titles(client, query, **params):
    """The titles of the result cards, in their order, without the marks of the highlighting."""
    response = client.get(CATALOGUE, {"q": query, **params})
    assert response.status_code == 200
    content = response.content.decode()
    titles = re.findall(r'<a class="card__link" href="[^"]*">(.*?)</a>', content)
    return [plain_typography(unescape(re.sub(r"</?mark>", "", title))) for title in titles]


@pytest.fixture
def textile(index):
    """A fiche whose every searchable part holds a word found nowhere else."""
    return factories.FichePageFactory(
        parent=index,
        title="Blanchisserie hospitalière",
        chapo="Des ourlets et des uniformes repris par une équipe en insertion.",
        body=[("paragraph", RichText("<p>Une teinturerie artisanale a rejoint le projet.</p>"))],
        advice="<p>Anticipez les pics saisonniers.</p>",
        difficulties="<p>Un calendrier serré.</p>",
        buyers=[factories.BuyerFactory(name="Mairie de Quimperlé")],
        suppliers=[factories.ESSStructureFactory(name="Atelier Tissécoop")],
        operators=[factories.OperatorFactory(name="Réseau Gesat")],
        main_cpv=factories.cpv("18110000-3"),
        additional_cpvs=[factories.cpv("98341130-5")],
    )


@pytest.fixture
def other(index):
    return factories.FichePageFactory(parent=index, title="Entretien des espaces verts")


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("blanchisserie", id="title"),
        pytest.param("ourlets", id="chapo"),
        pytest.param("teinturerie", id="body"),
        pytest.param("anticipez", id="lessons"),
        pytest.param("Quimperlé", id="buyer"),
        pytest.param("quimperle", id="buyer-without-accent"),
        pytest.param("Tissécoop", id="ess-supplier"),
        pytest.param("tissecoop", id="ess-supplier-without-accent"),
        pytest.param("gesat", id="operator"),
        pytest.param("vetements", id="main-cpv-label"),
        pytest.param("conciergerie", id="additional-cpv-label"),
        pytest.param("18110000", id="cpv-code"),
    ],
)
def test_searches_titles_summaries_body_lessons_actors_and_cpv_labels(
    client, textile, other, query
):
    assert result_titles(client, query) == [textile.title]


def test_search_works_on_every_database_with_or_without_accents(client, index):
    canteen = factories.FichePageFactory(
        parent=index, title="Restauration scolaire", chapo="Une coopérative livre les repas."
    )
    factories.FichePageFactory(parent=index, title="Entretien des espaces verts")

    assert result_titles(client, "restauration") == [canteen.title]
    assert result_titles(client, "cooperative") == [canteen.title]
    assert result_titles(client, "Coopérative") == [canteen.title]
    assert result_titles(client, "introuvable") == []


def test_search_combines_with_filters(client, index):
    rennes = factories.FichePageFactory(parent=index, title="Espaces verts à Rennes")
    factories.FichePageFactory(parent=index, title="Espaces verts à Nantes", region_id="52")

    assert result_titles(client, "espaces", region="53") == [rennes.title]


def test_a_supplier_added_when_editing_is_found_once_published(client, textile):
    """The stakeholder rows are saved after the page row: the index must still see them."""
    page = FichePage.objects.get(pk=textile.pk)
    newcomer = factories.ESSStructureFactory(name="Lavandières Solidaires")
    page.supplier_links = [FicheSupplier(actor=newcomer)]
    page.title = "Blanchisserie hospitalière et lavage"
    page.save_revision().publish()

    assert result_titles(client, "lavandieres") == ["Blanchisserie hospitalière et lavage"]
    assert result_titles(client, "tissecoop") == []


def test_renaming_an_actor_updates_the_search_of_its_fiches(client, textile):
    supplier = textile.supplier_links.get().actor
    supplier.name = "Atelier Fil d'Ariane"
    supplier.save()

    assert result_titles(client, "ariane") == [textile.title]
    assert result_titles(client, "tissecoop") == []


def test_results_mark_the_words_searched(client, textile):
    content = client.get(CATALOGUE, {"q": "blanchisserie uniforme"}).content.decode()

    assert "<mark>Blanchisserie</mark> hospitalière" in content
    assert "des <mark>uniformes</mark> repris" in content


def test_cards_without_a_search_have_no_marks(client, textile):
    assert "<mark>" not in client.get(CATALOGUE).content.decode()


class TestFrenchRelevance:
    @pytest.mark.parametrize(("query", "text", "marked"), FRENCH_FORMS)
    def test_plurals_and_accents_are_forgiven(self, client, index, query, text, marked):
        found = plain_fiche(index, "Fiche trouvée", text)
        plain_fiche(index, "Autre fiche", "Un marché de conception graphique.")

        assert result_titles(client, query) == [found.title]
        assert f"<mark>{marked}</mark>" in client.get(CATALOGUE, {"q": query}).content.decode()

    def test_stemming_finds_plurals_and_related_forms(self, client, index):
        canteen = factories.FichePageFactory(parent=index, title="Restauration scolaire bio")
        green = factories.FichePageFactory(parent=index, title="Entretien des espaces verts")

        assert canteen.title in result_titles(client, "restauration collective")
        assert green.title in result_titles(client, "espace vert")
        assert result_titles(client, "espace vert")[0] == green.title

    def test_accents_are_ignored(self, client, index):
        cooperative = factories.FichePageFactory(
            parent=index,
            title="Une coopérative de menuiserie",
            chapo="Des meubles fabriqués sur mesure.",
        )
        factories.FichePageFactory(parent=index, title="Entretien des espaces verts")

        assert result_titles(client, "cooperative") == [cooperative.title]
        assert result_titles(client, "coopérative") == [cooperative.title]

    def test_best_matches_first(self, client, index):
        about = factories.FichePageFactory(
            parent=index,
            title="Espaces verts : un marché réservé aux chantiers d'insertion",
            chapo="Tonte, taille et espaces verts des parcs de la ville.",
        )
        mention = factories.FichePageFactory(
            parent=index,
            title="Nettoyage des bâtiments communaux",
            chapo="Le lot comprend aussi un peu d'entretien d'espaces verts.",
        )

        assert result_titles(client, "espaces verts")[:2] == [about.title, mention.title]
        # The visitor may still sort by date instead.
        assert result_titles(client, "espaces verts", order="recent")[:2] == [
            mention.title,
            about.title,
        ]


@POSTGRESQL_ONLY
def test_the_search_reads_the_index_of_title_and_body(textile):
    """Wagtail matches ``title || body``: without the index of migration fiches 0005, every
    search read the whole index table (120 ms at 10,000 fiches)."""
    from wagtail.search.backends import get_search_backend

    results = get_search_backend().search("ourlets", FichePage.objects.all())
    sql, _params = results.get_queryset().values_list("pk").query.sql_with_params()
    matched = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    assert matched in sql  # the expression the index is built on
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: force the choice
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            f"WHERE {matched} to_tsquery('french', 'ourlet')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "fiches_search_title_body_gin" in plan
