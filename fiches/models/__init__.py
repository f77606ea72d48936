"""The models of the fiches app, re-exported here: import them from ``fiches.models``."""

from .actors import (
    ACTOR_KINDS,
    ACTOR_MODELS,
    Actor,
    ActorKind,
    Buyer,
    ESSStructure,
    Operator,
    actor_kind,
)
from .alerts import AlertSubscription
from .catalogue import FicheIndexPage
from .decp import DecpCandidate
from .fiche import FichePage
from .fiche_rows import (
    AwardCriterion,
    ContractMilestone,
    FicheAdditionalCPV,
    FicheBuyer,
    FicheOperator,
    FicheReservedArticle,
    FicheSupplier,
    GroupementMember,
    ImpactIndicator,
    StakeholderLink,
    number_rows,
)
from .figures import FigureGeneration, StoredFigure
from .jobs import ImportJob
from .media import CustomImage, CustomRendition, image_alt_field
from .proposals import Proposal, ProposerRole
from .reference import CPVCode, Department, Region
from .related import RelatedFiche
from .taxonomy import Theme

__all__ = [
    "ACTOR_KINDS",
    "ACTOR_MODELS",
    "Actor",
    "AlertSubscription",
    "ActorKind",
    "AwardCriterion",
    "Buyer",
    "CPVCode",
    "ContractMilestone",
    "CustomImage",
    "CustomRendition",
    "DecpCandidate",
    "Department",
    "ESSStructure",
    "FicheAdditionalCPV",
    "FicheBuyer",
    "FicheIndexPage",
    "FicheOperator",
    "FichePage",
    "FicheReservedArticle",
    "FigureGeneration",
    "FicheSupplier",
    "GroupementMember",
    "ImpactIndicator",
    "ImportJob",
    "Operator",
    "Proposal",
    "ProposerRole",
    "Region",
    "RelatedFiche",
    "StakeholderLink",
    "StoredFigure",
    "Theme",
    "actor_kind",
    "image_alt_field",
    "number_rows",
]
