"""FichePage validation through the model: each bad input is reported on its field, in French."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fiches import factories
from fiches.choices import AmountKind, Lever, ReservedArticle
from fiches.models import GroupementMember


def clean_errors(page):
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


@pytest.fixture
def fiche(fiche):
    """The published fiche, reloaded as an editor would open it."""
    return type(fiche).objects.get(pk=fiche.pk)


def test_factory_fiche_is_valid(fiche):
    fiche.full_clean()


def test_amount_min_greater_than_max(fiche):
    fiche.amount_kind = AmountKind.RANGE
    fiche.amount = None
    fiche.amount_min = Decimal("300000")
    fiche.amount_max = Decimal("100000")
    errors = clean_errors(fiche)
    assert list(errors) == ["amount_max"]
    assert errors["amount_max"] == [
        "Le maximum (100\u00a0000\u00a0€) est inférieur au minimum (300\u00a0000\u00a0€) : "
        "inversez-les ou corrigez l'un des deux."
    ]


def test_negative_amount(fiche):
    fiche.amount = Decimal("-10")
    errors = clean_errors(fiche)
    assert list(errors) == ["amount"]
    assert "Saisissez un nombre positif ou nul." in errors["amount"]
    assert any("ne peut pas être négatif" in message for message in errors["amount"])


def test_amount_without_kind(fiche):
    fiche.amount_kind = ""
    errors = clean_errors(fiche)
    assert list(errors) == ["amount_kind"]


def test_lot_concerned_without_lots_count(fiche):
    fiche.lots_count = None
    fiche.lot_concerned = "Lot 3 — espaces verts"
    errors = clean_errors(fiche)
    assert list(errors) == ["lots_count"]


@pytest.mark.parametrize(
    ("months", "message"),
    [
        (0, "La durée doit être d'au moins un mois."),
        (
            241,
            "Une durée de plus de 20 ans est improbable : vérifiez qu'elle est bien en mois.",
        ),
    ],
)
def test_duration_out_of_range(fiche, months, message):
    fiche.duration_months = months
    assert clean_errors(fiche) == {"duration_months": [message]}


def test_hero_image_without_alt_text_nor_description(fiche):
    fiche.hero_image = factories.ImageFactory(description="")
    fiche.hero_image_alt = ""
    errors = clean_errors(fiche)
    assert list(errors) == ["hero_image_alt"]
    assert "n'a pas de texte alternatif" in errors["hero_image_alt"][0]


def test_hero_image_alt_falls_back_to_the_image_description(fiche):
    fiche.hero_image = factories.ImageFactory(description="Des jardiniers taillent une haie")
    fiche.hero_image_alt = ""
    fiche.full_clean()
    assert fiche.hero_alt == "Des jardiniers taillent une haie"


def test_hero_image_alt_text_wins_over_the_description(fiche):
    fiche.hero_image = factories.ImageFactory(description="")
    fiche.hero_image_alt = "Une équipe au travail"
    fiche.full_clean()
    assert fiche.hero_alt == "Une équipe au travail"


def test_several_errors_are_reported_together(fiche):
    fiche.lots_count = None
    fiche.lot_concerned = "Lot 3"
    fiche.duration_months = 0
    fiche.amount_kind = AmountKind.ESTIMATED
    fiche.amount = None
    errors = clean_errors(fiche)
    assert set(errors) == {"lots_count", "duration_months", "amount"}


def test_levers_lists_chosen_levers(fiche):
    fiche.social_criterion = True
    fiche.environmental_clause = False
    assert fiche.levers == [
        (Lever.RESERVED, "Marché réservé"),
        (Lever.SOCIAL_CLAUSE, "Clause sociale d'insertion"),
        (Lever.SOCIAL_CRITERION, "Critère social d'attribution"),
    ]


def test_lever_uses_give_each_article_and_its_lots(index):
    fiche = factories.FichePageFactory(
        parent=index,
        reserved_articles=[(ReservedArticle.DISABILITY, "lot 1"), ReservedArticle.INSERTION],
        social_clause=True,
        social_clause_lots="lot 3",
    )
    assert [tuple(use) for use in fiche.lever_uses] == [
        (Lever.RESERVED, "Marché réservé", "L2113-12", "lot 1"),
        (Lever.RESERVED, "Marché réservé", "L2113-13", ""),
        (Lever.SOCIAL_CLAUSE, "Clause sociale d'insertion", "L2112-2", "lot 3"),
    ]


@pytest.mark.parametrize("count", [0, -2])
def test_a_count_of_unnamed_members_below_one(index, count):
    member = GroupementMember(fiche=factories.FichePageFactory(parent=index), kind="esat")
    member.count = count
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert "Indiquez au moins une structure de ce type." in caught.value.messages
