"""The catalogue's facet counts are exact (fiches.catalogue.counts.count_facets): over a small
varied catalogue, each value of each facet shows as many fiches as the catalogue would list
with that value and every *other* active filter and the search, counted naively one value at a
time with ``filter_fiches``; whatever the filters and the search, and whichever facets are
counted together (the fragment cache may hold the others)."""

from datetime import date

import pytest

from fiches import factories, selectors
from fiches.catalogue import counts, facets, search
from fiches.catalogue import selectors as catalogue
from fiches.catalogue.reference import Reference
from fiches.choices import BuyerType, ESSFamily, InclusionStatus, Nature, Procedure
from fiches.models import Department, FichePage, Region
from tests.helpers import LEAN

pytestmark = pytest.mark.django_db

COMBINATIONS = [
    {},
    {"region": "53"},
    {"lever": "clause_sociale"},
    {"legal_article": "L2112-2"},
    {"region": "53", "nature": "services", "lever": "clause_sociale"},
    {"department": "35", "theme": "alimentation"},
    {"cpv": "15", "award_year": "2023"},
    {"family": "association", "buyer_type": "commune", "status": "aci"},
    {"lever": "marche_reserve", "legal_article": "L2113-13", "procedure": "procedure_adaptee"},
    {"q": "restauration"},
    {"q": "espaces verts", "region": "53", "department": "35", "family": "cooperative"},
    {"q": "entretien", "cpv": "77", "theme": "espaces-verts", "award_year": "2021"},
    # A selected value that gives nothing, with others that do.
    {"region": "84", "nature": "travaux", "lever": "critere_environnemental"},
]


def department(code):
    return Department.objects.get(code=code)


@pytest.fixture
def varied(index):
    """Fiches that differ on every filter, with several values per fiche where a fiche can
    have several (departments, themes, CPV codes, articles, actors), and fiches that are
    not counted (a draft, a fiche of another catalogue)."""
    green = factories.ThemeFactory(name="Espaces verts")
    food = factories.ThemeFactory(name="Alimentation")
    commune = factories.BuyerFactory(buyer_type=BuyerType.COMMUNE)
    hospital = factories.BuyerFactory(buyer_type=BuyerType.HOSPITAL)
    aci = factories.ESSStructureFactory(
        family=ESSFamily.ASSOCIATION, inclusion_status=InclusionStatus.ACI
    )
    esat = factories.ESSStructureFactory(
        family=ESSFamily.COOPERATIVE, inclusion_status=InclusionStatus.ESAT
    )
    factories.FichePageFactory(
        parent=index,
        title="Entretien des espaces verts de Rennes",
        themes=[green],
        departments=[department("35"), department("22")],
        additional_cpvs=[factories.cpv("77211300-5"), factories.cpv("15331100-8")],
        notification_date=date(2023, 3, 15),
        **{**LEAN, "buyers": [commune, hospital], "suppliers": [aci, esat]},
    )
    factories.FichePageFactory(
        parent=index,
        title="Restauration scolaire bio",
        nature=Nature.SUPPLIES,
        procedure=Procedure.OPEN,
        reserved=True,
        reserved_articles=[("L2113-12", "lot 1"), ("L2113-13", "lot 2")],
        social_clause=False,
        social_criterion=True,
        main_cpv=factories.cpv("55524000-9"),
        additional_cpvs=[factories.cpv("15331100-8")],
        region=Region.objects.get(code="52"),
        departments=[department("85")],
        themes=[food, green],
        notification_date="juillet 2023",
        **{**LEAN, "buyers": [hospital], "suppliers": [esat]},
    )
    factories.FichePageFactory(
        parent=index,
        title="Entretien des locaux",
        reserved=False,
        reserved_articles=["L2113-12"],  # left on a fiche no longer reserved: not counted
        social_clause=True,
        environmental_clause=True,
        main_cpv=None,
        additional_cpvs=[factories.cpv("77310000-6")],
        departments=[department("35")],
        themes=[food],
        notification_date="2021",
        **{**LEAN, "buyers": [commune], "suppliers": [aci]},
    )
    factories.FichePageFactory(
        parent=index,
        title="Espaces verts de Saint-Brieuc",
        social_clause=False,
        environmental_criterion=True,
        departments=[],
        notification_date=None,
        **{**LEAN, "suppliers": [esat]},
    )
    factories.FichePageFactory(
        parent=index, title="Travaux", nature=Nature.WORKS, region=None, departments=[], **LEAN
    )
    factories.FichePageFactory(parent=index, title="Brouillon d'espaces verts", **LEAN).unpublish()
    other = factories.FicheIndexPageFactory(
        parent=index.get_parent(), title="Autre catalogue", slug="autre-catalogue"
    )
    factories.FichePageFactory(parent=other, title="Espaces verts d'ailleurs", **LEAN)


def naive_counts(fiches, query, spec, reference):
    """``{value: count}`` of ``spec``'s facet, one ``filter_fiches`` query per value."""
    if spec.listed:
        values = spec.values(reference)
    else:
        values = {str(year): year for year in range(2018, 2026)}
    found = {}
    for value in values:
        criteria = {**query.criteria(without=spec.name), spec.criterion: spec.to_criterion(value)}
        number = selectors.filter_fiches(fiches, **criteria).count()
        if number:
            found[value] = number
    return found


def counted(index, params):
    reference = Reference.load(locale=index.locale)
    query = facets.parse(params, reference)
    assert not query.notices
    fiches, _ = catalogue.searched(
        catalogue.catalogue_fiches(index_page=index),
        query.words,
        rank=lambda words: search.ranked_pks(FichePage, words),
    )
    return fiches.select_related(None).prefetch_related(None).order_by(), query, reference


@pytest.mark.parametrize("params", COMBINATIONS)
def test_each_facet_counts_as_the_catalogue_would_list(index, varied, params):
    fiches, query, reference = counted(index, params)

    shown = facets.count(fiches, query, reference, scope=index.pk)

    for spec in facets.FACETS:
        expected = naive_counts(fiches, query, spec, reference)
        selected = query.filters.get(spec.name)
        if selected is not None:
            expected.setdefault(selected, 0)
        options = {option.value: option.count for option in shown[spec.name].options}
        assert options == expected, spec.name


@pytest.mark.parametrize("params", COMBINATIONS)
def test_the_number_of_results_is_counted_with_the_facets(index, varied, params):
    fiches, query, reference = counted(index, params)

    found = facets.counted(fiches, query, reference, scope=index.pk)

    assert found[facets.TOTAL] == catalogue.results(fiches, query.criteria()).count()


def test_the_varied_catalogue_counts_several_values_per_fiche(index, varied):
    # The comparison above is worth as much as the catalogue is varied.
    fiches, query, reference = counted(index, {})
    found = {spec.name: naive_counts(fiches, query, spec, reference) for spec in facets.FACETS}
    assert found["department"] == {"22": 1, "35": 2, "85": 1}
    assert found["cpv"] == {"15": 2, "55": 1, "77": 4}
    assert found["legal_article"] == {"L2112-2": 3, "L2113-12": 1, "L2113-13": 4, "R2152-7": 2}
    assert found["award_year"] == {"2021": 1, "2023": 3}


@pytest.mark.parametrize("params", COMBINATIONS[4:9])
def test_any_subset_of_facets_counts_the_same(index, varied, params, django_assert_num_queries):
    """The facets the fragment cache misses are counted together: the active filters that
    every one of them applies narrow the base itself."""
    fiches, query, reference = counted(index, params)
    jobs = [(spec.counter, spec.name) for spec in facets.FACETS]
    with django_assert_num_queries(1):
        every = counts.count_facets(fiches, query.conditions(), jobs, reference)
    by_name = dict(zip((spec.name for spec in facets.FACETS), every, strict=True))
    for subset in (
        [name for name in by_name if name not in query.filters],
        [name for name in by_name if name in query.filters][:1],
        ["theme", "lever", *query.filters],
    ):
        specs = [facets.FACETS_BY_NAME[name] for name in dict.fromkeys(subset)]
        found = counts.count_facets(
            fiches, query.conditions(), [(spec.counter, spec.name) for spec in specs], reference
        )
        assert dict(zip((spec.name for spec in specs), found, strict=True)) == {
            spec.name: by_name[spec.name] for spec in specs
        }


def test_nothing_matching_the_search_counts_nothing(index, varied):
    fiches, query, reference = counted(index, {"q": "introuvable", "region": "53"})
    shown = facets.count(fiches, query, reference, scope=index.pk)
    assert [option.value for option in shown["region"].options] == ["53"]
    assert all(not facet.options for name, facet in shown.items() if name != "region")
