"""The « Nouvelle fiche » action: a labelled button on the dashboard and on the catalogue's page
in the explorer, leading to the creation form of a fiche under the catalogue; and the
contributor guide, reached from the dashboard, the admin menu and each tab of the fiche form."""

import re

import pytest
from django.urls import reverse

from fiches.editorial.groups import CONTRIBUTORS_GROUP
from tests.helpers import make_user


@pytest.fixture
def contributor(db):
    return make_user("claire", CONTRIBUTORS_GROUP)


def new_fiche_links(html):
    return re.findall(r'<a[^>]*href="([^"]+)"[^>]*data-fiches-new-fiche[^>]*>(.*?)</a>', html, re.S)


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["fiches", "fichepage", index.pk])


def test_the_dashboard_offers_a_new_fiche(client, contributor, index):
    client.force_login(contributor)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    [(url, label)] = new_fiche_links(response.content.decode())
    assert url == add_url(index)
    assert "Nouvelle fiche" in label
    assert client.get(url).status_code == 200


def test_the_catalogue_explorer_has_a_labelled_new_fiche_button(client, contributor, index, home):
    client.force_login(contributor)
    response = client.get(reverse("wagtailadmin_explore", args=[index.pk]))
    assert response.status_code == 200
    [(url, label)] = new_fiche_links(response.content.decode())
    assert url == add_url(index)
    assert "Nouvelle fiche" in label
    # Other pages of the explorer keep Wagtail's header only.
    response = client.get(reverse("wagtailadmin_explore", args=[home.pk]))
    assert new_fiche_links(response.content.decode()) == []


def test_no_button_without_the_right_to_add(client, db, index):
    # A user with admin access and no page permission (no group of the editorial roles).
    from django.contrib.auth.models import Permission

    user = make_user("visiteur")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert new_fiche_links(response.content.decode()) == []


def test_the_guide_is_reached_from_the_dashboard_and_every_tab(client, contributor, fiche):
    client.force_login(contributor)
    guide = reverse("fiches_guide")
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{guide}"' in dashboard

    response = client.get(guide)
    assert response.status_code == 200
    content = response.content.decode()
    for text in ("Non renseigné", "Sans objet", "juillet 2023", "Vendée", "groupement"):
        assert text in content, text

    fiche.owner = contributor
    fiche.save()
    form = client.get(reverse("wagtailadmin_pages:edit", args=[fiche.pk])).content.decode()
    links = re.findall(rf'href="{re.escape(guide)}#([\w-]+)"', form)
    assert len(links) == 6
    for anchor in links:
        assert f'id="{anchor}"' in content, anchor


def test_the_guide_needs_admin_access(client, db):
    response = client.get(reverse("fiches_guide"))
    assert response.status_code == 302
