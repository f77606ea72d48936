"""``fiches.selectors.rows.prefetch_rows``: the small tables of any number of fiches in one
query, giving exactly what Django's ``prefetch_related`` gives (same rows, same order, same
values to the last decimal place and the precision of a partial date)."""

from django.db.models import prefetch_related_objects
from modelcluster.fields import ParentalKey

from fiches import factories
from fiches.choices import MEMBER_KINDS, Groupement, MilestoneKind, ReservedArticle
from fiches.models import FichePage
from fiches.selectors import LINKS
from fiches.selectors.rows import ROW_RELATIONS, prefetch_rows


def varied_fiche(index, number):
    return factories.FichePageFactory(
        parent=index,
        themes=[factories.ThemeFactory(name=name) for name in ("Écologie", "emploi", "Achats")],
        additional_cpvs=[factories.cpv(code) for code in list(factories.KNOWN_CPV)[1:3]],
        criteria=[("Prix", "40.50"), ("Valeur technique", "59.5")],
        reserved_articles=ReservedArticle.values[:2],
        milestones=[
            (MilestoneKind.RENEWAL, "2015-03", "renouvelé"),
            (MilestoneKind.FIRST_AWARD, "2011", ""),
            (MilestoneKind.FIRST_AWARD, f"2012-01-{number + 10}", ""),
        ],
        groupement=Groupement.SEVERAL,
        unnamed_members=[(kind, 2, "") for kind, _label in MEMBER_KINDS[:2]],
    )


def loaded_by_django(pks):
    fiches = list(FichePage.objects.filter(pk__in=pks).order_by("pk"))
    prefetch_related_objects(fiches, *ROW_RELATIONS, "additional_cpvs__cpv")
    return fiches


def described(fiche):
    """Every value of every row, with its type (``Decimal('40.50')`` is not ``40.5``)."""
    return {
        relation: [
            [repr(getattr(row, field.attname)) for field in type(row)._meta.concrete_fields]
            for row in getattr(fiche, relation).all()
        ]
        for relation in ROW_RELATIONS
    }


def test_one_query_for_every_table_of_every_fiche(index, django_assert_num_queries):
    pks = [varied_fiche(index, number).pk for number in range(3)]
    pks.append(factories.FichePageFactory(parent=index, departments=[]).pk)
    expected = [described(fiche) for fiche in loaded_by_django(pks)]
    fiches = list(FichePage.objects.filter(pk__in=pks).order_by("pk"))

    with django_assert_num_queries(1):
        prefetch_rows(fiches)
    with django_assert_num_queries(0):
        got = [described(fiche) for fiche in fiches]
        codes = [[link.cpv.code for link in fiche.additional_cpvs.all()] for fiche in fiches]
        parents = [row.fiche is fiche for fiche in fiches for row in fiche.milestones.all()]

    assert got == expected
    assert codes[0] == list(factories.KNOWN_CPV)[1:3]
    assert parents == [True] * 9
    assert got[0]["award_criteria"][0][-1] == "Decimal('40.50')"
    assert [len(fiche.themes.all()) for fiche in fiches] == [3, 3, 3, 0]


def test_what_is_already_loaded_is_not_read_again(index, django_assert_num_queries):
    fiche = FichePage.objects.get(pk=varied_fiche(index, 1).pk)
    prefetch_rows([fiche])

    with django_assert_num_queries(0):
        prefetch_rows([fiche])
        prefetch_rows([])


def test_every_table_a_fiche_owns_is_read_or_named_apart():
    """A new row table or many-to-many of the fiche is read by ``prefetch_rows`` or said to be
    read elsewhere: the stakeholder links (with their actors, ``link_prefetches``) and
    Wagtail's comments (admin only)."""
    apart = {*LINKS, "wagtail_admin_comments"}
    owned = {
        relation.name
        for relation in FichePage._meta.related_objects
        if relation.one_to_many and isinstance(relation.field, ParentalKey)
    }
    owned |= {field.name for field in FichePage._meta.get_fields() if field.many_to_many}

    assert owned - apart == set(ROW_RELATIONS)
