"""SIRET validation, alone and on the actors that carry it."""

import pytest
from django.core.exceptions import ValidationError

from fiches import factories
from fiches.models import Buyer, Department, Operator, Region
from fiches.validators import luhn_is_valid, validate_siret


def messages(error):
    return " ".join(error.messages)


class TestValidateSiret:
    @pytest.mark.parametrize(
        "siret",
        [
            "73282932000074",
            "44306184100047",
            "55203253400646",
            # La Poste's head office keeps the Luhn key (and its digits sum to 26).
            "35600000000048",
            # Another La Poste establishment: not Luhn-valid, but its digits sum to 15.
            "35600000000001",
        ],
    )
    def test_valid(self, siret):
        validate_siret(siret)

    def test_examples_are_what_they_claim(self):
        assert luhn_is_valid("73282932000074")
        assert not luhn_is_valid("35600000000001")
        assert sum(int(c) for c in "35600000000001") % 5 == 0

    def test_spaces_are_accepted(self):
        validate_siret("732 829 320 00074")

    @pytest.mark.parametrize(
        ("siret", "count"),
        [("7328293200007", 13), ("732829320000745", 15), ("", 0), ("7328293200007A", 13)],
    )
    def test_wrong_length(self, siret, count):
        with pytest.raises(ValidationError) as caught:
            validate_siret(siret)
        assert caught.value.code == "siret_length"
        assert messages(caught.value) == (
            f"Le SIRET doit comporter exactement 14 chiffres (vous en avez saisi {count})."
        )

    @pytest.mark.parametrize("siret", ["73282932000075", "12345678901234"])
    def test_bad_key(self, siret):
        with pytest.raises(ValidationError) as caught:
            validate_siret(siret)
        assert caught.value.code == "siret_key"
        assert "clé de contrôle" in messages(caught.value)

    def test_la_poste_establishment_with_luhn_key_but_wrong_sum(self):
        # Luhn-valid, but La Poste's establishments follow the sum-of-digits rule.
        assert luhn_is_valid("35600000000014")
        with pytest.raises(ValidationError) as caught:
            validate_siret("35600000000014")
        assert caught.value.code == "siret_key"


@pytest.mark.django_db
class TestActorClean:
    def test_bad_siret_is_reported_on_the_siret_field(self):
        buyer = factories.BuyerFactory.build(siret="73282932000075")
        with pytest.raises(ValidationError) as caught:
            buyer.full_clean()
        assert list(caught.value.message_dict) == ["siret"]
        assert "clé de contrôle" in caught.value.message_dict["siret"][0]

    def test_siret_with_spaces_is_stored_compact(self):
        buyer = factories.BuyerFactory.build(siret="732 829 320 00074")
        buyer.full_clean()
        assert buyer.siret == "73282932000074"

    def test_department_outside_the_region(self):
        buyer = factories.BuyerFactory.build(
            department=Department.objects.get(code="85"), region=Region.objects.get(code="53")
        )
        with pytest.raises(ValidationError) as caught:
            buyer.full_clean()
        assert list(caught.value.message_dict) == ["department"]
        assert caught.value.message_dict["department"] == [
            "Le département Vendée (85) n'est pas dans la région choisie : "
            "corrigez l'un des deux, ou laissez la région vide."
        ]

    def test_region_is_deduced_from_the_department(self):
        buyer = factories.BuyerFactory.build(
            department=Department.objects.get(code="2A"), region=None
        )
        buyer.full_clean()
        assert buyer.region_id == "94"

    def test_slug_is_deduced_from_the_name(self):
        buyer = factories.BuyerFactory.build(name="Ville de Saint-Étienne", slug="")
        buyer.full_clean()
        assert buyer.slug == "ville-de-saint-etienne"

    def test_duplicate_slug_in_the_same_locale(self):
        factories.BuyerFactory(name="Ville de Rennes", slug="ville-de-rennes")
        duplicate = factories.BuyerFactory.build(name="Ville de Rennes", slug="")
        with pytest.raises(ValidationError) as caught:
            duplicate.full_clean()
        assert list(caught.value.message_dict) == ["slug"]
        assert caught.value.message_dict["slug"] == [
            "L'identifiant « ville-de-rennes » est déjà pris par un autre acteur de ce type : "
            "choisissez-en un autre (par exemple en ajoutant la commune)."
        ]
        assert Buyer.objects.filter(slug="ville-de-rennes").count() == 1

    def test_same_slug_for_another_kind_of_actor_is_allowed(self):
        factories.BuyerFactory(name="Rennes", slug="rennes")
        operator = factories.OperatorFactory.build(name="Rennes", slug="rennes")
        operator.full_clean()
        operator.save()
        assert Operator.objects.filter(slug="rennes").exists()

    def test_saved_actor_does_not_clash_with_itself(self):
        buyer = factories.BuyerFactory(name="Ville de Brest", slug="ville-de-brest")
        buyer.full_clean()
