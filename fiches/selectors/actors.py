"""The actors of the directory by SIRET, through the actor registry
(``fiches.models.ACTOR_KINDS``): what the DECP import matches a record's buyer (a ``buyer``)
and holders (``ess_structure``) with, and what the admin says of a DECP record's holders (the
« À documenter » view, the edit page of a fiche started from a record)."""

from django.db.models import Value
from django.db.models.functions import Replace
from wagtail.models import Locale

from fiches.models import ACTOR_KINDS, DecpCandidate

BUYER, HOLDER = "buyer", "ess_structure"


def kind(key):
    return next(actor_kind for actor_kind in ACTOR_KINDS if actor_kind.key == key)


def _by_siret(key, **filters):
    # A SIRET may have been typed with spaces before the model's clean removed them.
    return (
        kind(key)
        .model.objects.annotate(plain_siret=Replace("siret", Value(" "), Value("")))
        .exclude(siret="")
        .filter(**filters)
    )


def known_sirets(key=HOLDER):
    """Every SIRET of the directory's actors of this kind (a few thousand at most): what the
    import compares each record's holders with, in memory."""
    return frozenset(_by_siret(key).values_list("plain_siret", flat=True))


def actors_by_siret(key, sirets, locale=None):
    """``{siret: actor}`` for the actors of this kind that have one of these SIRET, in
    ``locale`` (a locale or its id; by default the default one), the first one by name when
    several share it. One query."""
    locale = locale or Locale.get_default()
    found = {}
    for actor in _by_siret(key, plain_siret__in=list(sirets), locale=locale).order_by("name"):
        found.setdefault(actor.plain_siret, actor)
    return found


def decp_holders(fiche, linked_actor_ids):
    """The holders of the DECP record a fiche was started from, for its editor:
    ``[(siret, structure, linked)]`` in the record's order, ``structure`` the ESS structure of
    the directory with this SIRET (``None``: the directory does not know it), ``linked``
    whether the fiche links it (``linked_actor_ids``: the fiche's holders, as edited). ``[]``
    for a fiche not started from a record. Two queries at most."""
    if fiche.pk is None:
        return []
    candidate = DecpCandidate.objects.filter(fiche_id=fiche.pk).only("holder_sirets").first()
    if candidate is None or not candidate.holder_sirets:
        return []
    found = actors_by_siret(HOLDER, candidate.holder_sirets, fiche.locale_id)
    linked_actor_ids = set(linked_actor_ids)
    return [
        (siret, found.get(siret), siret in found and found[siret].pk in linked_actor_ids)
        for siret in candidate.holder_sirets
    ]
