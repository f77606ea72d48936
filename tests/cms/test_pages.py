"""View restrictions in one query or none (cms.pages): the same restrictions as Wagtail's
``Page.get_view_restrictions``, for pages below a restricted one and for aliases."""

from wagtail.models import Page, PageViewRestriction

from cms.pages import with_view_restrictions
from fiches import factories
from fiches.models import FicheIndexPage, FichePage


def wagtails(page):
    return set(Page.get_view_restrictions(page))


def test_the_restrictions_are_wagtails_in_one_query(django_assert_num_queries, index, home):
    fiche = factories.FichePageFactory(parent=index)
    restriction = PageViewRestriction.objects.create(page=index, restriction_type="login")

    with django_assert_num_queries(1):
        found = set(fiche.get_view_restrictions())

    assert found == wagtails(fiche) == {restriction}
    assert set(home.get_view_restrictions()) == wagtails(home) == set()


def test_an_alias_has_the_restrictions_of_its_original(home, index):
    restriction = PageViewRestriction.objects.create(page=index, restriction_type="login")
    alias = index.create_alias(parent=home, update_slug="copie")
    below = factories.FichePageFactory(parent=alias.specific)
    below = FichePage.objects.get(pk=below.pk)

    assert set(below.get_view_restrictions()) == wagtails(below) == {restriction}
    annotated = with_view_restrictions(FichePage.objects.filter(pk=below.pk)).get()
    assert annotated.has_view_restrictions is True


def test_a_page_fetched_with_its_answer_costs_no_query(django_assert_num_queries, index):
    fiche = factories.FichePageFactory(parent=index)
    public = with_view_restrictions(FichePage.objects.filter(pk=fiche.pk)).get()
    assert public.has_view_restrictions is False
    with django_assert_num_queries(0):
        assert list(public.get_view_restrictions()) == []

    PageViewRestriction.objects.create(page=index, restriction_type="login")
    private = with_view_restrictions(FicheIndexPage.objects.filter(pk=index.pk)).get()
    assert private.has_view_restrictions is True


def test_a_restricted_catalogue_and_its_fiches_ask_for_a_login(client, index):
    fiche = factories.FichePageFactory(parent=index)
    PageViewRestriction.objects.create(page=index, restriction_type="login")

    for url in (index.url, fiche.url):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"]
