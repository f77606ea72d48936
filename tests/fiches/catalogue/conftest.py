"""The catalogue's fixture, shared by its tests (tests/fiches/catalogue/)."""

from datetime import date

import pytest

from fiches import factories
from fiches.choices import BuyerType, ESSFamily, InclusionStatus, Nature, Procedure, ReservedArticle
from fiches.models import Department, Region


@pytest.fixture
def catalogue(index):
    """Two contrasted fiches: green spaces in Bretagne, school catering in Pays de la Loire."""
    food = factories.ThemeFactory(name="Alimentation")
    commune = factories.BuyerFactory(name="Ville de Rennes", buyer_type=BuyerType.COMMUNE)
    hospital = factories.BuyerFactory(name="CHU de Nantes", buyer_type=BuyerType.HOSPITAL)
    aci = factories.ESSStructureFactory(
        name="Jardins du Breil",
        family=ESSFamily.ASSOCIATION,
        inclusion_status=InclusionStatus.ACI,
    )
    esat = factories.ESSStructureFactory(
        name="Cuisine Solidaire",
        family=ESSFamily.COOPERATIVE,
        inclusion_status=InclusionStatus.ESAT,
    )
    green = factories.FichePageFactory(
        parent=index,
        title="Entretien des espaces verts de Rennes",
        buyers=[commune],
        suppliers=[aci],
        notification_date=date(2023, 3, 15),
        amount=120000,
    )
    canteen = factories.FichePageFactory(
        parent=index,
        title="Restauration scolaire bio",
        chapo="Une coopérative livre les cantines de la Vendée.",
        nature=Nature.SUPPLIES,
        procedure=Procedure.OPEN,
        reserved=True,
        reserved_articles=[ReservedArticle.DISABILITY],
        social_clause=False,
        social_criterion=True,
        main_cpv=factories.cpv("55524000-9"),
        additional_cpvs=[factories.cpv("15331100-8")],
        region=Region.objects.get(code="52"),
        departments=[Department.objects.get(code="85")],
        themes=[food],
        buyers=[hospital],
        suppliers=[esat],
        notification_date=date(2021, 6, 1),
        amount_kind="min_max",
        amount=None,
        amount_min=50000,
        amount_max=400000,
    )
    return green, canteen
