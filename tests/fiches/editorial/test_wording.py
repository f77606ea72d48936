"""Admin French that reads as French: the « add » buttons of the fiche's rows agree with their
noun, and a deleted CPV code is named in the message (not « None »)."""

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from fiches.models import CPVCode


@pytest.fixture
def editor(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "pw"))
    return client


def test_the_add_buttons_agree_with_their_noun(editor, fiche):
    content = unescape(
        editor.get(reverse("wagtailadmin_pages:edit", args=[fiche.pk])).content.decode()
    )
    buttons = {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", label)).strip()
        for label in re.findall(r'id="id_[\w-]+-(?:ADD|OPEN_MODAL)">(.*?)</button>', content, re.S)
    }
    assert {
        "Ajouter un critère",
        "Ajouter des codes CPV complémentaires",
        "Ajouter un acheteur",
        "Ajouter une structure de l'ESS",
        "Ajouter un opérateur ou un accompagnateur",
        "Ajouter un indicateur",
    } <= buttons
    assert "un(e)" not in " ".join(buttons)


def test_a_deleted_cpv_code_is_named(editor, db):
    code = CPVCode.objects.create(
        code="99999990-1", digits="99999990", division="99", label_fr="Essai"
    )
    response = editor.post(
        reverse("wagtailsnippets_fiches_cpvcode:delete", args=[code.pk]), follow=True
    )
    messages = [str(message) for message in response.context["messages"]]
    assert any("99999990-1 — Essai" in message for message in messages), messages
    assert not any("None" in message for message in messages)
    assert not CPVCode.objects.filter(code="99999990-1").exists()


def test_the_admin_css_is_inserted(editor, fiche):
    content = editor.get(reverse("wagtailadmin_pages:edit", args=[fiche.pk])).content.decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*css/admin[^"]*\.css">', content)
