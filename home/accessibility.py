"""What the accessibility statement says on its own: the compliance status (RGAA wording, shown
in the footer and in the statement) and the pages the automated tests check.

``AUTOMATED_CHECKS`` is the list of pages that ``tests/a11y/test_axe.py`` checks with axe-core
in Chromium (WCAG 2.1 A and AA rules) at every run of the browser tests in CI; that test fails
when its pages and this list differ, so the statement never names a page that is not checked.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Compliance(models.TextChoices):
    """The three statuses of the RGAA (« non conforme » until an audit says otherwise)."""

    NONE = "non_conforme", _("non conforme")
    PARTIAL = "partiellement_conforme", _("partiellement conforme")
    FULL = "totalement_conforme", _("totalement conforme")


#: The rules axe-core applies in the automated tests.
AXE_RULES = "WCAG 2.1 A, AA"

#: Key (as ``tests/a11y/test_axe.py`` names the page) → what the statement calls it.
AUTOMATED_CHECKS = {
    "accueil": _("Page d'accueil"),
    "catalogue": _("Catalogue des fiches"),
    "catalogue filtré": _("Catalogue filtré par région et par levier"),
    "catalogue avec recherche": _("Catalogue avec une recherche"),
    "fiche": _("Une fiche"),
    "acteur (acheteur)": _("Page d'un acheteur public"),
    "acteur (structure de l'ESS)": _("Page d'une structure de l'ESS"),
    "annuaire des acteurs": _("Annuaire des acteurs"),
    "recherche": _("Résultats de la recherche"),
    "régions": _("Les fiches par région (carte)"),
    "région": _("Page d'une région"),
    "intégrer les fiches": _("Intégrer les fiches sur votre site"),
    "proposer un retour d'expérience": _("Proposer un retour d'expérience"),
    "module (clair)": _("Module intégrable, thème clair"),
    "module (sombre, compact)": _("Module intégrable, thème sombre et compact"),
    "module (options invalides)": _("Module intégrable, options invalides"),
    "données ouvertes": _("Données ouvertes"),
    "déclaration d'accessibilité": _("Déclaration d'accessibilité"),
    "plan du site": _("Plan du site"),
    "mentions légales": _("Mentions légales"),
    "données personnelles": _("Données personnelles"),
}
