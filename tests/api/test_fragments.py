"""The fiches' payload with the fragment cache on (fiches.api.fragments, as in production): the
same JSON as computed afresh, never stale after a publication or a change to what a fiche shows,
fewer queries once cached and still a constant number; and the cheaper rendering (compact JSON,
search order) that goes with it."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fiches import factories
from fiches.catalogue import search
from fiches.choices import BuyerRole
from fiches.models import FichePage

pytestmark = pytest.mark.django_db

FICHES = "/api/v2/pages/"


@pytest.fixture
def fragment_cache(settings):
    """The fragment cache on, empty before and after (keys hold database ids, which a rolled
    back test may give again)."""
    settings.FRAGMENT_CACHE_SECONDS = 60
    cache = caches[settings.FRAGMENT_CACHE_ALIAS]
    cache.clear()
    yield cache
    cache.clear()


def rich_fiche(index, size, *, link=True, **kwargs):
    image = factories.ImageFactory(title="Chantier", description="Une équipe au travail")
    body = factories.fiche_body(image=image, document=factories.DocumentFactory())
    fields = {
        "hero_image": image,
        "body": body,
        "themes": [factories.ThemeFactory() for _ in range(size)],
        "buyers": [factories.BuyerFactory(logo=image) for _ in range(size)],
        "suppliers": [factories.ESSStructureFactory() for _ in range(size)],
        "operators": [factories.OperatorFactory() for _ in range(size)],
        "criteria": [(f"Critère {n}", None) for n in range(size)],
    }
    if link:
        # Internal links cost queries per link on a miss (Wagtail's page link handler): they
        # stay out of the tests that count queries.
        fields["added_value_buyer"] = (
            f'<p>Voir <a linktype="page" id="{index.pk}">le catalogue</a>.</p>'
        )
    return factories.FichePageFactory(parent=index, **{**fields, **kwargs})


def get_json(api_get, path, **params):
    response = api_get(path, **params)
    assert response.status_code == 200, response.content
    return response.json()


def count_queries(api_get, path, **params):
    with CaptureQueriesContext(connection) as queries:
        response = api_get(path, **params)
    assert response.status_code == 200, response.content
    return len(queries)


def cold_and_warm(api_get, cache, path, **params):
    """The queries of a request that computes the fragments, then of one that reads them."""
    api_get(path, **params)  # renditions are created on a first view only
    cache.clear()
    return count_queries(api_get, path, **params), count_queries(api_get, path, **params)


REQUESTS = [
    (FICHES, {"type": "fiches.FichePage", "fields": "*"}),
    (FICHES, {"type": "fiches.FichePage"}),
    (FICHES, {"type": "fiches.FichePage", "fields": "_,stakeholders,lessons"}),
]


def test_cached_payloads_are_the_computed_ones(api_get, settings, index):
    fiches = [rich_fiche(index, 2), rich_fiche(index, 3)]
    requests = [*REQUESTS, *((f"{FICHES}{fiche.pk}/", {}) for fiche in fiches)]
    computed = [get_json(api_get, path, **params) for path, params in requests]

    settings.FRAGMENT_CACHE_SECONDS = 60
    caches[settings.FRAGMENT_CACHE_ALIAS].clear()
    stored = [get_json(api_get, path, **params) for path, params in requests]
    cached = [get_json(api_get, path, **params) for path, params in requests]
    caches[settings.FRAGMENT_CACHE_ALIAS].clear()

    assert stored == computed
    assert cached == computed
    assert computed[-1]["body"] and computed[-1]["stakeholders"]["buyers"]


def test_a_new_publication_shows_at_once(api_get, fragment_cache, index):
    fiche = rich_fiche(index, 2)
    before = get_json(api_get, f"{FICHES}{fiche.pk}/")
    assert before["lessons"]["advice"] != "<p>Nouveau conseil.</p>"

    fiche.advice = "<p>Nouveau conseil.</p>"
    fiche.body = factories.fiche_body()[:1]
    fiche.save_revision().publish()

    after = get_json(api_get, f"{FICHES}{fiche.pk}/")
    assert after["lessons"]["advice"] == "<p>Nouveau conseil.</p>"
    assert [block["type"] for block in after["body"]] == ["heading"]
    listed = get_json(api_get, FICHES, type="fiches.FichePage", fields="_,lessons")
    assert listed["items"][0]["lessons"]["advice"] == "<p>Nouveau conseil.</p>"


def test_changes_to_what_a_fiche_shows_show_at_once(api_get, fragment_cache, index):
    """Actors, themes and images are not part of the fiche's revision: saving one bumps the
    content version that every fragment key holds."""
    buyer = factories.BuyerFactory(name="Ville de Rennes")
    fiche = rich_fiche(index, 1, buyers=[(buyer, BuyerRole.COORDINATOR, "")])
    get_json(api_get, f"{FICHES}{fiche.pk}/")
    get_json(api_get, FICHES, type="fiches.FichePage", fields="*")

    buyer.name = "Rennes Métropole"
    buyer.save()
    theme = fiche.themes.first()
    theme.name = "Nouvelle thématique"
    theme.save()
    fiche.hero_image.description = "Nouvelle description"
    fiche.hero_image.save()

    for data in (
        get_json(api_get, f"{FICHES}{fiche.pk}/"),
        get_json(api_get, FICHES, type="fiches.FichePage", fields="*")["items"][0],
    ):
        assert data["stakeholders"]["buyers"][0]["actor"]["name"] == "Rennes Métropole"
        assert data["themes"][0]["name"] == "Nouvelle thématique"
        assert data["hero_image"]["alt"] == "Nouvelle description"


def test_unpublished_fiches_leave_the_cached_listing(api_get, fragment_cache, index):
    kept, removed = rich_fiche(index, 1), rich_fiche(index, 1)
    get_json(api_get, FICHES, type="fiches.FichePage", fields="*")
    removed.unpublish()

    listed = get_json(api_get, FICHES, type="fiches.FichePage", fields="*")
    assert [item["id"] for item in listed["items"]] == [kept.pk]
    assert api_get(f"{FICHES}{removed.pk}/").status_code == 404


def test_cached_requests_cost_fewer_queries_still_constant(api_get, fragment_cache, index):
    for _ in range(2):
        rich_fiche(index, 2, link=False)
    path, params = REQUESTS[0]
    cold_few, warm_few = cold_and_warm(api_get, fragment_cache, path, **params)
    for _ in range(6):
        rich_fiche(index, 2, link=False)
    cold_many, warm_many = cold_and_warm(api_get, fragment_cache, path, **params)

    assert cold_few == cold_many
    assert warm_few == warm_many
    assert warm_many < cold_many


def test_cached_detail_is_constant_in_the_size_of_the_fiche(api_get, fragment_cache, index):
    small, big = rich_fiche(index, 1, link=False), rich_fiche(index, 8, link=False)
    counts = {
        fiche.pk: cold_and_warm(api_get, fragment_cache, f"{FICHES}{fiche.pk}/")
        for fiche in (small, big)
    }

    assert counts[small.pk] == counts[big.pk]
    cold, warm = counts[small.pk]
    assert warm < cold


# The whole detail payload of a fiche (PagesEndpoint.detail_view)


@pytest.fixture
def other_process(monkeypatch):
    """Edits made by another app server whose version bump this process does not see (each
    process keeps its own memory cache when REDIS_URL is not set)."""
    from cms.cache import signals

    monkeypatch.setattr(signals, "invalidate_now_and_on_commit", lambda: None)


def test_a_cached_detail_reads_only_the_restrictions_and_the_fiche_state(
    api_get, fragment_cache, index
):
    fiche = rich_fiche(index, 3, link=False)
    path = f"{FICHES}{fiche.pk}/"
    computed = get_json(api_get, path)

    with CaptureQueriesContext(connection) as queries:
        cached = get_json(api_get, path)

    assert cached == computed
    # The fiche's row (live, place, revision), then the view restrictions: nothing else.
    assert len(queries) == 2
    assert "fiches_fichepage" in queries[0]["sql"]
    assert "pageviewrestriction" in queries[1]["sql"]
    assert not any("chapo" in query["sql"] for query in queries)  # no column of its payload


def test_each_fields_selection_has_its_own_cached_detail(api_get, fragment_cache, index):
    fiche = rich_fiche(index, 1, link=False)
    path = f"{FICHES}{fiche.pk}/"
    full = get_json(api_get, path)

    narrow = get_json(api_get, path, fields="_,title")
    again = get_json(api_get, path)
    wrong = api_get(path, fields="_,inexistant")

    assert narrow == {"title": fiche.title}
    assert again == full and "stakeholders" in full
    assert wrong.status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        "restricted",
        "parent_restricted",
        "unpublished",
    ],
)
def test_a_cached_detail_follows_privacy_and_publication_made_elsewhere(
    api_get, fragment_cache, index, other_process, change
):
    from wagtail.models import PageViewRestriction

    fiche = rich_fiche(index, 1, link=False)
    path = f"{FICHES}{fiche.pk}/"
    get_json(api_get, path)
    get_json(api_get, path)

    if change == "unpublished":
        fiche.unpublish()
    else:
        PageViewRestriction.objects.create(
            page=fiche if change == "restricted" else index,
            restriction_type=PageViewRestriction.PASSWORD,
            password="secret",
        )

    assert api_get(path).status_code == 404


def test_a_cached_detail_follows_a_new_slug_made_elsewhere(
    api_get, fragment_cache, index, other_process
):
    fiche = rich_fiche(index, 1, link=False)
    path = f"{FICHES}{fiche.pk}/"
    get_json(api_get, path)

    fiche.slug = "un-nouveau-chemin"
    fiche.save_revision().publish()

    assert get_json(api_get, path)["meta"]["html_url"].endswith("/un-nouveau-chemin/")


def test_other_pages_detail_with_the_fragment_cache_on(api_get, fragment_cache, index):
    first = get_json(api_get, f"{FICHES}{index.pk}/")
    second = get_json(api_get, f"{FICHES}{index.pk}/")

    assert first == second
    assert first["meta"]["type"] == "fiches.FicheIndexPage"
    assert api_get(f"{FICHES}{2**31}/").status_code == 404


def test_a_cached_listing_reads_the_restrictions_and_the_fiches_state_only(
    api_get, fragment_cache, index
):
    for size in (1, 2, 3):
        rich_fiche(index, size, link=False)
    computed = get_json(api_get, FICHES, type="fiches.FichePage", fields="*")

    with CaptureQueriesContext(connection) as queries:
        cached = get_json(api_get, FICHES, type="fiches.FichePage", fields="*")

    assert cached == computed and len(cached["items"]) == 3
    assert len(queries) == 2
    assert not any("chapo" in query["sql"] for query in queries)


def test_a_cached_listing_follows_a_new_slug_made_elsewhere(
    api_get, fragment_cache, index, other_process
):
    fiche = rich_fiche(index, 1, link=False)
    get_json(api_get, FICHES, type="fiches.FichePage")

    fiche.slug = "un-nouveau-chemin"
    fiche.save_revision().publish()

    item = get_json(api_get, FICHES, type="fiches.FichePage")["items"][0]
    assert item["meta"]["html_url"].endswith("/un-nouveau-chemin/")


@pytest.mark.parametrize("fields", ["inexistant", "_,body"])
def test_a_cached_listing_checks_fields_even_when_empty(api_get, fragment_cache, fields):
    response = api_get(FICHES, type="fiches.FichePage", fields=fields)

    assert response.status_code == 400
    assert "message" in response.json()


# The count of a listing (PagesEndpoint.cached_count)


def total(api_get, **params):
    return get_json(api_get, FICHES, type="fiches.FichePage", **params)["meta"]["total_count"]


def test_cached_counts_follow_filters_publications_and_restrictions(
    api_get, fragment_cache, index, other_process
):
    from wagtail.models import PageViewRestriction

    from fiches.models import Region

    bretagne, normandie = Region.objects.get(code="53"), Region.objects.get(code="28")
    factories.FichePageFactory(parent=index, region=bretagne)
    hidden = factories.FichePageFactory(parent=index, region=normandie)
    assert (total(api_get), total(api_get, region="53"), total(api_get, limit=1)) == (2, 1, 2)

    with CaptureQueriesContext(connection) as queries:
        assert total(api_get, offset=1, fields="title") == 2
    assert not any("COUNT(" in query["sql"] for query in queries)

    # Seen by another process that missed the version bump: the restriction is in the key.
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert total(api_get) == 1


def test_a_cached_count_follows_a_publication(api_get, fragment_cache, index):
    factories.FichePageFactory(parent=index)
    assert total(api_get) == 1

    factories.FichePageFactory(parent=index)

    assert total(api_get) == 2


def test_json_is_compact_unless_asked_indented(client, index):
    rich_fiche(index, 1)
    compact = client.get(FICHES, {"type": "fiches.FichePage"}, HTTP_HOST="localhost")
    indented = client.get(
        FICHES,
        {"type": "fiches.FichePage"},
        HTTP_HOST="localhost",
        HTTP_ACCEPT="application/json; indent=4",
    )
    assert compact.content.startswith(b'{"meta":{"total_count":1}')
    assert indented.content.startswith(b'{\n    "meta": {\n        "total_count": 1')
    assert compact.json() == indented.json()


def test_search_results_come_in_the_order_of_relevance(api_get, index):
    for title in ("Entretien des espaces verts", "Espaces verts et espaces boisés", "Nettoyage"):
        factories.FichePageFactory(parent=index, title=title)
    words = search.query_words("espaces verts")
    ranked = search.ranked_pks(FichePage, words)
    data = get_json(api_get, FICHES, type="fiches.FichePage", search="espaces verts")

    assert ranked and [item["id"] for item in data["items"]] == ranked
    ordered = search.in_order(FichePage.objects.filter(pk__in=ranked[::-1]), ranked[::-1])
    assert list(ordered.values_list("pk", flat=True)) == ranked[::-1]
