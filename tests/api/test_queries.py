"""Query counts are constant in the number of fiches, stakeholders, blocks, images and CPV codes."""

import io

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fiches import factories
from fiches.choices import MEMBER_KINDS, Groupement, ReservedArticle

pytestmark = pytest.mark.django_db


def count_queries(api_get, path, **params):
    api_get(path, **params)  # renditions are created on the first request only
    with CaptureQueriesContext(connection) as queries:
        response = api_get(path, **params)
    assert response.status_code == 200, response.content
    return len(queries)


def small_image():
    """A small picture: renditions of big ones would make these tests slow, not more telling."""
    picture = io.BytesIO(factories.make_png(width=96, height=54))
    return factories.ImageFactory(file=ImageFile(picture, name="petite.png"))


def rich_fiche(index, size):
    images = [small_image() for _ in range(size)]
    body = factories.fiche_body(image=images[0], document=factories.DocumentFactory())
    body += [("image", body[-2][1]) for _ in range(size)]
    return factories.FichePageFactory(
        parent=index,
        hero_image=images[-1],
        themes=[factories.ThemeFactory() for _ in range(size)],
        buyers=[factories.BuyerFactory(logo=images[0]) for _ in range(size)],
        suppliers=[factories.ESSStructureFactory() for _ in range(size)],
        operators=[factories.OperatorFactory() for _ in range(size)],
        additional_cpvs=[factories.cpv(code) for code in list(factories.KNOWN_CPV)[1 : size + 1]],
        criteria=[(f"Critère {n}", None) for n in range(size)],
        reserved_articles=ReservedArticle.values[: min(size, len(ReservedArticle.values))],
        groupement=Groupement.SEVERAL,
        groupement_lead_unknown=True,
        unnamed_members=[(kind, n + 1, "") for n, (kind, _label) in enumerate(MEMBER_KINDS[:size])],
        body=body,
    )


def test_fiche_listing_is_constant_in_the_number_of_fiches(api_get, index):
    for _ in range(2):
        rich_fiche(index, 2)
    few = count_queries(api_get, "/api/v2/pages/", type="fiches.FichePage")
    for _ in range(6):
        rich_fiche(index, 2)
    many = count_queries(api_get, "/api/v2/pages/", type="fiches.FichePage")

    assert few == many


def test_every_field_of_a_listing_is_constant_in_the_number_of_fiches(api_get, index):
    # Every field: the groupement and the reserved articles, read from rows of their own.
    rich_fiche(index, 2)
    few = count_queries(api_get, "/api/v2/pages/", type="fiches.FichePage", fields="*")
    for _ in range(4):
        rich_fiche(index, 2)
    many = count_queries(api_get, "/api/v2/pages/", type="fiches.FichePage", fields="*")

    assert few == many


def test_fiche_listing_is_constant_in_the_size_of_each_fiche(api_get, index):
    rich_fiche(index, 2)
    few = count_queries(api_get, "/api/v2/pages/", type="fiches.FichePage", fields="*")
    index.get_children().delete()
    rich_fiche(index, 12)
    many = count_queries(api_get, "/api/v2/pages/", type="fiches.FichePage", fields="*")

    assert few == many


def test_fiche_detail_is_constant_in_stakeholders_blocks_images_and_cpv(api_get, index):
    small = rich_fiche(index, 2)
    big = rich_fiche(index, 12)

    assert count_queries(api_get, f"/api/v2/pages/{small.pk}/") == count_queries(
        api_get, f"/api/v2/pages/{big.pk}/"
    )


@pytest.mark.parametrize("endpoint", ["buyers", "ess-structures", "operators"])
def test_actor_listing_is_constant(api_get, index, endpoint):
    rich_fiche(index, 2)
    few = count_queries(api_get, f"/api/v2/{endpoint}/", fields="*")
    rich_fiche(index, 12)
    many = count_queries(api_get, f"/api/v2/{endpoint}/", fields="*")

    assert few == many


@pytest.mark.parametrize("endpoint", ["images", "themes", "regions", "departments", "cpv-codes"])
def test_reference_listing_is_constant(api_get, index, endpoint):
    rich_fiche(index, 2)
    few = count_queries(api_get, f"/api/v2/{endpoint}/", fields="*")
    rich_fiche(index, 12)
    many = count_queries(api_get, f"/api/v2/{endpoint}/", fields="*")

    assert few == many
