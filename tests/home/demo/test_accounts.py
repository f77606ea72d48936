"""seed_demo --with-admin: one demo account per role, in its group, able to use the admin."""

import pytest
from django.contrib.auth import get_user_model

from fiches.editorial.groups import CONTRIBUTORS_GROUP, MODERATORS_GROUP
from fiches.models import FicheIndexPage, FichePage
from tests.home.demo.conftest import run_seed_demo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "group"),
    [("contributeur", CONTRIBUTORS_GROUP), ("moderateur", MODERATORS_GROUP)],
)
def test_each_role_has_a_demo_account_that_logs_into_the_admin(seeded, client, username, group):
    user = get_user_model().objects.get(username=username)
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert not user.is_superuser and not user.is_staff
    assert f"{group} : identifiant « {username} », mot de passe « {username} »" in seeded
    response = client.post("/admin/login/", {"username": username, "password": username})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_contributor_drafts_and_the_moderator_publishes(seeded):
    User = get_user_model()
    contributor = User.objects.get(username="contributeur")
    moderator = User.objects.get(username="moderateur")
    catalogue = FicheIndexPage.objects.get(locale__language_code="fr")
    fiche = FichePage.objects.filter(locale__language_code="fr").first()
    assert catalogue.permissions_for_user(contributor).can_add_subpage()
    assert not fiche.permissions_for_user(contributor).can_publish()
    assert not fiche.permissions_for_user(contributor).can_edit()
    assert fiche.permissions_for_user(moderator).can_publish()
    assert contributor.has_perm("wagtail_localize.submit_translation")


def test_demo_accounts_follow_the_environment_and_are_created_once(seeded, monkeypatch):
    monkeypatch.setenv("DEMO_CONTRIBUTOR_USER", "camille")
    monkeypatch.setenv("DEMO_CONTRIBUTOR_PASSWORD", "secret-c")
    monkeypatch.setenv("DEMO_MODERATOR_USER", "dominique")
    monkeypatch.setenv("DEMO_MODERATOR_PASSWORD", "secret-m")
    User = get_user_model()
    before = User.objects.count()
    run_seed_demo("--with-admin")
    output = run_seed_demo("--with-admin")
    assert User.objects.count() == before + 2
    assert User.objects.get(username="camille").check_password("secret-c")
    assert User.objects.get(username="dominique").groups.get().name == MODERATORS_GROUP
    assert "identifiant « dominique », mot de passe « secret-m »" in output
