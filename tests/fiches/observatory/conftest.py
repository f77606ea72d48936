"""The observatory's fixture (tests/fiches/observatory/): public fiches whose amounts, hours
and job indicators cover every case of what is known, and fiches the public never sees."""

from datetime import date

import pytest
from wagtail.models import PageViewRestriction

from fiches import factories
from fiches.choices import (
    AmountKind,
    AmountPeriod,
    BuyerType,
    ESSFamily,
    InclusionStatus,
    Nature,
    ReservedArticle,
)
from fiches.models import Region


@pytest.fixture
def observed(index):
    """Five public fiches (three in Bretagne, one in Pays de la Loire, one without region) and
    three that are not public (a draft, a password-protected fiche, a withdrawn one), each
    with 10 000 insertion hours and 1 000 000 € so that a leak shows in every sum."""
    hospital = factories.BuyerFactory(name="CHU de Nantes", buyer_type=BuyerType.HOSPITAL)
    esat = factories.ESSStructureFactory(
        name="ESAT de l'Estuaire",
        family=ESSFamily.ASSOCIATION,
        inclusion_status=InclusionStatus.ESAT,
    )
    public = [
        factories.FichePageFactory(
            parent=index,
            title="Total exact",
            insertion_hours=3500,
            amount=120000,
            indicators=[("Emplois créés", 4, "ETP", "2023", "Facilitateur")],
        ),
        factories.FichePageFactory(
            parent=index,
            title="Montant par an",
            insertion_hours=None,
            amount=50000,
            amount_period=AmountPeriod.PER_YEAR,
            notification_date=date(2021, 6, 1),
            indicators=[
                ("Emplois", ("environ", 3), " etp ", "par an", "Presse"),
                ("Salariés en insertion", 6, "Emplois", "2022", "SIAE"),
            ],
        ),
        factories.FichePageFactory(
            parent=index,
            title="Montant estimé",
            insertion_hours=1200,
            amount_kind=AmountKind.ESTIMATED,
            amount=80000,
            nature=Nature.SUPPLIES,
            reserved_articles=[ReservedArticle.DISABILITY],
            social_clause=False,
            buyers=[hospital],
            suppliers=[esat],
            indicators=[("Ordinateurs livrés", 420, "postes", "2024", "Atelier")],
        ),
        factories.FichePageFactory(
            parent=index,
            title="Accord-cadre",
            insertion_hours=None,
            amount_kind=AmountKind.RANGE,
            amount=None,
            amount_min=50000,
            amount_max=400000,
            region=Region.objects.get(code="52"),
            main_cpv=factories.cpv("55524000-9"),
            additional_cpvs=[factories.cpv("15331100-8")],
            indicators=(),
        ),
        factories.FichePageFactory(
            parent=index,
            title="Montant non renseigné",
            insertion_hours=800,
            amount_kind=AmountKind.UNKNOWN,
            amount=None,
            region=None,
            notification_date=None,
            reserved=False,
            reserved_articles=(),
            environmental_clause=True,
            indicators=[("Emplois", 2, "ETP", "2024", "Mairie")],
        ),
    ]
    hidden = {"insertion_hours": 10000, "amount": 1000000, "indicators": [("E", 50, "ETP", "", "")]}
    factories.FichePageFactory(parent=index, title="Brouillon", publish=False, **hidden)
    protected = factories.FichePageFactory(parent=index, title="Protégée", **hidden)
    PageViewRestriction.objects.create(
        page=protected, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    factories.FichePageFactory(parent=index, title="Retirée", **hidden).unpublish()
    return public
