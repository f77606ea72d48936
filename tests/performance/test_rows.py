"""``fiches.selectors.rows.prefetch_rows``: the small tables of any number of fiches in one
query, giving exactly what Django's ``prefetch_related`` gives (same rows, same order, same
values to the last decimal place and the precision of a partial date)."""

from django.db.models import prefetch_related_objects
from modelcluster.fields import ParentalKey

from fiches import factories
from fiches.choices import MEMBER_KINDS, Groupement, MilestoneKind, ReservedArticle
from fiches.models import FichePage
from fiches.selectors import LINKS, link_prefetches
from fiches.selectors.rows import ROW_RELATIONS, prefetch_rows


def varied_fiche(index, number):
    logo = factories.ImageFactory()
    draft = factories.ESSStructureFactory(live=False)
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
        buyers=[factories.BuyerFactory(logo=logo), factories.BuyerFactory()],
        suppliers=[factories.ESSStructureFactory(), draft],
        operators=[factories.OperatorFactory(logo=logo)],
    )


def loaded_by_django(pks):
    fiches = list(FichePage.objects.filter(pk__in=pks).order_by("pk"))
    plain = [relation for relation in ROW_RELATIONS if relation not in LINKS]
    prefetch_related_objects(
        fiches,
        *plain,
        "additional_cpvs__cpv",
        *link_prefetches("actor__logo", "actor__region"),
    )
    return fiches


def values(instance):
    if instance is None:
        return None
    return [
        repr(getattr(instance, field.attname)) for field in type(instance)._meta.concrete_fields
    ]


def described(fiche):
    """Every value of every row, with its type (``Decimal('40.50')`` is not ``40.5``), and of
    the actor, logo and region of each stakeholder link."""
    rows = {
        relation: [values(row) for row in getattr(fiche, relation).all()]
        for relation in ROW_RELATIONS
    }
    for relation in LINKS:
        rows[f"{relation} actors"] = [
            [values(link.actor), values(link.actor.logo), values(link.actor.region)]
            for link in getattr(fiche, relation).all()
        ]
    return rows


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
    assert [len(fiche.supplier_links.all()) for fiche in fiches[:3]] == [1, 1, 1]
    assert got[0]["buyer_links actors"][0][1] is not None


def test_what_is_already_loaded_is_not_read_again(index, django_assert_num_queries):
    fiche = FichePage.objects.get(pk=varied_fiche(index, 1).pk)
    prefetch_rows([fiche])

    with django_assert_num_queries(0):
        prefetch_rows([fiche])
        prefetch_rows([])


def test_every_table_a_fiche_owns_is_read_or_named_apart():
    """A new row table or many-to-many of the fiche is read by ``prefetch_rows`` or said to be
    left out: Wagtail's comments (admin only)."""
    apart = {"wagtail_admin_comments"}
    owned = {
        relation.name
        for relation in FichePage._meta.related_objects
        if relation.one_to_many and isinstance(relation.field, ParentalKey)
    }
    owned |= {field.name for field in FichePage._meta.get_fields() if field.many_to_many}

    assert owned - apart == set(ROW_RELATIONS)


def test_the_query_compiled_once_reads_each_call_s_own_fiches(index):
    """The statement is compiled once per number of fiches and reused with other ids."""
    first, second = (FichePage.objects.get(pk=varied_fiche(index, n).pk) for n in (1, 2))
    prefetch_rows([first])
    prefetch_rows([second])

    assert [str(row.date) for row in first.milestones.all()][-1].endswith("11")
    assert [str(row.date) for row in second.milestones.all()][-1].endswith("12")
    assert described(first) == described(loaded_by_django([first.pk])[0])
    assert described(second) == described(loaded_by_django([second.pk])[0])
