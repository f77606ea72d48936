"""``fiches.groupement``: the groupement in one French sentence, without the database."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from fiches import groupement
from fiches.choices import MEMBER_KINDS, Groupement

NBSP = "\u00a0"


def supplier(name, role):
    return SimpleNamespace(actor=SimpleNamespace(name=name), role=role)


def member(kind, count, note=""):
    return SimpleNamespace(kind=kind, count=count, note=note)


def fiche(form, lead_unknown=False):
    return SimpleNamespace(groupement=form, groupement_lead_unknown=lead_unknown)


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def test_named_members_and_unnamed_ones_by_kind():
    suppliers = [
        supplier("Jardins B", "cotraitant_solidaire"),
        supplier("Atelier A", "mandataire"),
        supplier("Sous-traitant C", "sous_traitant"),
    ]
    unnamed = [member("esat", 3), member("siae", 4)]

    text = groupement.summary(fiche(Groupement.SEVERAL), suppliers, unnamed)

    assert text == (
        "Groupement solidaire de 9 structures, mandataire Atelier A : Atelier A, Jardins B et "
        f"7 autres structures non nommées (3{NBSP}ESAT, 4{NBSP}SIAE)"
    )
    assert groupement.size(suppliers, unnamed) == 9


def test_no_named_member_and_an_unknown_mandataire():
    text = groupement.summary(
        fiche(Groupement.UNKNOWN_FORM, lead_unknown=True),
        [supplier("Titulaire seul", "titulaire")],
        [member("association", 2, "du quartier"), member("autre", 1)],
    )

    assert text == (
        "Groupement (forme non renseignée) de 3 structures, mandataire non renseigné : "
        f"3 structures non nommées (2{NBSP}associations du quartier, 1{NBSP}autre structure)"
    )


def test_a_joint_groupement_of_named_members_only():
    text = groupement.summary(
        fiche(Groupement.JOINT),
        [supplier("A", "mandataire"), supplier("B", "cotraitant_conjoint")],
        [],
    )

    assert text == "Groupement conjoint de 2 structures, mandataire A : A et B"


@pytest.mark.parametrize("form", ["", Groupement.NONE])
def test_no_groupement_says_nothing(form):
    assert groupement.summary(fiche(form), [supplier("A", "mandataire")], []) == ""


def test_every_member_kind_has_a_count_text():
    for kind, _label in MEMBER_KINDS:
        assert "×" not in groupement.members_text(kind, 2), kind
