"""CPV codes added in the admin are checked (shape, the official check digit, digits that no
other code has; digits, division and level follow from the code), and ``import_cpv`` reports the
codes that conflict with the database instead of crashing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from fiches.models import CPVCode


@pytest.fixture
def editor(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "pw"))
    return client


def add(client, code, label="Libellé"):
    return client.post(
        reverse("wagtailsnippets_fiches_cpvcode:add"),
        {"code": code, "label_fr": label, "label_en": ""},
    )


def test_a_wrong_check_digit_is_refused(editor):
    CPVCode.objects.filter(code="77310000-6").delete()
    response = add(editor, "77310000-9")
    assert response.status_code == 200
    assert (
        escape("Le chiffre de contrôle de 77310000-9 est faux : le code officiel est 77310000-6.")
        in response.content.decode()
    )
    assert not CPVCode.objects.filter(digits="77310000").exists()


def test_a_code_without_check_digit_is_refused(editor):
    response = add(editor, "99999999")
    assert response.status_code == 200
    assert escape("« 99999999 » n'est pas un code CPV complet") in response.content.decode()
    assert not CPVCode.objects.filter(digits="99999999").exists()


def test_digits_already_taken_are_refused(editor):
    # A code outside the official list whose digits are those of another code.
    CPVCode.objects.create(code="99999990-1", digits="99999990", division="99", label_fr="A")
    response = add(editor, "99999990-2")
    assert response.status_code == 200
    assert "sont déjà ceux du code 99999990-1" in response.content.decode()


def test_digits_division_and_level_follow_the_code(editor):
    CPVCode.objects.filter(code="77310000-6").delete()
    response = add(editor, " 77310000-6 ", "Services de plantation et d'entretien")
    assert response.status_code == 302
    code = CPVCode.objects.get(code="77310000-6")
    assert (code.digits, code.division, code.level) == ("77310000", "77", 3)


def test_import_cpv_reports_conflicts_instead_of_crashing(db, tmp_path):
    # What the admin let through before: a wrong check digit, digits that are not the code's.
    CPVCode.objects.filter(code__in=["77310000-6", "90919200-4"]).delete()
    CPVCode.objects.create(code="77310000-9", digits="77310000", division="77", label_fr="X")
    CPVCode.objects.create(code="11111111-1", digits="90919200", division="90", label_fr="Y")
    path = tmp_path / "cpv.csv"
    path.write_text(
        "code,label_fr,label_en\n"
        "77310000-6,Espaces verts,Green areas\n"
        "90919200-4,Nettoyage de bureaux,Office cleaning services\n"
        "45000000-7,Travaux de construction,Construction work\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_cpv", str(path), stdout=out)

    output = out.getvalue()
    assert (
        "Ligne 2 : 77310000-6 non importé, ses chiffres 77310000 sont déjà ceux du code 77310000-9"
        in output
    )
    assert "Ligne 3 : 90919200-4 non importé" in output and "11111111-1" in output
    assert "2 conflit(s)" in output
    assert not CPVCode.objects.filter(code="77310000-6").exists()
    assert CPVCode.objects.get(code="45000000-7").label_fr == "Travaux de construction"
