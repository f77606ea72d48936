"""The bench seeding writes pages in bulk: they must be what publishing through Wagtail gives."""

import pytest
from wagtail.models import Page, Revision

from bench import seed
from fiches.discovery import selectors as discovery
from fiches.models import (
    Buyer,
    ESSStructure,
    FicheIndexPage,
    FichePage,
    Operator,
    RelatedFiche,
)


def test_actor_counts_are_proportionate():
    assert seed.actor_counts(1000) == {"buyers": 333, "structures": 333, "operators": 50}
    assert seed.actor_counts(5) == {"buyers": 1, "structures": 1, "operators": 1}


@pytest.fixture
def seeded(db):
    return seed.seed(fiches=5, images=2, progress=False)


def test_seed_creates_live_fiches_and_actors(seeded):
    assert seeded.fiches == 5
    assert FichePage.objects.live().count() == 5
    assert Buyer.objects.count() == ESSStructure.objects.count() == Operator.objects.count() == 1
    fiche = FichePage.objects.order_by("path").first()
    assert fiche.buyer_links.count() == 1
    assert fiche.themes.count() == 2
    assert fiche.award_criteria.count() == 2
    assert fiche.first_published_at is not None


def test_seeded_tree_is_consistent(seeded):
    index = FicheIndexPage.objects.get()
    assert index.numchild == 5
    assert Page.find_problems() == ([], [], [], [], [])
    for fiche in FichePage.objects.all():
        assert fiche.url_path == f"{index.url_path}{fiche.slug}/"
        assert fiche.get_parent().pk == index.pk
        assert fiche.locale_id == index.locale_id
        assert fiche.live_revision.as_object().title == fiche.title
    assert (
        Revision.objects.filter(
            object_id__in=[str(pk) for pk in FichePage.objects.values_list("pk", flat=True)]
        ).count()
        == 5
    )


def test_seeded_pages_are_served_and_searchable(seeded, client):
    fiche = FichePage.objects.order_by("path").first()
    response = client.get(fiche.url)
    assert response.status_code == 200
    assert fiche.title in response.content.decode()
    catalogue = client.get("/fr/fiches/")
    assert catalogue.status_code == 200
    assert fiche.title in catalogue.content.decode()
    found = FichePage.objects.live().search("espaces verts")
    assert fiche.pk in [page.pk for page in found]


def test_the_seed_stores_the_related_fiches_as_a_publication_would(seeded):
    for fiche in FichePage.objects.all():
        stored = [(f.pk, f.related_score) for f in discovery.stored_related_fiches(fiche=fiche)]
        live = [(f.pk, f.related_score) for f in discovery.related_fiches(fiche=fiche)]
        assert stored == live
    assert RelatedFiche.objects.exists()
    assert seed.fill_related_fiches_if_empty() is False
    RelatedFiche.objects.all().delete()
    assert seed.fill_related_fiches_if_empty() is True
    assert RelatedFiche.objects.exists()
