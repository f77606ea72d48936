"""``fiches.choices.label``: the label of a choice as the field's ``get_…_display()`` gives it,
for every value of the actors' kinds, in French and in English, and for a value that is none of
them."""

import pytest
from django.utils import translation

from fiches import choices
from fiches.models import Buyer, ESSStructure, Operator

FIELDS = [
    (Buyer, "buyer_type", choices.BuyerType),
    (ESSStructure, "family", choices.ESSFamily),
    (ESSStructure, "inclusion_status", choices.InclusionStatus),
    (Operator, "operator_type", choices.OperatorType),
]


@pytest.mark.parametrize(("model", "field", "values"), FIELDS)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_as_the_fields_display(model, field, values, language):
    with translation.override(language):
        for value in [*values, "inconnu", "", None]:
            actor = model(**{field: value})
            expected = getattr(actor, f"get_{field}_display")()
            assert choices.label(values, value) == expected
            assert type(choices.label(values, value)) is type(expected)


def test_in_the_active_language():
    with translation.override("en"):
        assert choices.label(choices.ESSFamily, "association") == "Association"
        assert choices.label(choices.BuyerType, "etat") != "État (ministère, service déconcentré)"
    assert choices.label(choices.BuyerType, "etat") == "État (ministère, service déconcentré)"
