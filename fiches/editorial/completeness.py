"""What a good fiche still lacks: shown to contributors before they submit and to moderators.

Nothing here blocks saving or submitting a draft; the list is advice. The checks read the fiche
as the editor holds it (its latest revision, with its rows in memory): no query beyond the
related objects the fiche already points to.
"""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fiches.choices import NOT_STATED, CriteriaStatus
from fiches.models.actors import ACTOR_KINDS

#: What the fiche lacks without a stakeholder of each kind (``ActorKind.key``).
MISSING_STAKEHOLDERS = {
    "buyer": _("Pas d'acheteur public."),
    "ess_structure": _("Pas de structure de l'ESS titulaire."),
    "operator": _("Pas d'opérateur ni d'accompagnateur."),
}


def _has_text(html):
    return bool(strip_tags(html or "").strip())


def _body_images_without_alt(body):
    missing = 0
    for block in body or []:
        if block.block_type != "image":
            continue
        picture = block.value.get("image")
        if picture is None or getattr(picture, "decorative", False):
            continue
        if not (getattr(picture, "contextual_alt_text", "") or "").strip():
            missing += 1
    return missing


def _has_key_figures(body):
    return any(block.block_type == "key_figures" for block in body or [])


#: The fiche's child rows that the checks read.
ROW_RELATIONS = (
    "award_criteria",
    *(kind.relation for kind in ACTOR_KINDS),
    "impact_indicators",
)


def fiche_gaps(fiche, rows=None):
    """The French messages describing what ``fiche`` still lacks, in the order of the tabs.

    An empty list means the fiche is complete. The fiche may be unsaved or a revision: its
    child rows (criteria, stakeholders, indicators) are read through its in-memory relations,
    or from ``rows`` (relation name → rows) when given: the rows of a form being edited.
    """

    def rows_of(relation):
        return _rows_of(fiche, relation, rows)

    gaps = []
    if not (fiche.chapo or "").strip():
        gaps.append(_("Pas de chapô : il sert dans les listes et les partages."))
    if fiche.hero_image_id and not (fiche.hero_image_alt or fiche.hero_image.description):
        gaps.append(_("L'image principale n'a pas de texte alternatif."))
    missing_alt = _body_images_without_alt(fiche.body)
    if missing_alt:
        gaps.append(
            ngettext(
                "Une image de la description n'a pas de texte alternatif.",
                "%(count)s images de la description n'ont pas de texte alternatif.",
                missing_alt,
            )
            % {"count": missing_alt}
        )
    if not fiche.main_cpv_id:
        gaps.append(_("Pas de code CPV principal."))
    if not rows_of("award_criteria") and not fiche.award_criteria_status:
        gaps.append(_("Pas de critère d'attribution."))
    if not fiche.region_id:
        gaps.append(_("Pas de région d'exécution."))
    for kind in ACTOR_KINDS:
        if not rows_of(kind.relation):
            gaps.append(MISSING_STAKEHOLDERS[kind.key])
    if not any(
        _has_text(text)
        for text in (fiche.added_value_buyer, fiche.added_value_ess, fiche.added_value_territory)
    ):
        gaps.append(
            _("Pas de plus-value décrite (pour l'acheteur, la structure ou le territoire).")
        )
    if not rows_of("impact_indicators") and not _has_key_figures(fiche.body):
        gaps.append(_("Pas de chiffre d'impact (indicateur ou chiffre clé)."))
    return gaps


def _rows_of(fiche, relation, rows):
    if rows is not None and relation in rows:
        return list(rows[relation])
    return list(getattr(fiche, relation).all())


def fiche_unknowns(fiche, rows=None):
    """What ``fiche`` says is not known (« Non renseigné »), in French, in the order of the
    tabs: listed apart from the gaps so that a moderator sees what the sources do not give.

    A choice set to « Non renseigné », an empty duration or date (``docs/editorial.md``: empty
    is « non renseigné » for numbers and dates), criteria said to be unknown, and the
    classification of the actors chosen (from ``rows`` when given, as for ``fiche_gaps``)."""
    unknowns = []
    for field in ("procedure", "technique", "execution_mode"):
        if getattr(fiche, field) == NOT_STATED:
            unknowns.append(_field_unknown(fiche, field))
    if fiche.award_criteria_status == CriteriaStatus.NOT_STATED:
        unknowns.append(_("Critères d'attribution : non renseignés."))
    for field in ("duration_months", "notification_date"):
        if getattr(fiche, field) in (None, ""):
            unknowns.append(_field_unknown(fiche, field))
    seen = set()
    for kind in ACTOR_KINDS:
        for link in _rows_of(fiche, kind.relation, rows):
            if link.actor_id is None:
                continue  # a row of the form still without its actor
            actor = link.actor
            for field in kind.classification + (("esus",) if kind.key == "ess_structure" else ()):
                value = getattr(actor, field, "")
                if value == NOT_STATED:
                    key = (kind.key, actor.pk, field)
                    if key not in seen:
                        seen.add(key)
                        unknowns.append(
                            _("%(actor)s — %(field)s : non renseigné.")
                            % {"actor": actor.name, "field": _verbose(actor, field)}
                        )
    return unknowns


def _verbose(instance, field):
    return str(type(instance)._meta.get_field(field).verbose_name)


def _field_unknown(fiche, field):
    name = _verbose(fiche, field)
    return _("%(field)s : non renseigné.") % {"field": name[:1].upper() + name[1:]}
