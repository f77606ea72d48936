"""What each role may and may not do in the admin; anonymous visitors reach no admin view."""

import pytest
from django.urls import reverse
from wagtail.admin.admin_url_finder import AdminURLFinder

from fiches import factories
from fiches.models import CPVCode, FichePage, Theme
from tests.helpers import post_edit


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


def snippet_url(model, view, *args):
    return reverse(f"wagtailsnippets_fiches_{model._meta.model_name}:{view}", args=args)


class TestContributor:
    def test_opens_the_new_fiche_form_in_the_catalogue(self, contributor_client, index):
        url = reverse("wagtailadmin_pages:add", args=["fiches", "fichepage", index.pk])
        response = contributor_client.get(url)
        assert response.status_code == 200
        assert 'id="page-edit-form"' in response.content.decode()

    def test_edits_their_own_fiche(self, contributor_client, draft):
        response = contributor_client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
        assert response.status_code == 200
        assert draft.title in response.content.decode()

    def test_cannot_edit_another_contributors_fiche(
        self, client, contributor, other_contributor, index
    ):
        theirs = factories.FichePageFactory(parent=index, owner=other_contributor, publish=False)
        client.force_login(contributor)
        url = reverse("wagtailadmin_pages:edit", args=[theirs.pk])
        # Wagtail answers a refusal by sending back to the dashboard with an error message.
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
        response = client.post(url, {"title": "Détournée"})
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
        theirs.refresh_from_db()
        assert theirs.get_latest_revision().content["title"] != "Détournée"

    def test_cannot_publish_their_fiche(self, contributor_client, draft):
        response = post_edit(contributor_client, draft, action="publish", title="Publiée ?")
        assert response.status_code == 302
        draft.refresh_from_db()
        # Wagtail ignores the publish action without the permission: a draft is saved instead.
        assert not draft.live
        assert draft.get_latest_revision().content["title"] == "Publiée ?"
        permissions = draft.permissions_for_user(draft.owner)
        assert not permissions.can_publish()
        assert not permissions.can_unpublish()

    def test_has_no_publish_button(self, contributor_client, draft):
        response = contributor_client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
        content = response.content.decode()
        assert 'name="action-publish"' not in content
        assert 'name="action-submit"' in content

    def test_cannot_lock_a_fiche(self, contributor_client, draft):
        response = contributor_client.post(reverse("wagtailadmin_pages:lock", args=[draft.pk]))
        assert response.status_code in (302, 403)
        draft.refresh_from_db()
        assert not draft.locked

    def test_cannot_change_reference_data(self, contributor_client):
        code = factories.cpv("77310000-6")
        theme = factories.ThemeFactory(name="Espaces verts")
        forbidden = [
            snippet_url(CPVCode, "edit", code.pk),
            snippet_url(CPVCode, "add"),
            snippet_url(Theme, "edit", theme.pk),
            snippet_url(Theme, "add"),
            snippet_url(Theme, "delete", theme.pk),
        ]
        for url in forbidden:
            assert contributor_client.get(url).status_code in (302, 403), url
        response = contributor_client.post(snippet_url(Theme, "edit", theme.pk), {"name": "X"})
        assert response.status_code in (302, 403)
        theme.refresh_from_db()
        assert theme.name == "Espaces verts"

    def test_creates_actors(self, contributor_client):
        buyer = factories.BuyerFactory()
        assert contributor_client.get(snippet_url(type(buyer), "add")).status_code == 200
        assert contributor_client.get(snippet_url(type(buyer), "edit", buyer.pk)).status_code == 200
        assert contributor_client.get(snippet_url(type(buyer), "delete", buyer.pk)).status_code in (
            302,
            403,
        )

    def test_chooses_cpv_codes(self, contributor_client):
        factories.cpv("77310000-6")
        response = contributor_client.get(
            reverse("wagtailsnippetchoosers_fiches_cpvcode:choose"), {"q": "77310000"}
        )
        assert response.status_code == 200
        assert "77310000-6" in response.content.decode()


class TestModerator:
    def test_edits_and_publishes_any_fiche(self, client, moderator, draft):
        client.force_login(moderator)
        response = post_edit(client, draft, action="publish")
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.live

    def test_manages_themes(self, client, moderator):
        client.force_login(moderator)
        theme = factories.ThemeFactory(name="Espaces verts")
        assert client.get(snippet_url(Theme, "edit", theme.pk)).status_code == 200
        assert client.get(snippet_url(CPVCode, "add")).status_code == 200


ADMIN_VIEWS = [
    ("wagtailadmin_home", []),
    ("wagtailadmin_explore_root", []),
    ("wagtailimages:index", []),
    ("wagtaildocs:index", []),
    ("wagtailusers_users:index", []),
    ("wagtailadmin_workflows:index", []),
    ("wagtailsnippets_fiches_cpvcode:list", []),
    ("wagtailsnippets_fiches_theme:list", []),
    ("wagtailsnippets_fiches_buyer:add", []),
]


@pytest.mark.parametrize(("name", "args"), ADMIN_VIEWS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_anonymous_visitors_cannot_reach_page_editing(client, draft):
    finder_urls = [
        AdminURLFinder().get_edit_url(draft),
        reverse("wagtailadmin_pages:revisions_index", args=[draft.pk]),
        reverse("wagtailadmin_pages:add", args=["fiches", "fichepage", draft.get_parent().pk]),
        reverse("wagtailadmin_pages:delete", args=[draft.pk]),
    ]
    for url in finder_urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailadmin_login")), url
    assert FichePage.objects.filter(pk=draft.pk, live=False).exists()


class TestFeaturingOnTheHomePage:
    """Only moderators choose the fiches shown on the home page."""

    def test_contributor_does_not_see_nor_set_the_featured_box(self, client, contributor, draft):
        client.force_login(contributor)
        url = f"/admin/pages/{draft.pk}/edit/"
        assert 'name="is_featured"' not in client.get(url).content.decode()

    def test_moderator_sees_the_featured_box(self, client, moderator, draft):
        client.force_login(moderator)
        response = client.get(f"/admin/pages/{draft.pk}/edit/")
        assert response.status_code == 200
        assert 'name="is_featured"' in response.content.decode()

    def test_only_moderators_hold_the_permission(self, contributor, moderator):
        assert moderator.has_perm("fiches.feature_fichepage")
        assert not contributor.has_perm("fiches.feature_fichepage")
