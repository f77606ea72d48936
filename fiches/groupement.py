"""A fiche's groupement of operators told in one French sentence, and its size: read by the
technical card (page and PDF), the API and the OCDS export.

The named members are the fiche's ESS suppliers with a groupement role (mandataire, member of a
joint or several groupement); the unnamed ones are its ``GroupementMember`` rows, counted by kind.
Nothing here queries: the callers pass the rows their selector prefetched."""

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fiches.choices import GROUPEMENT_ROLES, MEMBER_KINDS, Groupement, SupplierRole

#: Kinds named by their acronym, the same in the singular and the plural.
ACRONYMS = {
    "siae": "SIAE",
    "aci": "ACI",
    "ei": "EI",
    "etti": "ETTI",
    "ai": "AI",
    "eiti": "EITI",
    "geiq": "GEIQ",
    "ea": "EA",
    "eatt": "EATT",
    "esat": "ESAT",
}


def is_groupement(fiche):
    """Whether the fiche says its contract was won by a groupement (of a known form or not)."""
    return fiche.groupement in (Groupement.JOINT, Groupement.SEVERAL, Groupement.UNKNOWN_FORM)


def named_members(suppliers):
    """The suppliers that are members of the groupement, mandataire first."""
    members = [link for link in suppliers if link.role in GROUPEMENT_ROLES]
    return sorted(members, key=lambda link: link.role != SupplierRole.LEAD)


def size(suppliers, unnamed):
    """The number of structures of the groupement: named and unnamed members."""
    return len(named_members(suppliers)) + sum(row.count for row in unnamed)


def kind_label(kind):
    """The full label of a kind of unnamed member (``MEMBER_KINDS``)."""
    return str(dict(MEMBER_KINDS).get(kind, kind))


def members_text(kind, count):
    """« 3 ESAT », « 2 associations », « 1 autre structure »."""
    if kind in ACRONYMS:
        return f"{count}\u00a0{ACRONYMS[kind]}"
    texts = {
        "association": ngettext("%(count)s association", "%(count)s associations", count),
        "cooperative": ngettext("%(count)s coopérative", "%(count)s coopératives", count),
        "mutuelle": ngettext("%(count)s mutuelle", "%(count)s mutuelles", count),
        "fondation": ngettext("%(count)s fondation", "%(count)s fondations", count),
        "entreprise_ess": ngettext(
            "%(count)s entreprise de l'ESS", "%(count)s entreprises de l'ESS", count
        ),
        "autre": ngettext("%(count)s autre structure", "%(count)s autres structures", count),
    }
    text = texts.get(kind)
    if text is None:
        return f"{count}\u00a0× {kind_label(kind)}"
    return (text % {"count": count}).replace(" ", "\u00a0", 1)


def summary(fiche, suppliers, unnamed):
    """The groupement in one sentence, or ``""`` when the fiche records none, e.g. « Groupement
    solidaire de 9 structures, mandataire Atelier A : Atelier A, Jardins B et 7 autres
    structures non nommées (3 ESAT, 4 SIAE) »."""
    if not is_groupement(fiche):
        return ""
    named = named_members(suppliers)
    unnamed = list(unnamed)
    total = size(suppliers, unnamed)
    form = {
        Groupement.JOINT: _("Groupement conjoint"),
        Groupement.SEVERAL: _("Groupement solidaire"),
        Groupement.UNKNOWN_FORM: _("Groupement (forme non renseignée)"),
    }[fiche.groupement]
    if total:
        text = ngettext(
            "%(form)s de %(count)s structure", "%(form)s de %(count)s structures", total
        ) % {"form": form, "count": total}
    else:
        text = form
    lead = next((link for link in named if link.role == SupplierRole.LEAD), None)
    if lead is not None:
        text += _(", mandataire %(name)s") % {"name": lead.actor.name}
    elif fiche.groupement_lead_unknown:
        text += _(", mandataire non renseigné")
    parts = [link.actor.name for link in named]
    unnamed_count = sum(row.count for row in unnamed)
    if unnamed_count:
        kinds = ", ".join(
            " ".join(part for part in (members_text(row.kind, row.count), row.note) if part)
            for row in unnamed
        )
        if named:
            others = ngettext(
                "%(count)s autre structure non nommée",
                "%(count)s autres structures non nommées",
                unnamed_count,
            )
        else:
            others = ngettext(
                "%(count)s structure non nommée", "%(count)s structures non nommées", unnamed_count
            )
        parts.append(f"{others % {'count': unnamed_count}} ({kinds})")
    if parts:
        text += " : " + str(get_text_list(parts, _("et")))
    return text
