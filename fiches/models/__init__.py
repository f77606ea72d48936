from .actors import ACTOR_MODELS, Actor, Buyer, ESSStructure, Operator
from .fiche import (
    AwardCriterion,
    FicheAdditionalCPV,
    FicheBuyer,
    FicheIndexPage,
    FicheOperator,
    FichePage,
    FicheSupplier,
    ImpactIndicator,
)
from .media import CustomImage, CustomRendition
from .reference import CPVCode, Department, Region
from .taxonomy import Theme

__all__ = [
    "ACTOR_MODELS",
    "Actor",
    "AwardCriterion",
    "Buyer",
    "CPVCode",
    "CustomImage",
    "CustomRendition",
    "Department",
    "ESSStructure",
    "FicheAdditionalCPV",
    "FicheBuyer",
    "FicheIndexPage",
    "FicheOperator",
    "FichePage",
    "FicheSupplier",
    "ImpactIndicator",
    "Operator",
    "Region",
    "Theme",
]
