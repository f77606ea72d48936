"""The fragment caches of uncached pages (cms.cache.fragments): a fiche page read again costs three
queries and gives the same HTML, and no edit is ever hidden by them — publishing, unpublishing,
a new slug, an actor, an image, the menu, the similar fiches, a view restriction, a preview."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.cache import signals
from fiches import factories
from home.models import ContentPage
from tests.helpers import plain_typography


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 300
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_process(monkeypatch):
    """Edits made by another app server whose version bump this process does not see (each
    process keeps its own memory cache when REDIS_URL is not set)."""
    monkeypatch.setattr(signals, "invalidate_now_and_on_commit", lambda: None)


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def normalized(response):
    """The page without the whitespace the template tags leave around the fragments."""
    return re.sub(r"\s+", " ", html(response))


@pytest.fixture
def fiche(index):
    image = factories.ImageFactory(title="Chantier", credit="Photo : CRESS Bretagne")
    return factories.FichePageFactory(
        parent=index,
        title="Des espaces verts entretenus par un chantier d'insertion",
        hero_image=image,
        buyers=[factories.BuyerFactory(name="Ville de Rennes")],
        body=factories.fiche_body(image=image),
    )


def test_a_fiche_read_again_costs_three_queries_and_gives_the_same_page(
    client, fiche, settings, django_assert_max_num_queries
):
    settings.FRAGMENT_CACHE_SECONDS = 0
    uncached = normalized(client.get(fiche.url))
    settings.FRAGMENT_CACHE_SECONDS = 300

    first = normalized(client.get(fiche.url))
    # The page's row, then Wagtail's view restrictions (its ancestors, their restrictions).
    with django_assert_max_num_queries(3):
        second = normalized(client.get(fiche.url))

    assert first == second == uncached
    assert "Des espaces verts entretenus par un chantier d'insertion" in second


def test_publishing_a_change_shows_it_at_once(client, fiche):
    html(client.get(fiche.url))
    fiche.title = "Un titre tout neuf"
    fiche.body = [
        *factories.fiche_body(),
        ("heading", {"text": "Un intertitre ajouté", "level": "h2"}),
    ]
    fiche.save_revision().publish()

    content = html(client.get(fiche.url))

    assert "Un titre tout neuf" in content
    assert "Un intertitre ajouté" in content


def test_a_publication_by_another_process_shows_at_once(client, fiche, other_process):
    """The fiche's own content is keyed by its live revision and its row is read on every
    request: no version bump needed."""
    html(client.get(fiche.url))
    fiche.title = "Publiée ailleurs"
    fiche.save_revision().publish()

    assert "Publiée ailleurs" in html(client.get(fiche.url))


@pytest.mark.parametrize("seen_by_this_process", [True, False])
def test_an_unpublished_fiche_is_not_found_at_once(
    client, fiche, monkeypatch, seen_by_this_process
):
    html(client.get(fiche.url))
    if not seen_by_this_process:
        monkeypatch.setattr(signals, "invalidate_now_and_on_commit", lambda: None)
    fiche.unpublish()

    assert client.get(fiche.url).status_code == 404


@pytest.mark.parametrize("seen_by_this_process", [True, False])
def test_a_new_slug_moves_the_fiche_at_once(client, fiche, monkeypatch, seen_by_this_process):
    old_url = fiche.url
    html(client.get(old_url))
    if not seen_by_this_process:
        monkeypatch.setattr(signals, "invalidate_now_and_on_commit", lambda: None)
    fiche.slug = "un-nouveau-chemin"
    fiche.save_revision().publish()
    fiche.refresh_from_db()

    assert client.get(old_url).status_code == 404
    assert "un-nouveau-chemin" in fiche.url
    html(client.get(fiche.url))


def test_an_actor_renamed_shows_at_once(client, fiche):
    html(client.get(fiche.url))
    buyer = fiche.buyer_links.get().actor
    buyer.name = "Rennes Métropole"
    buyer.save()

    content = html(client.get(fiche.url))

    # The actor card and the JSON-LD (its slug and description keep the old name).
    assert ">Rennes Métropole</a>" in content
    assert '"name": "Rennes Métropole"' in content
    assert ">Ville de Rennes</a>" not in content
    assert '"name": "Ville de Rennes"' not in content


def test_an_image_edited_shows_at_once(client, fiche):
    html(client.get(fiche.url))
    fiche.hero_image.credit = "Photo : Ville de Rennes"
    fiche.hero_image.save()

    content = plain_typography(html(client.get(fiche.url)))

    assert "Photo : Ville de Rennes" in content
    assert "Photo : CRESS Bretagne" not in content


def footer(response):
    content = html(response)
    return content[content.index('<footer class="site-footer">') :]


def test_the_menu_and_the_cached_footer_follow_publication(client, fiche, home):
    assert "À propos du réseau" not in footer(client.get(fiche.url))
    about = ContentPage(title="À propos du réseau", slug="a-propos", show_in_menus=True)
    home.add_child(instance=about)
    about.save_revision().publish()

    content = html(client.get(fiche.url))
    assert "À propos du réseau" in content[: content.index("<main")]
    assert "À propos du réseau" in footer(client.get(fiche.url))

    about.unpublish()

    assert "À propos du réseau" not in html(client.get(fiche.url))


def test_a_new_similar_fiche_shows_at_once(client, fiche, index):
    html(client.get(fiche.url))
    factories.FichePageFactory(parent=index, title="Une fiche toute proche")

    assert "Une fiche toute proche" in html(client.get(fiche.url))


def test_a_view_restriction_applies_at_once(client, fiche):
    html(client.get(fiche.url))
    PageViewRestriction.objects.create(page=fiche, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(fiche.url)

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_preview_shows_the_draft_not_the_cached_page(client, fiche):
    html(client.get(fiche.url))
    fiche.body = [("heading", {"text": "Seulement dans le brouillon", "level": "h2"})]
    fiche.title = "Titre du brouillon"
    fiche.save_revision()

    preview = html(fiche.get_latest_revision_as_object().make_preview_request())
    live = html(client.get(fiche.url))

    assert "Seulement dans le brouillon" in preview
    assert "Titre du brouillon" in preview
    assert "Seulement dans le brouillon" not in live
    assert "Titre du brouillon" not in live


# Fiche cards (includes/fiche_card.html) in the catalogue, the home page, actor pages…


def cards(response):
    content = normalized(response)
    return content[content.index('<ul class="card-grid') :]


def test_catalogue_cards_from_the_cache_give_the_same_page(client, fiche, index, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    uncached = normalized(client.get(index.url, {"q": "espaces verts"}))
    settings.FRAGMENT_CACHE_SECONDS = 300

    first = normalized(client.get(index.url, {"q": "espaces verts"}))
    second = normalized(client.get(index.url, {"q": "espaces verts"}))

    assert first == second == uncached
    # The search's words are marked: a card is kept per search, not shared with other ones.
    assert "<mark>espaces</mark> <mark>verts</mark>" in second
    assert "<mark>" not in cards(client.get(index.url))


def test_a_card_follows_publication_at_once(client, fiche, index):
    """(In another process without Redis, the catalogue's results wait for their fragment to
    expire, FRAGMENT_CACHE_SECONDS, as its facet counts do: docs/benchmarks.md.)"""
    client.get(index.url)
    fiche.title = "Un nouveau titre pour la carte"
    fiche.save_revision().publish()

    assert "Un nouveau titre pour la carte" in cards(client.get(index.url))


def test_a_card_follows_a_renamed_theme(client, index):
    theme = factories.ThemeFactory(name="Textile")
    factories.FichePageFactory(parent=index, themes=[theme])
    assert "Textile" in cards(client.get(index.url))
    theme.name = "Textile et habillement"
    theme.save()

    assert "Textile et habillement" in cards(client.get(index.url))


@pytest.mark.parametrize(
    "path",
    [
        "/fr/fiches/?q=ourlets",
        "/fr/recherche/?q=ourlets",
        "/api/v2/pages/?type=fiches.FichePage&search=ourlets",
    ],
)
def test_a_search_finds_a_fiche_published_after_it(client, index, path):
    """The ranking of a search is kept in the fragment cache: a new publication clears it."""
    first = factories.FichePageFactory(parent=index, title="Des ourlets faits en atelier")
    assert first.slug in client.get(path).content.decode()

    second = factories.FichePageFactory(parent=index, title="Encore des ourlets, ailleurs")

    content = client.get(path).content.decode()
    assert first.slug in content
    assert second.slug in content


# The home page's figures, map and entry points (home.selectors.home_figures)


def key_numbers(response):
    return re.findall(r'key-numbers__value">([^<]+)<', html(response))


def test_the_home_page_from_the_cache_is_the_same_and_counts_nothing(client, fiche, home, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    uncached = normalized(client.get(home.url))
    settings.FRAGMENT_CACHE_SECONDS = 300
    first = normalized(client.get(home.url))

    with CaptureQueriesContext(connection) as queries:
        second = normalized(client.get(home.url))

    assert first == second == uncached
    assert not any("COUNT(" in query["sql"] for query in queries)


def test_the_home_page_counts_a_new_fiche_at_once(client, fiche, home, index):
    before = key_numbers(client.get(home.url))

    factories.FichePageFactory(
        parent=index, buyers=[factories.BuyerFactory(name="Département du Finistère")]
    )

    after = key_numbers(client.get(home.url))
    assert (before[0], after[0]) == ("1", "2")  # fiches
    assert (before[2], after[2]) == ("1", "2")  # buyers


# The actor directory's rows (fiches.discovery.directory)


@pytest.mark.parametrize("params", [{}, {"type": "acheteurs"}, {"q": "rennes"}])
def test_the_directory_from_the_cache_is_the_same(client, fiche, settings, params):
    factories.FichePageFactory(
        parent=fiche.get_parent(),
        buyers=[factories.BuyerFactory(name="Rennes Métropole")],
        suppliers=[factories.ESSStructureFactory(name="Atelier d'Armor")],
    )
    settings.FRAGMENT_CACHE_SECONDS = 0
    uncached = normalized(client.get("/fr/acteurs/", params))
    settings.FRAGMENT_CACHE_SECONDS = 300
    first = normalized(client.get("/fr/acteurs/", params))

    second = normalized(client.get("/fr/acteurs/", params))

    assert first == second == uncached
    assert "Rennes Métropole" in second


def test_the_cached_directory_lists_a_new_actor_at_once(client, fiche):
    client.get("/fr/acteurs/")
    factories.FichePageFactory(
        parent=fiche.get_parent(), buyers=[factories.BuyerFactory(name="Commune de Vitré")]
    )

    assert "Commune de Vitré" in html(client.get("/fr/acteurs/"))


# A region's figures and actors (fiches.discovery.context.region_page)


def test_a_region_page_from_the_cache_is_the_same_and_follows_a_new_fiche(client, index, settings):
    from fiches.models import Region

    bretagne = Region.objects.get(code="53")
    factories.FichePageFactory(
        parent=index, region=bretagne, buyers=[factories.BuyerFactory(name="Ville de Brest")]
    )
    settings.FRAGMENT_CACHE_SECONDS = 0
    uncached = normalized(client.get("/fr/regions/bretagne/"))
    settings.FRAGMENT_CACHE_SECONDS = 300
    first = normalized(client.get("/fr/regions/bretagne/"))
    assert first == normalized(client.get("/fr/regions/bretagne/")) == uncached

    factories.FichePageFactory(
        parent=index, region=bretagne, buyers=[factories.BuyerFactory(name="Ville de Quimper")]
    )

    content = html(client.get("/fr/regions/bretagne/"))
    assert "Ville de Brest" in content and "Ville de Quimper" in content


# /sitemap.xml (fiches.discovery.sitemaps)


def test_the_sitemap_from_the_cache_is_the_same_and_reads_no_page(client, fiche, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    uncached = client.get("/sitemap.xml")
    settings.FRAGMENT_CACHE_SECONDS = 300
    client.get("/sitemap.xml")

    with CaptureQueriesContext(connection) as queries:
        cached = client.get("/sitemap.xml")

    assert cached.content == uncached.content
    assert fiche.slug in cached.content.decode()
    for header in ("Content-Type", "X-Robots-Tag", "Cache-Control"):
        assert cached[header] == uncached[header]
    assert not any("wagtailcore_page" in query["sql"] for query in queries)


def test_the_cached_sitemap_follows_publication_and_privacy(client, fiche, index):
    client.get("/sitemap.xml")
    new = factories.FichePageFactory(parent=index, title="Une fiche toute neuve")
    PageViewRestriction.objects.create(page=fiche, restriction_type="login")

    content = html(client.get("/sitemap.xml"))

    assert new.slug in content
    assert fiche.slug not in content


# The site search's results (templates/fiches/search.html)


@pytest.fixture
def searched(fiche):
    factories.BuyerFactory(name="Ville de Rennes-Espaces")
    return "/fr/recherche/?q=espaces"


def test_the_site_search_from_the_cache_is_the_same_and_searches_nothing(
    client, searched, settings, django_assert_max_num_queries
):
    settings.FRAGMENT_CACHE_SECONDS = 0
    uncached = normalized(client.get(searched))
    settings.FRAGMENT_CACHE_SECONDS = 300

    first = normalized(client.get(searched))
    # The locale, the catalogue's page and its view restrictions: no search, no count.
    with django_assert_max_num_queries(3):
        second = normalized(client.get(searched))

    assert first == second == uncached
    assert "Des <mark>espaces</mark> verts entretenus" in second


def test_cached_site_search_results_follow_a_renamed_actor(client, fiche, searched):
    client.get(searched)
    buyer = fiche.buyer_links.first().actor
    buyer.name = "Ville de Rennes, espaces publics"
    buyer.save()

    assert "Ville de Rennes, <mark>espaces</mark> publics" in html(client.get(searched))


def test_the_cached_results_of_a_query_are_not_shown_for_an_invalid_one(client, searched):
    client.get("/fr/recherche/?q=")
    assert "Vous pouvez aussi parcourir" in html(client.get("/fr/recherche/?q="))

    response = client.get("/fr/recherche/", {"q": "!!!"})

    assert response.status_code == 400
    assert "Vous pouvez aussi parcourir" not in response.content.decode()
    assert "Saisissez au moins un mot" in response.content.decode()


# The catalogue's filter form and results (templates/fiches/fiche_index_page.html)


@pytest.fixture
def many_fiches(index, monkeypatch):
    from fiches.models import FicheIndexPage

    monkeypatch.setattr(FicheIndexPage, "per_page", 2)
    return [
        factories.FichePageFactory(parent=index, title=f"Fiche de nettoyage {number}")
        for number in range(5)
    ]


@pytest.mark.parametrize(
    "params", [{"nature": "services", "page": "2"}, {"q": "nettoyage", "page": "2"}]
)
def test_the_catalogue_from_the_cache_is_the_same_and_reads_neither_facets_nor_fiches(
    client, index, many_fiches, settings, django_assert_max_num_queries, params
):
    settings.FRAGMENT_CACHE_SECONDS = 0
    uncached = normalized(client.get(index.url, params))
    settings.FRAGMENT_CACHE_SECONDS = 300

    first = normalized(client.get(index.url, params))
    # The catalogue's row and view restrictions, the visible fiches' restrictions and count
    # (with a search, the count is that of the cached ranking: one query fewer).
    with django_assert_max_num_queries(6):
        second = normalized(client.get(index.url, params))

    assert first == second == uncached
    assert second.count('class="card__link"') == 2  # the second page of two fiches


def test_pagination_links_keep_the_parameters_of_each_request(client, index, many_fiches):
    client.get(index.url, {"page": "2", "campagne": "lettre"})

    content = html(client.get(index.url, {"page": "2"}))

    assert "campagne" not in content
    assert "page=3" in content


def test_a_new_fiche_shows_in_the_cached_results_and_counts(client, index, many_fiches):
    client.get(index.url)
    factories.FichePageFactory(parent=index, title="Une toute nouvelle fiche")

    content = html(client.get(index.url))

    assert "Une toute nouvelle fiche" in content
    assert "6 fiches publiées" in content
