"""fiches.catalogue.counts.total: one number per queryset, counted with the other facets in the
one query of count_all, whatever the queryset's model."""

from fiches.catalogue import counts
from fiches.models import FichePage, Region
from fiches.selectors import published_fiches
from tests.helpers import fiche_in


def test_totals_of_fiches_and_of_another_model_in_one_query(index, django_assert_num_queries):
    fiche_in(index, "53")
    fiche_in(index, "53")
    fiche_in(index, "11")
    fiches = published_fiches()
    with django_assert_num_queries(1):
        found = counts.count_all(
            [
                (counts.total(distinct=True), fiches),
                (counts.total("region", distinct=True), fiches),
                (counts.total(), Region.objects.filter(code__in=["53", "11", "84"])),
                (counts.total(), FichePage.objects.none()),
            ],
            None,
        )
    assert found == [3, 2, 3, 0]


def test_a_total_of_nothing_is_zero(index):
    assert counts.total()(published_fiches(), None) == 0
