"""The catalogue's filters, facet counts, sorting, pagination and links (/fr/fiches/?…)."""

import os
import re
import time
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from fiches import factories, selectors
from fiches.catalogue import facets
from fiches.catalogue.reference import Reference
from fiches.choices import (
    BuyerType,
    ESSFamily,
    InclusionStatus,
)
from fiches.models import Department, FicheIndexPage, FichePage, Region
from tests.helpers import (
    CATALOGUE,
    LEAN,
    assert_same_queries,
    page_text,
    rendered_query_count,
    shown,
)

pytestmark = pytest.mark.django_db


def option_texts(response, name):
    """The text of every option of the select ``name`` (the empty one aside)."""
    content = page_text(response)
    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', content, re.S)
    assert select, f"no select named {name}"
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select.group(1))
    return {value: (text.strip(), bool(selected)) for value, selected, text in options if value}


FILTERS = [
    ({"region": "52"}, ["canteen"]),
    ({"region": "53"}, ["green"]),
    ({"department": "35"}, ["green"]),
    ({"department": "85"}, ["canteen"]),
    ({"nature": "fournitures"}, ["canteen"]),
    ({"procedure": "appel_offres_ouvert"}, ["canteen"]),
    ({"procedure": "procedure_adaptee"}, ["green"]),
    ({"lever": "marche_reserve"}, ["green", "canteen"]),
    ({"lever": "clause_sociale"}, ["green"]),
    ({"lever": "critere_social"}, ["canteen"]),
    ({"lever": "clause_environnementale"}, []),
    ({"legal_article": "L2113-13"}, ["green"]),
    ({"legal_article": "L2113-12"}, ["canteen"]),
    ({"legal_article": "L2112-2"}, ["green"]),
    ({"legal_article": "R2152-7"}, ["canteen"]),
    ({"cpv": "77"}, ["green"]),
    ({"cpv": "55"}, ["canteen"]),
    ({"cpv": "15"}, ["canteen"]),
    ({"family": "association"}, ["green"]),
    ({"family": "cooperative"}, ["canteen"]),
    ({"status": "aci"}, ["green"]),
    ({"status": "esat"}, ["canteen"]),
    ({"status": "ei"}, []),
    ({"buyer_type": "commune"}, ["green"]),
    ({"buyer_type": "hopital"}, ["canteen"]),
    ({"theme": "alimentation"}, ["canteen"]),
    ({"award_year": "2021"}, ["canteen"]),
    ({"award_year": "2023"}, ["green"]),
    # Combined with each other and with the search.
    ({"region": "53", "lever": "clause_sociale", "nature": "services"}, ["green"]),
    ({"region": "53", "award_year": "2021"}, []),
    ({"lever": "marche_reserve", "status": "esat"}, ["canteen"]),
    ({"family": "cooperative", "buyer_type": "commune"}, []),
    ({"q": "restauration"}, ["canteen"]),
    ({"q": "restauration", "region": "53"}, []),
    ({"q": "cooperative", "nature": "fournitures"}, ["canteen"]),
]


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_each_filter_and_their_combinations(client, catalogue, params, expected):
    green, canteen = catalogue
    by_name = {"green": green, "canteen": canteen}

    response = client.get(CATALOGUE, params)

    assert shown(response, green, canteen) == {by_name[name].title for name in expected}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"family": ESSFamily.ASSOCIATION}, "green"),
        ({"status": InclusionStatus.ESAT}, "canteen"),
        ({"buyer_type": BuyerType.HOSPITAL}, "canteen"),
    ],
)
def test_filter_fiches_knows_the_supplier_and_buyer_filters(catalogue, params, expected):
    green, canteen = catalogue

    fiches = selectors.filter_fiches(FichePage.objects.live(), **params)

    assert list(fiches) == [{"green": green, "canteen": canteen}[expected]]


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"region": "99"}, "« 99 » n'est pas une valeur connue pour « Région »"),
        ({"department": "999"}, "pour « Département »"),
        ({"nature": "autre"}, "« autre » n'est pas une valeur connue pour « Nature du marché »"),
        ({"procedure": "gre_a_gre"}, "pour « Procédure »"),
        ({"lever": "clause_magique"}, "pour « Levier »"),
        ({"legal_article": "L0000"}, "pour « Article du code »"),
        ({"cpv": "7731"}, "pour « Secteur (division CPV) »"),
        ({"cpv": "abc"}, "pour « Secteur (division CPV) »"),
        ({"family": "club"}, "pour « Famille de la structure de l'ESS »"),
        ({"status": "xyz"}, "pour « Statut d'inclusion ou de handicap »"),
        ({"buyer_type": "roi"}, "pour « Type d'acheteur »"),
        ({"theme": "inconnue"}, "pour « Thématique »"),
        ({"award_year": "deux-mille"}, "pour « Année d'attribution »"),
        ({"award_year": "1200"}, "pour « Année d'attribution »"),
        ({"award_year": "99999999999999999999"}, "pour « Année d'attribution »"),
        ({"order": "chapo"}, "Tri ignoré : « chapo »"),
        ({"q": "?!*"}, "Recherche ignorée"),
        ({"q": "jardin " * 60}, "raccourcie à 200 caractères"),
    ],
)
def test_a_bad_value_is_dropped_with_a_french_notice(client, catalogue, params, notice):
    green, canteen = catalogue

    response = client.get(CATALOGUE, params)

    content = page_text(response)
    assert notice in content
    if "q" not in params:
        assert shown(response, green, canteen) == {green.title, canteen.title}


def test_a_bad_value_does_not_drop_the_good_ones(client, catalogue):
    green, canteen = catalogue

    response = client.get(CATALOGUE, {"region": "99", "nature": "fournitures"})

    assert shown(response, green, canteen) == {canteen.title}
    assert "Filtre ignoré" in page_text(response)


@pytest.mark.parametrize(
    "query", ['"', "'", 'espaces "verts', "(jardin", "jardin*", "NOT jardin", "l'insertion", "\x00"]
)
def test_search_syntax_characters_never_crash(client, catalogue, query):
    assert client.get(CATALOGUE, {"q": query}).status_code == 200


def test_hostile_values_are_escaped(client, catalogue):
    content = client.get(CATALOGUE, {"region": "<script>x</script>"}).content.decode()

    assert "<script>x</script>" not in content
    assert escape("<script>x</script>") in content


class TestFacets:
    def test_each_value_shows_the_number_of_fiches_it_would_give(self, client, catalogue):
        response = client.get(CATALOGUE)

        assert option_texts(response, "region") == {
            "53": ("Bretagne (1 fiche)", False),
            "52": ("Pays de la Loire (1 fiche)", False),
        }
        assert option_texts(response, "lever")["marche_reserve"] == (
            "Marché réservé (2 fiches)",
            False,
        )
        assert option_texts(response, "family") == {
            "association": ("Association (1 fiche)", False),
            "cooperative": ("Coopérative (SCOP, SCIC, CAE…) (1 fiche)", False),
        }
        assert set(option_texts(response, "status")) == {"aci", "esat"}
        assert set(option_texts(response, "buyer_type")) == {"commune", "hopital"}
        assert option_texts(response, "award_year") == {
            "2023": ("2023 (1 fiche)", False),
            "2021": ("2021 (1 fiche)", False),
        }
        assert option_texts(response, "theme") == {
            "alimentation": ("Alimentation (1 fiche)", False)
        }
        assert set(option_texts(response, "department")) == {"35", "85"}
        assert option_texts(response, "legal_article")["R2152-7"][0].endswith("(1 fiche)")

    def test_counts_combine_the_other_filters_and_the_search_but_not_their_own(
        self, client, catalogue
    ):
        response = client.get(CATALOGUE, {"region": "53", "q": "espaces"})

        # The region facet ignores the region filter: the other region stays reachable.
        regions = option_texts(response, "region")
        assert regions["53"] == ("Bretagne (1 fiche)", True)
        # … but the search applies: the catering fiche does not match « espaces ».
        assert "52" not in regions
        # Other facets count within Bretagne only.
        assert set(option_texts(response, "nature")) == {"services"}
        assert set(option_texts(response, "theme")) == set()

    def test_a_selected_value_is_shown_even_when_it_gives_nothing(self, client, catalogue):
        response = client.get(CATALOGUE, {"region": "53", "nature": "fournitures"})

        # Nothing in Bretagne is a supply contract: both selected values give no fiche.
        nature, selected = option_texts(response, "nature")["fournitures"]
        assert nature.startswith("Fournitures (0 fiche") and selected
        regions = option_texts(response, "region")
        assert regions["53"][0].startswith("Bretagne (0 fiche") and regions["53"][1]
        assert regions["52"] == ("Pays de la Loire (1 fiche)", False)
        assert "Aucune fiche ne correspond" in page_text(response)

    def test_values_without_fiches_are_left_out(self, client, catalogue):
        response = client.get(CATALOGUE)

        assert "84" not in option_texts(response, "region")
        assert "clause_environnementale" not in option_texts(response, "lever")
        assert "45" not in option_texts(response, "cpv")

    def test_a_fiche_counts_once_per_cpv_division(self, client, index):
        factories.FichePageFactory(
            parent=index,
            main_cpv=factories.cpv("77310000-6"),
            additional_cpvs=[factories.cpv("77211300-5"), factories.cpv("15331100-8")],
            **LEAN,
        )
        factories.FichePageFactory(
            parent=index, main_cpv=None, additional_cpvs=[factories.cpv("15331100-8")], **LEAN
        )

        divisions = option_texts(client.get(CATALOGUE), "cpv")

        assert divisions["77"][0].endswith("(1 fiche)")
        assert divisions["15"][0].endswith("(2 fiches)")

    def test_a_fiche_counts_once_per_supplier_family(self, client, index):
        factories.FichePageFactory(
            parent=index,
            suppliers=[factories.ESSStructureFactory(), factories.ESSStructureFactory()],
            buyers=[],
            operators=[],
        )

        assert option_texts(client.get(CATALOGUE), "family") == {
            "association": ("Association (1 fiche)", False)
        }

    def test_a_fiche_with_two_articles_counts_under_each(self, client, index):
        both = factories.FichePageFactory(
            parent=index,
            title="Marché réservé aux EA et aux SIAE",
            reserved=True,
            reserved_articles=[("L2113-12", "lot 1"), ("L2113-13", "lot 2")],
            social_clause=False,
            **LEAN,
        )
        one = factories.FichePageFactory(
            parent=index, reserved=True, reserved_articles=["L2113-13"], **LEAN
        )
        # An article left on a fiche that is no longer reserved does not count.
        factories.FichePageFactory(
            parent=index, reserved=False, reserved_articles=["L2113-12"], **LEAN
        )

        articles = option_texts(client.get(CATALOGUE), "legal_article")

        assert articles["L2113-12"][0].endswith("(1 fiche)")
        assert articles["L2113-13"][0].endswith("(2 fiches)")
        expected = {"L2113-12": {both.title}, "L2113-13": {both.title, one.title}}
        for article, titles in expected.items():
            response = client.get(CATALOGUE, {"legal_article": article})
            assert shown(response, both, one) == titles
        assert option_texts(client.get(CATALOGUE), "lever")["marche_reserve"][0].endswith(
            "(2 fiches)"
        )


class TestEmptyResults:
    def test_says_so_and_offers_to_remove_each_criterion(self, client, catalogue):
        response = client.get(CATALOGUE, {"region": "53", "award_year": "2021", "q": "bio"})

        content = page_text(response)
        assert "Aucune fiche ne correspond à cette recherche et à ces filtres." in content
        assert '<a href="/fr/fiches/?q=bio&amp;award_year=2021">Retirer « Région : Bretagne »' in (
            response.content.decode()
        )
        assert "Retirer « Année d'attribution : 2021 »" in content
        assert "Retirer « Recherche : « bio » »" in content
        assert 'href="/fr/fiches/?region=53&award_year=2021"' in content
        assert "Tout effacer et voir toutes les fiches" in content

    def test_an_empty_catalogue_says_no_fiche_is_published_yet(self, client, index):
        content = page_text(client.get(CATALOGUE))

        assert "Aucune fiche n'est encore publiée" in content
        assert "Retirer" not in content


class TestActiveFilters:
    def test_each_criterion_is_a_link_that_removes_it(self, client, catalogue):
        response = client.get(
            CATALOGUE, {"q": "bio", "region": "52", "theme": "alimentation", "order": "amount"}
        )

        chips = re.findall(
            r'<a class="chip" href="([^"]*)"><span class="visually-hidden">Retirer </span>([^<]*)<',
            page_text(response),
        )
        assert chips == [
            ("/fr/fiches/?region=52&theme=alimentation&order=amount", "Recherche : « bio »"),
            ("/fr/fiches/?q=bio&theme=alimentation&order=amount", "Région : Pays de la Loire"),
            ("/fr/fiches/?q=bio&region=52&order=amount", "Thématique : Alimentation"),
        ]
        assert '<a class="chip chip--clear" href="/fr/fiches/">Tout effacer</a>' in page_text(
            response
        )

    def test_empty_fields_of_the_form_are_no_filters(self, client, catalogue):
        green, canteen = catalogue

        response = client.get(CATALOGUE + "?q=&region=&nature=&order=&department=")

        assert shown(response, green, canteen) == {green.title, canteen.title}
        assert 'class="chip"' not in page_text(response)


class TestOrder:
    @pytest.fixture
    def three(self, index):
        plain = {**LEAN, "amount_kind": "exact"}
        first = factories.FichePageFactory(
            parent=index, title="A", notification_date=date(2020, 1, 1), amount=5000, **plain
        )
        second = factories.FichePageFactory(
            parent=index,
            title="B",
            notification_date=None,
            **{**plain, "amount_kind": ""},
            amount=None,
        )
        third = factories.FichePageFactory(
            parent=index, title="C", notification_date=date(2022, 1, 1), amount=900, **plain
        )
        return first, second, third

    @staticmethod
    def titles(client, **params):
        content = page_text(client.get(CATALOGUE, params))
        return re.findall(r'<a class="card__link" href="[^"]*">([^<]*)</a>', content)

    def test_most_recent_first_by_default(self, client, three):
        assert self.titles(client) == ["C", "B", "A"]
        assert self.titles(client, order="recent") == ["C", "B", "A"]

    def test_by_award_date_then_amount_empty_values_last(self, client, three):
        assert self.titles(client, order="award") == ["C", "A", "B"]
        assert self.titles(client, order="amount") == ["A", "C", "B"]

    def test_a_framework_agreement_sorts_by_its_maximum(self, client, catalogue):
        green, canteen = catalogue

        content = page_text(client.get(CATALOGUE, {"order": "amount"}))

        assert content.index(canteen.title) < content.index(green.title)

    def test_the_order_is_a_select_with_the_current_one_selected(self, client, three):
        response = client.get(CATALOGUE, {"order": "amount"})

        orders = option_texts(response, "order")
        assert orders["amount"] == ("Montant, le plus élevé d'abord", True)
        assert "relevance" not in orders
        assert 'form="catalogue-form"' in page_text(response)

    def test_relevance_is_offered_and_default_only_with_a_search(self, client, catalogue):
        response = client.get(CATALOGUE, {"q": "restauration"})

        content = page_text(response)
        assert '<option value="" selected>Pertinence</option>' in content
        assert '<option value="recent">Les plus récentes</option>' in content

    def test_relevance_without_a_search_falls_back_silently(self, client, three):
        response = client.get(CATALOGUE, {"order": "relevance"})

        assert self.titles(client, order="relevance") == ["C", "B", "A"]
        assert "Tri ignoré" not in page_text(response)


class TestPagination:
    def test_keeps_every_parameter(self, client, index, monkeypatch):
        monkeypatch.setattr(FicheIndexPage, "per_page", 2)
        for _ in range(5):
            factories.FichePageFactory(parent=index, **LEAN)

        response = client.get(CATALOGUE, {"region": "53", "q": "espaces", "order": "award"})

        content = page_text(response)
        assert "?region=53&q=espaces&order=award&page=2" in content
        second = client.get(
            CATALOGUE, {"region": "53", "q": "espaces", "order": "award", "page": 3}
        )
        assert "page 3 sur 3" in page_text(second)

    def test_results_by_relevance_are_paginated_too(self, client, index, monkeypatch):
        monkeypatch.setattr(FicheIndexPage, "per_page", 2)
        fiches = [factories.FichePageFactory(parent=index, **LEAN) for _ in range(3)]

        first = page_text(client.get(CATALOGUE, {"q": "espaces"}))
        last = page_text(client.get(CATALOGUE, {"q": "espaces", "page": "2"}))

        both = re.sub(r"</?mark>", "", first + last)
        listed = [fiche.title for fiche in fiches if f">{fiche.title}</a>" in both]
        assert sorted(listed) == sorted(fiche.title for fiche in fiches)
        assert "3 fiches correspondent" in first


class TestExportLinks:
    def test_keep_the_filters(self, client, catalogue):
        content = page_text(
            client.get(CATALOGUE, {"region": "52", "award_year": "2021", "lever": "critere_social"})
        )

        assert "/api/v2/exports/fiches.csv?region=52&award_year=2021&lever=critere_social" in (
            content
        )
        assert "mais pas la recherche" not in content

    def test_say_when_they_leave_the_search_out(self, client, catalogue):
        content = page_text(client.get(CATALOGUE, {"q": "restauration", "lever": "critere_social"}))

        assert '/api/v2/exports/fiches.csv?lever=critere_social"' in content
        assert "Les fichiers gardent les filtres, mais pas la recherche." in content


class TestQuery:
    """fiches.catalogue.facets on its own: reading the parameters and writing the links."""

    @pytest.fixture
    def reference(self, db):
        factories.ThemeFactory(name="Espaces verts")
        return Reference.load(locale=factories.default_locale())

    def test_reads_the_filters_and_drops_the_unknown_ones(self, reference):
        query = facets.parse(
            QueryDict("region=53&theme=espaces-verts&cpv=77&award_year=2023&lever=x&utm=y"),
            reference,
        )

        assert query.filters == {
            "region": "53",
            "theme": "espaces-verts",
            "cpv": "77",
            "award_year": "2023",
        }
        assert len(query.notices) == 1
        assert query.criteria() == {
            "region": "53",
            "theme": "espaces-verts",
            "cpv_prefix": "77",
            "award_year": 2023,
        }
        assert "region" not in query.criteria(without="region")

    def test_links_leave_out_the_default_order_and_the_page(self, reference):
        query = facets.parse(
            QueryDict("q=jardin&order=relevance&page=4&nature=services"), reference
        )

        assert query.querystring() == "?q=jardin&nature=services"
        assert query.querystring(without="nature") == "?q=jardin"
        assert query.querystring(drop_search=True) == "?nature=services"
        assert facets.parse(QueryDict(""), reference).querystring() == ""

    def test_a_chosen_order_is_kept_in_the_links(self, reference):
        query = facets.parse(QueryDict("q=jardin&order=recent"), reference)

        assert query.querystring() == "?q=jardin&order=recent"
        assert query.querystring(drop_search=True) == ""

    def test_every_filter_is_in_one_fieldset_and_has_a_counter(self):
        grouped = [name for _legend, names in facets.GROUPS for name in names]

        assert sorted(grouped) == sorted(facets.FACETS_BY_NAME)
        assert all(callable(spec.counter) for spec in facets.FACETS)


class TestFragmentCache:
    """With the fragment cache on (production), the labels, the search and each facet's counts
    are reused until the content changes."""

    @pytest.fixture(autouse=True)
    def fragments_on(self, settings):
        settings.FRAGMENT_CACHE_SECONDS = 60
        cache.clear()

    def test_paging_or_sorting_reuses_the_counts(self, client, catalogue):
        client.get(CATALOGUE, {"nature": "services", "q": "entretien"})

        cold = rendered_queries(client, CATALOGUE, {"nature": "fournitures", "q": "entretien"})
        warm = rendered_queries(
            client, CATALOGUE, {"nature": "fournitures", "q": "entretien", "order": "amount"}
        )

        # Changing the nature counted again, in one query, the facets that depend on it: not
        # the nature facet itself (reused: its nature column is not grouped on again); sorting
        # counted nothing again.
        counted = [sql for sql in cold if " UNION ALL " in sql]
        assert len(counted) == 1
        grouped = r'"fiches_fichepage"\."{}"( AS text|\)::text)'
        assert re.search(grouped.format("procedure"), counted[0])
        assert not re.search(grouped.format("nature"), counted[0])
        assert counted[0].count(" UNION ALL ") >= 11
        assert not [sql for sql in warm if " UNION ALL " in sql]

    def test_publishing_a_fiche_updates_the_counts(self, client, catalogue, index):
        assert option_texts(client.get(CATALOGUE), "region")["52"][0] == (
            "Pays de la Loire (1 fiche)"
        )

        factories.FichePageFactory(parent=index, region=Region.objects.get(code="52"), **LEAN)

        assert option_texts(client.get(CATALOGUE), "region")["52"][0] == (
            "Pays de la Loire (2 fiches)"
        )


def rendered_queries(client, path, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


class TestQueryCounts:
    @staticmethod
    def add_fiches(index, count, offset=0):
        """Fiches that spread over many facet values: regions, departments, themes, CPV
        divisions, years, buyers and suppliers of every type."""
        departments = list(Department.objects.select_related("region").order_by("code"))
        codes = list(factories.KNOWN_CPV)
        for number in range(offset, offset + count):
            department = departments[number * 7 % len(departments)]
            factories.FichePageFactory(
                parent=index,
                region=department.region,
                departments=[department],
                main_cpv=factories.cpv(codes[number % len(codes)]),
                additional_cpvs=[factories.cpv(codes[(number + 3) % len(codes)])],
                themes=[factories.ThemeFactory(name=f"Thème {number}")],
                notification_date=date(2000 + number, 1, 1),
                buyers=[
                    factories.BuyerFactory(buyer_type=BuyerType.values[number % len(BuyerType)])
                ],
                suppliers=[
                    factories.ESSStructureFactory(
                        family=ESSFamily.values[number % len(ESSFamily)],
                        inclusion_status=InclusionStatus.values[number % len(InclusionStatus)],
                    )
                ],
                operators=[],
                criteria=[],
                indicators=[],
                body=[],
            )

    def test_constant_whatever_the_number_of_fiches_and_facet_values(
        self, client, index, monkeypatch
    ):
        monkeypatch.setattr(FicheIndexPage, "per_page", 50)
        states = [
            "",
            "?region=84&nature=services&lever=clause_sociale",
            "?q=espaces+verts&theme=theme-0&status=aci&buyer_type=etat&cpv=77",
            "?q=entretien&order=amount&award_year=2001&family=cooperative&department=08",
            "?order=award&legal_article=L2113-13&procedure=procedure_adaptee",
        ]
        self.add_fiches(index, 2)
        for state in states:
            # Every state lists at least one fiche: the cards' prefetches are counted.
            assert "card__link" in client.get(CATALOGUE + state).content.decode(), state
        small = [rendered_query_count(client, CATALOGUE + state) for state in states]
        self.add_fiches(index, 18, offset=2)
        large = [rendered_query_count(client, CATALOGUE + state) for state in states]

        for before, after in zip(small, large, strict=True):
            assert_same_queries(before, after)


# --- js/catalogue.js in a real browser (make e2e: E2E=1, PostgreSQL, Debian's Chromium) ---------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def tab():
    """A Chromium tab under the site's real CSP, with every console message and page error."""
    if not os.environ.get("E2E"):
        pytest.skip("set E2E=1 to run the browser tests")
    if connection.vendor == "sqlite":
        pytest.skip("the live server's concurrent requests lock in-memory SQLite: use PostgreSQL")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: run `make chromium`")
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_context(locale="fr-FR").new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda message: page.errors.append(message.text))
        yield page
        browser.close()


def eventually(page, script):
    """Waits until ``script`` is true in the page (``wait_for_function`` would need eval, which
    the CSP forbids)."""
    for _ in range(100):
        if page.evaluate(script):
            return
        time.sleep(0.1)
    raise AssertionError(f"never true: {script}")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_results_follow_the_filters_without_reloading(catalogue, tab, live_server):
    green, canteen = catalogue
    tab.goto(live_server.url + CATALOGUE)
    tab.evaluate("window.notReloaded = true")
    assert tab.locator("[data-catalogue-nojs]").is_hidden()

    # With the mouse, a choice applies at once; the address and the announcement follow.
    tab.select_option("#facet-region", "52")
    eventually(tab, "location.search === '?region=52'")
    eventually(tab, "document.getElementById('catalogue-status').textContent.trim() !== ''")
    assert tab.locator("#catalogue-status").text_content() == "1 fiche correspond"
    assert tab.locator(".card__title").all_text_contents() == [canteen.title]

    # Removing the criterion is a link handled in place too, and Back restores the state.
    tab.click("a.chip")
    eventually(tab, "location.search === ''")
    assert tab.evaluate("document.activeElement.id") == "catalogue-results-title"
    tab.go_back()
    eventually(tab, "document.querySelectorAll('.card__title').length === 1")

    # With the keyboard, arrows only move in the list: Enter applies the choice.
    tab.focus("#facet-nature")
    tab.keyboard.press("ArrowDown")
    time.sleep(0.5)
    assert "nature" not in tab.evaluate("location.search")
    tab.keyboard.press("Enter")
    eventually(tab, "location.search.includes('nature=')")
    assert tab.evaluate("document.activeElement.id") == "facet-nature"

    assert tab.evaluate("window.notReloaded") is True
    assert tab.errors == []
