"""DECP identifiers to actors of the directory, by SIRET, through the actor registry
(``fiches.models.ACTOR_KINDS``): the buyer of a record is a ``buyer``, its holders are
``ess_structure`` (the kinds a fiche links as buyer and as holder)."""

from django.db.models import Value
from django.db.models.functions import Replace
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from fiches.choices import NOT_STATED
from fiches.models import ACTOR_KINDS

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
    """``{siret: actor}`` for the actors of this kind that have one of these SIRET (in the
    default locale; the first one by name when several share it)."""
    locale = locale or Locale.get_default()
    found = {}
    for actor in _by_siret(key, plain_siret__in=list(sirets), locale=locale).order_by("name"):
        found.setdefault(actor.plain_siret, actor)
    return found


def new_actor(key, siret, locale):
    """An actor of this kind known only by its SIRET, as a draft awaiting moderation: its name
    says its SIRET and its classification is « non renseigné » (DECP gives no more)."""
    actor_kind = kind(key)
    model = actor_kind.model
    base = f"siret-{siret}"
    slug, number = base, 1
    while model.objects.filter(slug=slug, locale=locale).exists():
        number += 1
        slug = f"{base}-{number}"
    label = _("Acheteur") if key == BUYER else _("Titulaire")
    actor = model(
        name=_("%(kind)s SIRET %(siret)s") % {"kind": label, "siret": siret},
        slug=slugify(slug),
        siret=siret,
        locale=locale,
        live=False,
    )
    for name in actor_kind.classification:
        setattr(actor, name, NOT_STATED)
    if hasattr(actor, "esus"):
        actor.esus = NOT_STATED
    actor.save()
    return actor
