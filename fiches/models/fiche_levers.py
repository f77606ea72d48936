"""The social and environmental levers of a fiche: the flags on ``FichePage`` with the lots each
concerns, and the articles of a reserved contract (``FicheReservedArticle`` rows), read as one
list of ``LeverUse`` by the card, the API and the exports."""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

from fiches.choices import LEVER_ARTICLES, Lever

#: The levers stored as a flag on the fiche; ``<flag>_lots`` names the lots each concerns.
FLAG_LEVERS = (
    (Lever.SOCIAL_CLAUSE, "social_clause"),
    (Lever.SOCIAL_CRITERION, "social_criterion"),
    (Lever.ENVIRONMENTAL_CLAUSE, "environmental_clause"),
    (Lever.ENVIRONMENTAL_CRITERION, "environmental_criterion"),
)


def lever_lots_field(verbose_name):
    """The « lots concernés » field of a flag lever."""
    return models.CharField(
        verbose_name,
        max_length=200,
        blank=True,
        help_text=_("Facultatif : par exemple « lot 2 ». Vide : tout le marché."),
    )


class LeverUse(NamedTuple):
    """One lever of a contract: its code and label, its legal article (one per article of a
    reserved contract) and the lots it concerns (``""``: the whole contract or not said)."""

    code: str
    label: str
    article: str
    lots: str


def levers(fiche):
    """The levers ``fiche`` uses, as ``(code, label)`` pairs, from its own flags (no query:
    what the cards of a listing show)."""
    chosen = [(Lever.RESERVED, Lever.RESERVED.label)] if fiche.reserved else []
    chosen += [(lever, lever.label) for lever, flag in FLAG_LEVERS if getattr(fiche, flag)]
    return chosen


def lever_uses(fiche):
    """Every lever of ``fiche`` with its article and lots, as ``LeverUse``: a reserved contract
    gives one per article (``reserved_articles``, prefetched by the selectors), or one without
    article when none is recorded."""
    uses = []
    if fiche.reserved:
        reserved = Lever.RESERVED
        uses += [
            LeverUse(reserved, reserved.label, row.article, row.lots)
            for row in fiche.reserved_articles.all()
        ] or [LeverUse(reserved, reserved.label, "", "")]
    for lever, flag in FLAG_LEVERS:
        if getattr(fiche, flag):
            lots = getattr(fiche, f"{flag}_lots")
            uses.append(LeverUse(lever, lever.label, LEVER_ARTICLES[lever], lots))
    return uses
