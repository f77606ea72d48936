"""Wagtail's site root paths read in one query (cms.sites) and stored under Wagtail's own cache
key by cms.middleware.SiteRootPathsMiddleware: the same list as Wagtail's, kept true when the
sites or the root pages' translations change."""

import pytest
from django.core.cache import cache
from wagtail.models import Locale, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from cms import sites
from fiches import factories


def wagtail_root_paths():
    """What Wagtail itself reads, the cache emptied first."""
    Site.clear_site_root_paths_cache()
    return Site.get_site_root_paths()


def cached_root_paths():
    return cache.get(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)


@pytest.fixture
def english_home(home):
    english = Locale.objects.get_or_create(language_code="en")[0]
    translation = home.copy_for_translation(english)
    translation.save_revision().publish()
    return translation


@pytest.fixture
def other_sites(home, english_home):
    """Sites ordered by every rule of Wagtail's: a deeper root, two sites on one root page
    (default first, then by host name), a root without translation."""
    section = factories.FicheIndexPageFactory(parent=home, slug="section")
    Site.objects.create(hostname="section.example", port=443, root_page=section)
    Site.objects.create(hostname="b.example", port=8080, root_page=english_home)
    Site.objects.create(hostname="a.example", root_page=english_home)


def test_the_site_root_paths_are_wagtails_in_one_query(
    home, english_home, other_sites, django_assert_num_queries
):
    expected = wagtail_root_paths()
    assert expected[0].root_url == "https://section.example"  # the longest root path first
    with django_assert_num_queries(1):
        paths = sites.site_root_paths()
    assert paths == expected
    assert {(path.root_path, path.language_code) for path in paths} >= {
        (home.url_path, "fr"),
        (english_home.url_path, "en"),
    }


def test_without_i18n_each_site_has_only_its_root_page(settings, other_sites):
    settings.WAGTAIL_I18N_ENABLED = False
    assert sites.site_root_paths() == wagtail_root_paths()


def test_a_request_stores_them_under_wagtails_key_and_wagtail_then_reads_no_query(
    client, home, django_assert_num_queries
):
    cache.clear()
    assert client.get("/fr/").status_code == 200
    expected = sites.site_root_paths()
    with django_assert_num_queries(0):
        assert Site.get_site_root_paths() == expected


def test_a_key_already_there_is_kept(client, home, django_assert_num_queries):
    marker = [("kept",)]
    cache.set(SITE_ROOT_PATHS_CACHE_KEY, marker, version=SITE_ROOT_PATHS_CACHE_VERSION)
    with django_assert_num_queries(0):
        sites.warm_site_root_paths()
    assert cached_root_paths() == marker


def test_a_changed_site_or_new_translation_of_the_root_is_read_again(client, settings, home, index):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "rex.example"]
    fiche = factories.FichePageFactory(parent=index)
    client.get("/fr/")
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "rex.example", 443
    site.save()
    assert client.get(fiche.url, HTTP_HOST="rex.example").status_code == 200
    assert {path.root_url for path in cached_root_paths()} == {"https://rex.example"}
    assert fiche.get_full_url().startswith("https://rex.example/fr/")

    english = Locale.objects.get_or_create(language_code="en")[0]
    english_home = home.copy_for_translation(english)
    english_home.save_revision().publish()
    client.get("/fr/", HTTP_HOST="rex.example")
    assert (english_home.url_path, "en") in {
        (path.root_path, path.language_code) for path in cached_root_paths()
    }


def test_a_view_that_makes_no_page_url_does_not_read_them(client, home, django_assert_num_queries):
    # robots.txt answers without the database (fiches.discovery.sitemaps.robots_txt).
    cache.clear()
    with django_assert_num_queries(0):
        assert client.get("/robots.txt").status_code == 200
    assert cached_root_paths() is None


# ---------- The site of a request, in a compiled query (sites.site_for_request) ----------


def _wagtail_site(host, port):
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_HOST=host, SERVER_PORT=str(port))
    return Site._find_for_request(request)


def _our_site(host, port):
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_HOST=host, SERVER_PORT=str(port))
    return sites.site_for_request(request)


@pytest.mark.parametrize(
    ("host", "port"),
    [
        ("localhost", 80),  # the default site only
        ("a.example", 80),  # a host's own site
        ("b.example", 8080),  # host and port
        ("b.example", 9999),  # a host on another port: its only site
        ("twice.example", 80),  # a host with two sites, neither on that port: the default
        ("twice.example", 8081),  # ... or the one on that port
        ("unknown.example", 443),  # no such host: the default site
    ],
)
def test_the_site_of_a_request_is_wagtails_choice(home, other_sites, host, port):
    english_home = Site.objects.get(hostname="a.example").root_page
    Site.objects.create(hostname="twice.example", port=8081, root_page=english_home)
    Site.objects.create(hostname="twice.example", port=8082, root_page=home)
    expected = _wagtail_site(host, port)
    found = _our_site(host, port)
    assert found == expected
    assert found.root_page == expected.root_page


def test_no_site_when_nothing_matches_and_none_is_default(home, other_sites):
    Site.objects.update(is_default_site=False)
    assert _wagtail_site("unknown.example", 80) is None
    assert _our_site("unknown.example", 80) is None
    assert _our_site("a.example", 80).hostname == "a.example"


def test_the_site_is_read_once_per_request_and_kept_where_wagtail_reads_it(
    home, django_assert_num_queries
):
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_HOST="localhost")
    with django_assert_num_queries(1):
        site = sites.site_for_request(request)
        assert sites.site_for_request(request) is site
        assert Site.find_for_request(request) is site
        assert site.root_page.pk == home.pk
