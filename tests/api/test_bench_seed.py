"""The benchmark's seed (bench/seed.py) writes pages in bulk: the API must see them as it sees
fiches published through Wagtail, images and search included, or the API rows of the benchmark
would measure an empty shell."""

import pytest
from django.db import transaction
from wagtail.models import ReferenceIndex

from bench import seed
from fiches.models import CustomImage, FichePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    return seed.seed(fiches=6, images=2, progress=False)


def index_rows(fiche):
    return set(
        ReferenceIndex.objects.filter(object_id=str(fiche.pk)).values_list(
            "content_type_id",
            "base_content_type_id",
            "to_content_type_id",
            "to_object_id",
            "model_path",
            "content_path",
            "content_path_hash",
        )
    )


def test_the_reference_index_is_what_wagtail_writes(seeded):
    fiche = FichePage.objects.order_by("path").first()
    bulk = index_rows(fiche)
    assert bulk, "the seed left the reference index empty"
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(fiche)
    assert index_rows(fiche) == bulk


def test_the_api_lists_the_seeded_images_and_finds_the_seeded_fiches(seeded, api_get):
    images = api_get("/api/v2/images/", limit=50).json()
    assert {item["id"] for item in images["items"]} == set(
        CustomImage.objects.values_list("pk", flat=True)
    )
    found = api_get("/api/v2/pages/", type="fiches.FichePage", search="espaces verts").json()
    assert found["meta"]["total_count"] >= 1
    assert all("spaces verts" in item["title"] for item in found["items"])
