"""JSON export: one object per fiche, nested, with codes and their French labels (layout
``JSON_FORMAT_VERSION``, documented in docs/open-data.md; change it only by adding keys)."""

from django.utils import timezone, translation

from fiches import dates, groupement
from fiches.choices import (
    NOT_STATED,
    CriteriaStatus,
    ESUSStatus,
    ExecutionMode,
    Groupement,
    MilestoneKind,
    Nature,
    Procedure,
    Technique,
)
from fiches.opendata import values

JSON_FORMAT_VERSION = "1.2"
#: The ESUS approval as a JSON boolean; « Non renseigné » is ``null``.
ESUS = {ESUSStatus.YES: True, ESUSStatus.NO: False}


def _coded(value, choices):
    """``{code, libelle}``; ``None`` when empty or « Non renseigné » (an export leaves an
    unknown out)."""
    if not value or value == NOT_STATED:
        return None
    return {"code": value, "libelle": str(choices(value).label)}


def _known(value):
    return None if not value or value == NOT_STATED else value


def _actor(link, extra):
    actor = link.actor
    return {
        "nom": actor.name,
        "siret": actor.siret or None,
        "commune": actor.commune or None,
        "role": link.role,
        "presentation": link.presentation or None,
        **extra(actor),
    }


def _groupement(fiche):
    """The groupement: its form, whether its mandataire is unknown, its size and its unnamed
    members by kind (the named ones are the « titulaires » with a groupement role)."""
    if not fiche.groupement:
        return None
    suppliers, unnamed = fiche.supplier_links.all(), fiche.unnamed_members.all()
    return {
        "type": _coded(fiche.groupement, Groupement),
        "mandataire_non_renseigne": fiche.groupement_lead_unknown,
        "nombre_structures": groupement.size(suppliers, unnamed) or None,
        "membres_non_nommes": [
            {
                "type": {"code": row.kind, "libelle": groupement.kind_label(row.kind)},
                "nombre": row.count,
                "precision": row.note or None,
            }
            for row in unnamed
        ],
    }


def fiche_json(fiche, *, request=None):
    """The JSON object of one fiche (layout ``JSON_FORMAT_VERSION``, see docs/open-data.md)."""
    with translation.override(fiche.locale.language_code):
        return {
            "id": fiche.pk,
            "url": values.full_url(fiche, request),
            "langue": fiche.locale.language_code,
            "reference_externe": fiche.external_ref or None,
            "titre": fiche.title,
            "chapo": fiche.chapo,
            "date_publication": fiche.first_published_at.isoformat()
            if fiche.first_published_at
            else None,
            "date_mise_a_jour": fiche.last_published_at.isoformat()
            if fiche.last_published_at
            else None,
            "nature": _coded(fiche.nature, Nature),
            "procedure": _coded(fiche.procedure, Procedure),
            "technique": _coded(fiche.technique, Technique),
            "modalite_execution": _coded(fiche.execution_mode, ExecutionMode),
            "leviers": [
                {
                    "code": use.code,
                    "libelle": str(use.label),
                    "article": use.article or None,
                    "lots": use.lots or None,
                }
                for use in fiche.lever_uses
            ],
            "heures_insertion": fiche.insertion_hours,
            "cpv_principal": {"code": fiche.main_cpv.code, "libelle": fiche.main_cpv.label}
            if fiche.main_cpv_id
            else None,
            "cpv_complementaires": [
                {"code": link.cpv.code, "libelle": link.cpv.label}
                for link in fiche.additional_cpvs.all()
            ],
            "nombre_lots": fiche.lots_count,
            "lot_concerne": fiche.lot_concerned or None,
            "duree_mois": fiche.duration_months,
            "precision_duree": fiche.duration_note or None,
            "montant": {
                "type": fiche.amount_kind,
                "periode": fiche.amount_period or None,
                "annees": fiche.amount_years,
                "montant": values.number(fiche.amount),
                "minimum": values.number(fiche.amount_min),
                "maximum": values.number(fiche.amount_max),
                "devise": "EUR",
            }
            if fiche.amount_kind
            else None,
            "date_notification": fiche.notification_date or None,
            "date_notification_precision": dates.precision(fiche.notification_date),
            "debut_execution": fiche.execution_start or None,
            "fin_execution": fiche.execution_end or None,
            "historique": [
                {
                    "etape": _coded(m.kind, MilestoneKind),
                    "date": m.date,
                    "precision": dates.precision(m.date),
                    "precision_etape": m.note or None,
                }
                for m in fiche.milestones.all()
            ],
            "lieu_execution": {
                "region": {"code": fiche.region.code, "nom": fiche.region.name}
                if fiche.region_id
                else None,
                "departements": [{"code": d.code, "nom": d.name} for d in fiche.departments.all()],
                "commune": fiche.commune or None,
            },
            "identifiant_decp": fiche.decp_id or None,
            "thematiques": [{"slug": t.slug, "nom": t.name} for t in fiche.themes.all()],
            "criteres": [
                {"nom": c.name, "ponderation": values.number(c.weight)}
                for c in fiche.award_criteria.all()
            ],
            "criteres_statut": _coded(fiche.award_criteria_status, CriteriaStatus),
            "acheteurs": [
                _actor(link, lambda a: {"type": _known(a.buyer_type)})
                for link in fiche.buyer_links.all()
            ],
            "titulaires": [
                _actor(
                    link,
                    lambda a: {
                        "famille": _known(a.family),
                        "statut": _known(a.inclusion_status),
                        "esus": ESUS.get(a.esus),
                    },
                )
                for link in fiche.supplier_links.all()
            ],
            "groupement": _groupement(fiche),
            "operateurs": [
                _actor(link, lambda a: {"type": _known(a.operator_type)})
                for link in fiche.operator_links.all()
            ],
            "indicateurs": [
                {
                    "indicateur": i.indicator,
                    "precision": i.kind,
                    "valeur": values.number(i.value),
                    "minimum": values.number(i.value_min),
                    "maximum": values.number(i.value_max),
                    "unite": i.unit or None,
                    "periode": i.period or None,
                    "source": i.source or None,
                }
                for i in fiche.impact_indicators.all()
            ],
            "plus_value": {
                "acheteur": values.plain_text(fiche.added_value_buyer) or None,
                "structure_ess": values.plain_text(fiche.added_value_ess) or None,
                "territoire": values.plain_text(fiche.added_value_territory) or None,
            },
            "enseignements": {
                "facteurs_reussite": values.plain_text(fiche.success_factors) or None,
                "difficultes": values.plain_text(fiche.difficulties) or None,
                "conseils": values.plain_text(fiche.advice) or None,
            },
            "description": values.body_text(fiche) or None,
            "contact": values.contact(fiche),
            "auteur": {"nom": fiche.public_author.name, "slug": fiche.public_author.slug}
            if fiche.public_author
            else None,
            "image": values.hero_image(fiche, request),
            "temoignages": values.testimonies(fiche),
            "chiffres_cles": values.key_figures(fiche),
        }


def catalogue_json(fiches, *, request=None, filters=None):
    """The catalogue as a JSON document: metadata, then ``fiches``."""
    items = [fiche_json(fiche, request=request) for fiche in fiches]
    return {
        "format": "fiches-rex",
        "version": JSON_FORMAT_VERSION,
        "date_generation": timezone.now().isoformat(),
        "licence": values.licence(),
        "filtres": filters or {},
        "nombre": len(items),
        "fiches": items,
    }
