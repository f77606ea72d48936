"""Validators that speak French to the editor and say what to fix."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

NON_NEGATIVE = MinValueValidator(0, message=_("Saisissez un nombre positif ou nul."))

LA_POSTE_SIREN = "356000000"
# La Poste's head office keeps the Luhn key; its other establishments follow their own rule.
LA_POSTE_HEAD_OFFICE = "35600000000048"


def luhn_is_valid(number):
    """True when the digit string passes the Luhn checksum."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_siret(value):
    """A SIRET is 14 digits with a valid Luhn key (La Poste's establishments use their own rule)."""
    compact = value.replace(" ", "")
    if not compact.isdigit() or len(compact) != 14:
        raise ValidationError(
            _("Le SIRET doit comporter exactement 14 chiffres (vous en avez saisi %(count)s)."),
            code="siret_length",
            params={"count": sum(c.isdigit() for c in compact)},
        )
    if compact.startswith(LA_POSTE_SIREN) and compact != LA_POSTE_HEAD_OFFICE:
        valid = sum(int(c) for c in compact) % 5 == 0
    else:
        valid = luhn_is_valid(compact)
    if not valid:
        raise ValidationError(
            _(
                "Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas. "
                "Vérifiez chaque chiffre sur l'annuaire des entreprises."
            ),
            code="siret_key",
        )
