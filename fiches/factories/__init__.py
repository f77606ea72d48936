"""factory_boy factories: they build the demo content (``seed_demo``) and the test data.

Re-exported here, import them from ``fiches.factories``: ``media`` (generated pictures, images,
documents), ``reference`` (themes, regions, CPV codes), ``actors``, ``pages`` (the page factory
and its publication), ``fiche`` (the fiche factory and its body) and ``origin`` (proposals and
DECP candidates, where a fiche comes from).
"""

from .actors import ActorFactory, BuyerFactory, ESSStructureFactory, OperatorFactory
from .fiche import FichePageFactory, fiche_body, figure_fields
from .media import PALETTE, DocumentFactory, ImageFactory, make_png
from .origin import DecpCandidateFactory, ProposalFactory
from .pages import FicheIndexPageFactory, PageFactory, local_datetime, publish_first_revision
from .reference import KNOWN_CPV, RegionRef, ThemeFactory, cpv, default_locale

__all__ = [
    "ActorFactory",
    "BuyerFactory",
    "DecpCandidateFactory",
    "DocumentFactory",
    "ESSStructureFactory",
    "FicheIndexPageFactory",
    "FichePageFactory",
    "ImageFactory",
    "KNOWN_CPV",
    "OperatorFactory",
    "PALETTE",
    "PageFactory",
    "ProposalFactory",
    "RegionRef",
    "ThemeFactory",
    "cpv",
    "default_locale",
    "fiche_body",
    "figure_fields",
    "local_datetime",
    "make_png",
    "publish_first_revision",
]
