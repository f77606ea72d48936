"""The actors a DECP record names that the directory does not have: created as drafts known
by their SIRET. Matching by SIRET is a read of ``fiches.selectors.actors`` (the buyer of a
record is a ``buyer``, its holders are ``ess_structure``)."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from fiches.choices import NOT_STATED
from fiches.selectors import actors


def new_actor(key, siret, locale):
    """An actor of this kind known only by its SIRET, as a draft awaiting moderation: its name
    says its SIRET and its classification is « non renseigné » (DECP gives no more)."""
    actor_kind = actors.kind(key)
    model = actor_kind.model
    base = f"siret-{siret}"
    slug, number = base, 1
    while model.objects.filter(slug=slug, locale=locale).exists():
        number += 1
        slug = f"{base}-{number}"
    label = _("Acheteur") if key == actors.BUYER else _("Titulaire")
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
