"""Related fiches at the end of a fiche page: scoring, what never shows, query counts."""

import pytest
from wagtail.models import Locale

from fiches import factories
from fiches.discovery import selectors as discovery
from tests.helpers import (
    LEAN,
    NO_LEVERS,
    RESERVED_L2113_13,
    assert_same_queries,
    related_fiche,
    rendered_query_count,
)


@pytest.fixture
def source(index, green):
    """Green spaces (CPV division 77) in Bretagne, reserved contract."""
    return related_fiche(
        index,
        main="77310000-6",
        region="53",
        themes=[green],
        levers=RESERVED_L2113_13,
    )


def titles(fiches):
    return [fiche.title for fiche in fiches]


def test_the_most_related_fiche_comes_first(index, source, green):
    unrelated = related_fiche(index, title="Sans rapport", main="55524000-9")
    weak = related_fiche(index, title="Même région", region="53")
    medium = related_fiche(index, title="Même division CPV", main="77211300-5")
    strong = related_fiche(
        index,
        title="Division CPV et thématique",
        additional_cpvs=[factories.cpv("77211300-5")],
        themes=[green],
    )
    lever = related_fiche(index, title="Même levier", levers=RESERVED_L2113_13)

    related = discovery.related_fiches(fiche=source)

    # 3 + 2, then 3, then the two 1-point fiches, the most recent first.
    assert titles(related) == [strong.title, medium.title, lever.title, weak.title]
    assert unrelated.title not in titles(related)
    assert [fiche.related_score for fiche in related] == [5, 3, 1, 1]


def test_each_shared_theme_and_lever_adds_to_the_score(index, source, green):
    other = factories.ThemeFactory(name="Réemploi")
    source.themes.add(other)
    source.social_clause = True
    source.save()
    one_theme = related_fiche(index, title="Une thématique", themes=[green])
    two_themes = related_fiche(
        index,
        title="Deux thématiques et un levier",
        themes=[green, other],
        levers={"social_clause": True},
    )

    related = discovery.related_fiches(fiche=source)

    assert titles(related) == [two_themes.title, one_theme.title]
    assert [fiche.related_score for fiche in related] == [5, 2]


def test_the_limit_keeps_the_best(index, source):
    for number in range(6):
        related_fiche(index, title=f"Région {number}", region="53")
    best = related_fiche(index, title="Division", main="77211300-5")

    related = discovery.related_fiches(fiche=source, limit=4)

    assert len(related) == 4
    assert related[0] == best


def test_drafts_other_languages_and_the_fiche_itself_never_appear(index, source, green):
    related_fiche(
        index,
        title="Brouillon jumeau",
        main="77310000-6",
        region="53",
        themes=[green],
        publish=False,
    )
    english = Locale.objects.get_or_create(language_code="en")[0]
    for page in (index.get_parent(), index):
        page.copy_for_translation(english).save_revision().publish()
    twin = related_fiche(index, title="Jumelle", main="77310000-6", region="53", themes=[green])
    twin_en = twin.copy_for_translation(english)
    twin_en.title = "English twin"
    twin_en.save_revision().publish()

    related = discovery.related_fiches(fiche=source)

    assert titles(related) == ["Jumelle"]
    assert source not in related


def test_a_fiche_sharing_nothing_has_no_related_fiches(index):
    lonely = related_fiche(index, main="55524000-9", region="84")
    lonely.region = None
    lonely.main_cpv = None
    lonely.save()
    related_fiche(index, main="90910000-9")

    assert discovery.related_fiches(fiche=lonely) == []


def test_works_on_an_unsaved_fiche_in_preview(index, green):
    candidate = related_fiche(index, title="Candidate", themes=[green])
    draft = factories.FichePageFactory.build(
        main_cpv=factories.cpv("55524000-9"), region=None, themes=[green], **NO_LEVERS, **LEAN
    )
    draft.locale = Locale.get_default()

    assert discovery.related_fiches(fiche=draft) == [candidate]


def test_the_fiche_page_ends_with_related_fiches(client, index, source):
    related_fiche(index, title="Voisine par la division CPV", main="77211300-5")
    response = client.get(source.url)

    content = response.content.decode()
    assert "Fiches similaires" in content
    assert content.index("Voisine par la division CPV") > content.index("Fiches similaires")


def test_no_related_section_without_related_fiches(client, index):
    lonely = related_fiche(index, main="55524000-9", region="84")
    response = client.get(lonely.url)

    assert response.status_code == 200
    assert "Fiches similaires" not in response.content.decode()


def test_fiche_page_queries_do_not_grow_with_related_candidates(client, index, source, green):
    def add(count):
        for _ in range(count):
            related_fiche(
                index,
                main="77211300-5",
                themes=[green],
                hero_image=factories.ImageFactory(),
            )

    add(2)
    small = rendered_query_count(client, source.url)
    add(6)
    large = rendered_query_count(client, source.url)

    assert_same_queries(small, large)
