"""Inline rows keep the order they were given in: PostgreSQL returns rows without a sort_order
in any order, which once shuffled the suppliers of an export."""

from fiches import factories


def test_factory_rows_are_numbered_in_the_order_given(index):
    first, second = factories.ESSStructureFactory(), factories.ESSStructureFactory()
    fiche = factories.FichePageFactory(
        parent=index,
        suppliers=[second, first],
        criteria=[("Prix", 40), ("Valeur technique", 60)],
    )
    fiche.refresh_from_db()

    assert [(link.sort_order, link.actor_id) for link in fiche.supplier_links.all()] == [
        (0, second.pk),
        (1, first.pk),
    ]
    assert [(row.sort_order, row.name) for row in fiche.award_criteria.all()] == [
        (0, "Prix"),
        (1, "Valeur technique"),
    ]
