"""Addresses are ASCII: a page, an actor or a theme with an accented title gets an unaccented
slug, never a percent-encoded URL; existing slugs are left as they are."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from fiches import factories
from fiches.models import Buyer, FichePage
from tests.helpers import edit_form_data


@pytest.fixture
def editor(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "pw"))
    return client


def test_a_slug_deduced_from_an_accented_title_is_ascii(index):
    page = factories.FichePageFactory(
        parent=index, title="Réemploi des équipements à Besançon", slug=""
    )
    assert page.slug == "reemploi-des-equipements-a-besancon"
    assert page.url.endswith("/reemploi-des-equipements-a-besancon/")
    assert "%" not in page.url


def test_a_typed_accented_slug_becomes_ascii(editor, fiche):
    data = edit_form_data(editor, fiche, action="publish", slug="réemploi-élargi")
    response = editor.post(reverse("wagtailadmin_pages:edit", args=[fiche.pk]), data)
    assert response.status_code == 302
    fiche.refresh_from_db()
    assert fiche.slug == "reemploi-elargi"


def test_the_admin_slug_field_slugifies_in_ascii(editor, index):
    response = editor.get(reverse("wagtailadmin_pages:add", args=["fiches", "fichepage", index.pk]))
    [slug_input] = re.findall(r'<input[^>]*name="slug"[^>]*>', response.content.decode())
    assert 'data-controller="w-slug"' in slug_input
    # Django leaves out a false boolean attribute: the slug controller then keeps ASCII only.
    assert "data-w-slug-allow-unicode-value" not in slug_input


def test_an_actor_slug_is_ascii(db):
    buyer = factories.BuyerFactory.build(name="Communauté d'agglomération Épinal", slug="")
    buyer.locale_id = None
    buyer.clean()
    assert buyer.slug == "communaute-dagglomeration-epinal"


def test_existing_slugs_are_unchanged(fiche):
    FichePage.objects.filter(pk=fiche.pk).update(slug="ancien-slug")
    fiche.refresh_from_db()
    fiche.save_revision().publish()
    fiche.refresh_from_db()
    assert fiche.slug == "ancien-slug"
    assert Buyer.objects.exists()
