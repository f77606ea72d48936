"""The demo shows what the sources of real cases say: an estimated amount per year, and
indicators and key figures that are ranges or bounds."""

from decimal import Decimal
from html import unescape

import pytest

from fiches.models import FichePage, ImpactIndicator
from tests.helpers import plain_typography

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def test_the_demo_has_an_estimated_yearly_amount(seeded, client):
    fiche = FichePage.objects.get(
        slug="legumes-bio-esat-colleges-vendee", locale__language_code="fr"
    )
    assert (fiche.amount_kind, fiche.amount_period, fiche.amount_years, fiche.amount) == (
        "estime",
        "par_an",
        6,
        Decimal("105000"),
    )
    page = plain_typography(unescape(client.get(fiche.url).content.decode()))
    assert "environ 105 000 € par an, sur 6 ans" in page


def test_the_demo_has_range_and_bound_indicators(seeded):
    kinds = set(
        ImpactIndicator.objects.filter(fiche__locale__language_code="fr").values_list(
            "kind", flat=True
        )
    )
    assert {"exact", "environ", "plus_de", "fourchette"} <= kinds
    fiche = FichePage.objects.get(
        slug="ordinateurs-reconditionnes-ecoles", locale__language_code="fr"
    )
    figures = [
        figure
        for block in fiche.body
        if block.block_type == "key_figures"
        for figure in block.value["figures"]
    ]
    assert [figure.figure for figure in figures] == ["420", "350 à 500"]
