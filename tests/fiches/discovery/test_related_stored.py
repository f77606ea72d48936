"""Related fiches stored when content is published (fiches.discovery.related): the same lists as
the live scoring, refreshed on publication, unpublication, move and deletion, read with the
visibility rule and in a constant number of queries."""

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from fiches import factories
from fiches.discovery import related
from fiches.discovery import selectors as discovery
from fiches.models import RelatedFiche
from tests.helpers import (
    RESERVED_L2113_13,
    assert_same_queries,
    related_fiche,
    rendered_query_count,
)


@pytest.fixture
def source(index, green):
    return related_fiche(
        index,
        title="Source",
        main="77310000-6",
        region="53",
        themes=[green],
        levers=RESERVED_L2113_13,
    )


def stored(fiche):
    return [(item.pk, item.related_score) for item in discovery.stored_related_fiches(fiche=fiche)]


def live(fiche):
    fiche = type(fiche).objects.get(pk=fiche.pk)
    return [(item.pk, item.related_score) for item in discovery.related_fiches(fiche=fiche)]


@pytest.fixture
def neighbourhood(index, source, green):
    other = factories.ThemeFactory(name="Réemploi")
    return [
        related_fiche(index, title="Sans rapport", main="55524000-9"),
        related_fiche(index, title="Même région", region="53"),
        related_fiche(index, title="Même division CPV", main="77211300-5", themes=[other]),
        related_fiche(
            index,
            title="Division CPV et thématique",
            additional_cpvs=[factories.cpv("77211300-5")],
            themes=[green, other],
        ),
        related_fiche(
            index, title="Même levier", levers={**RESERVED_L2113_13, "social_clause": True}
        ),
        related_fiche(index, title="Levier et région", region="53", levers={"social_clause": True}),
        related_fiche(index, title="Deux thématiques", themes=[green, other], region="53"),
    ]


def test_the_stored_lists_are_the_live_ones_after_each_publication(source, neighbourhood):
    for fiche in [source, *neighbourhood]:
        assert stored(fiche) == live(fiche), fiche.title
    assert stored(source)[0][1] == 5


def test_refresh_all_computes_the_same_lists(source, neighbourhood):
    expected = {fiche.pk: stored(fiche) for fiche in [source, *neighbourhood]}
    RelatedFiche.objects.all().delete()

    call_command("refresh_related_fiches", verbosity=0)

    assert {fiche.pk: stored(fiche) for fiche in [source, *neighbourhood]} == expected


def test_a_new_matching_fiche_enters_the_lists_of_the_others(index, source):
    assert stored(source) == []

    newcomer = related_fiche(index, title="Nouvelle", main="77211300-5")

    assert stored(source) == [(newcomer.pk, 3)]
    assert stored(newcomer) == [(source.pk, 3)]


def test_a_revision_that_changes_what_is_shared_moves_the_lists(index, source, green):
    neighbour = related_fiche(index, title="Voisine", main="55524000-9")
    assert stored(source) == []

    neighbour.themes.add(green)
    neighbour.save_revision().publish()

    assert stored(source) == [(neighbour.pk, 2)]


def test_an_unpublished_fiche_leaves_the_lists_at_once_then_for_good(index, source, monkeypatch):
    neighbour = related_fiche(index, title="Voisine", main="77211300-5")
    assert stored(source) == [(neighbour.pk, 3)]

    # Before the task runs: the page reads the rows with the visibility rule.
    with monkeypatch.context() as patched:
        patched.setattr(related, "schedule", lambda *args, **kwargs: None)
        neighbour.unpublish()
        assert RelatedFiche.objects.filter(related=neighbour).exists()
        assert stored(source) == []

    related.refresh(neighbour.pk)
    assert not RelatedFiche.objects.filter(related=neighbour).exists()
    assert not RelatedFiche.objects.filter(fiche=neighbour).exists()


def test_a_fiche_made_private_never_shows(client, index, home, source):
    private_section = factories.FicheIndexPageFactory(parent=home, title="Privé", slug="prive")
    PageViewRestriction.objects.create(page=private_section, restriction_type="login")
    hidden = related_fiche(private_section, title="Fiche privée", main="77211300-5")
    visible = related_fiche(index, title="Fiche publique", main="77211300-5")

    assert stored(source) == [(visible.pk, 3)]
    content = client.get(source.url).content.decode()
    assert "Fiche publique" in content
    assert hidden.title not in content


def test_a_fiche_moved_under_a_private_section_leaves_the_lists(index, home, source):
    neighbour = related_fiche(index, title="Voisine", main="77211300-5")
    private_section = factories.FicheIndexPageFactory(parent=home, title="Privé", slug="prive")
    PageViewRestriction.objects.create(page=private_section, restriction_type="login")

    neighbour.move(private_section, pos="last-child")

    assert stored(source) == []
    assert not RelatedFiche.objects.filter(related=neighbour).exists()


def test_a_deleted_fiche_makes_room_for_the_next_one(
    index, source, django_capture_on_commit_callbacks
):
    best = [related_fiche(index, title=f"Division {n}", main="77211300-5") for n in range(4)]
    fifth = related_fiche(index, title="Même région", region="53")
    assert [pk for pk, _score in stored(source)] == [fiche.pk for fiche in reversed(best)]

    with django_capture_on_commit_callbacks(execute=True):
        best[0].delete()

    assert [pk for pk, _score in stored(source)] == [
        *(fiche.pk for fiche in reversed(best[1:])),
        fifth.pk,
    ]


def test_the_fiche_page_shows_the_stored_list(client, index, source):
    related_fiche(index, title="Voisine par la division CPV", main="77211300-5")
    RelatedFiche.objects.all().delete()

    content = client.get(source.url).content.decode()

    # The page reads the stored rows, not a live score.
    assert "Fiches similaires" not in content


def test_fiche_page_queries_do_not_grow_with_the_number_of_fiches(client, index, source, green):
    def add(count):
        for _ in range(count):
            related_fiche(
                index, main="77211300-5", themes=[green], hero_image=factories.ImageFactory()
            )
            related_fiche(index, main="55524000-9", region="84")

    add(1)
    small = rendered_query_count(client, source.url)
    add(6)
    large = rendered_query_count(client, source.url)

    assert_same_queries(small, large)


def test_a_catalogue_deleted_with_its_fiches_refreshes_the_others_once(
    index, home, source, django_capture_on_commit_callbacks, monkeypatch
):
    other = factories.FicheIndexPageFactory(parent=home, title="Autre", slug="autre")
    doomed = [related_fiche(other, title=f"Condamnée {n}", main="77211300-5") for n in range(3)]
    survivor = related_fiche(index, title="Même région", region="53")
    assert {pk for pk, _score in stored(source)} == {fiche.pk for fiche in [*doomed, survivor]}
    calls = []
    original = related.schedule
    monkeypatch.setattr(related, "schedule", lambda *args: calls.append(args) or original(*args))

    with django_capture_on_commit_callbacks(execute=True):
        other.delete()

    assert len(calls) == 1
    assert stored(source) == [(survivor.pk, 1)]


def test_unpublishing_refreshes_the_lists_through_the_task(index, source):
    neighbour = related_fiche(index, title="Voisine", main="77211300-5")
    fifth = related_fiche(index, title="Même région", region="53")
    assert stored(source) == [(neighbour.pk, 3), (fifth.pk, 1)]

    neighbour.unpublish()

    assert not RelatedFiche.objects.filter(related=neighbour).exists()
    assert not RelatedFiche.objects.filter(fiche=neighbour).exists()
    assert stored(source) == [(fifth.pk, 1)]


def test_a_restriction_on_the_catalogue_empties_every_list_and_lifting_it_restores_them(
    index, source
):
    neighbour = related_fiche(index, title="Voisine", main="77211300-5")
    assert stored(source) == [(neighbour.pk, 3)]

    restriction = PageViewRestriction.objects.create(page=index, restriction_type="login")

    assert not RelatedFiche.objects.exists()
    restriction.delete()
    assert stored(source) == [(neighbour.pk, 3)]
    assert stored(neighbour) == [(source.pk, 3)]


def test_a_restriction_on_one_fiche_removes_it_from_the_lists(index, source):
    neighbour = related_fiche(index, title="Voisine", main="77211300-5")

    PageViewRestriction.objects.create(page=neighbour, restriction_type="password", password="x")

    assert not RelatedFiche.objects.filter(related=neighbour).exists()
    assert not RelatedFiche.objects.filter(fiche=neighbour).exists()
    assert stored(source) == []


def test_a_section_moved_under_a_private_page_leaves_the_lists_and_comes_back(index, home, source):
    private = factories.FicheIndexPageFactory(parent=home, title="Privé", slug="prive")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    section = factories.FicheIndexPageFactory(parent=home, title="Section", slug="section")
    moved = related_fiche(section, title="Déplacée", main="77211300-5")
    assert stored(source) == [(moved.pk, 3)]

    section.move(private, pos="last-child")
    assert stored(source) == []
    assert not RelatedFiche.objects.filter(related=moved).exists()

    section.refresh_from_db()
    section.move(home, pos="last-child")
    assert stored(source) == [(moved.pk, 3)]


def test_refreshing_one_locale_keeps_the_lists_of_the_others(index, source, monkeypatch):
    neighbour = related_fiche(index, title="Voisine", main="77211300-5")
    other_locale = source.locale_id + 1000

    assert related.refresh_all(locale_ids=[other_locale]) == 0

    assert stored(source) == [(neighbour.pk, 3)]
