"""The public actor pages: /fr/acteurs/<kind>/<slug>/."""

import io

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from fiches import factories
from fiches.choices import BuyerRole, OperatorRole, SupplierRole

KINDS = [
    pytest.param(
        "acheteurs",
        factories.BuyerFactory,
        "buyers",
        BuyerRole.MEMBER,
        "Membre d'un groupement de commandes",
        id="acheteurs",
    ),
    pytest.param(
        "structures-ess",
        factories.ESSStructureFactory,
        "suppliers",
        SupplierRole.SUBCONTRACTOR,
        "Sous-traitant",
        id="structures-ess",
    ),
    pytest.param(
        "operateurs",
        factories.OperatorFactory,
        "operators",
        OperatorRole.MONITORING,
        "Suivi et évaluation",
        id="operateurs",
    ),
]


def small_image():
    """An image small enough to keep renditions cheap to create."""
    png = factories.make_png(width=64, height=36)
    return factories.ImageFactory(file=ImageFile(io.BytesIO(png), name="photo.png"))


@pytest.mark.parametrize(("kind", "actor_factory", "link_field", "role", "role_label"), KINDS)
class TestActorPage:
    def test_lists_the_published_fiches_of_the_actor_with_its_role(
        self, client, index, kind, actor_factory, link_field, role, role_label
    ):
        actor = actor_factory(name="Acteur suivi", short_description="Il agit en Bretagne.")
        shown = factories.FichePageFactory(
            parent=index, title="Fiche publiée", **{link_field: [(actor, role, "")]}
        )
        draft = factories.FichePageFactory(
            parent=index, title="Fiche brouillon", publish=False, **{link_field: [actor]}
        )
        withdrawn = factories.FichePageFactory(
            parent=index, title="Fiche retirée", **{link_field: [actor]}
        )
        withdrawn.unpublish()
        other = factories.FichePageFactory(parent=index, title="Fiche d'un autre acteur")

        response = client.get(f"/fr/acteurs/{kind}/{actor.slug}/")

        assert response.status_code == 200
        assert [link.fiche.pk for link in response.context["links"]] == [shown.pk]
        content = response.content.decode()
        assert "Acteur suivi" in content
        assert "Il agit en Bretagne." in content
        assert shown.url in content
        assert escape(role_label) in content
        for hidden in (draft, withdrawn, other):
            assert escape(hidden.title) not in content

    def test_an_unknown_slug_is_not_found(
        self, client, index, kind, actor_factory, link_field, role, role_label
    ):
        actor = actor_factory(name="Existe")
        factories.FichePageFactory(parent=index, **{link_field: [actor]})

        assert client.get(f"/fr/acteurs/{kind}/existe/").status_code == 200
        assert client.get(f"/fr/acteurs/{kind}/n-existe-pas/").status_code == 404

    def test_an_actor_of_no_public_fiche_is_not_found(
        self, client, index, kind, actor_factory, link_field, role, role_label
    ):
        actor = actor_factory(name="Seulement dans un brouillon")
        draft = factories.FichePageFactory(parent=index, publish=False, **{link_field: [actor]})

        assert client.get(f"/fr/acteurs/{kind}/{actor.slug}/").status_code == 404
        draft.save_revision().publish()
        assert client.get(f"/fr/acteurs/{kind}/{actor.slug}/").status_code == 200


def test_an_actor_is_not_found_under_another_kind(client, index):
    supplier = factories.ESSStructureFactory(name="Recyclerie du Pays")
    factories.FichePageFactory(parent=index, suppliers=[supplier])

    assert client.get(f"/fr/acteurs/structures-ess/{supplier.slug}/").status_code == 200
    assert client.get(f"/fr/acteurs/acheteurs/{supplier.slug}/").status_code == 404


def test_an_unknown_kind_is_not_found(client, db):
    buyer = factories.BuyerFactory()

    assert client.get(f"/fr/acteurs/partenaires/{buyer.slug}/").status_code == 404


def test_actor_page_does_not_query_per_fiche(client, index):
    actor = factories.ESSStructureFactory(logo=small_image())
    theme = factories.ThemeFactory(name="Réemploi")
    url = actor.get_absolute_url()

    def add_fiches(count):
        for _ in range(count):
            factories.FichePageFactory(
                parent=index,
                hero_image=small_image(),
                themes=[theme],
                body=[],
                buyers=[],
                operators=[],
                suppliers=[(actor, SupplierRole.HOLDER, "")],
            )

    def count():
        assert client.get(url).status_code == 200
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add_fiches(2)
    small = count()
    add_fiches(18)

    assert count() == small
