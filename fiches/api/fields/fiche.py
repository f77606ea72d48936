"""The fiche payload of the public API, field by field (see ``FichePage.api_fields`` in
``fiches.models.fiche_api``), built with the value shapes of ``base``.

Like ``base``, it imports no model at import time (import contract ``api-fields-leaf``).
"""

import functools

from fiches.api.fields.base import (
    actor_summary,
    choice,
    cpv,
    decimal,
    department,
    image,
    label,
    loaded,
    rich_text,
    stakeholder,
    theme,
)

# The fiche payload, field by field (see ``FichePage.api_fields``).

#: The fields of a fiche made from its related rows and rich text, by name: what
#: ``fiches.api.fragments`` computes once per published revision and caches.
FRAGMENT_FIELDS = {}


def fragment_field(name):
    """Registers a fiche field in ``FRAGMENT_FIELDS``; the field reads the fiche's cached
    fragment when the view gave it one (``fiche._api_fragment``), else computes itself."""

    def decorate(function):
        FRAGMENT_FIELDS[name] = function

        @functools.wraps(function)
        def represent(fiche, request):
            fragment = getattr(fiche, "_api_fragment", None)
            if fragment is not None and name in fragment:
                return fragment[name]
            return function(fiche, request)

        return represent

    return decorate


@fragment_field("hero_image")
def fiche_hero_image(fiche, request):
    if not fiche.hero_image_id:
        return None
    return image(fiche.hero_image, request, alt=fiche.hero_alt)


def fiche_technical_choice(name, choices):
    return lambda fiche, request: choice(getattr(fiche, name), choices)


@fragment_field("levers")
def fiche_levers(fiche, request):
    from fiches.choices import Lever

    return [
        {
            "code": str(use.code),
            "label": label(use.code, Lever),
            "article": use.article or None,
            "lots": use.lots or None,
        }
        for use in fiche.lever_uses
    ]


@fragment_field("reserved_articles")
def fiche_reserved_articles(fiche, request):
    from fiches.choices import ReservedArticle

    return [
        {**choice(row.article, ReservedArticle), "lots": row.lots or None}
        for row in loaded(fiche, "reserved_articles")
    ]


@fragment_field("groupement")
def fiche_groupement(fiche, request):
    """The groupement of the ESS suppliers (its named members are the suppliers with a
    groupement role), or ``None`` when the fiche does not say."""
    from fiches import groupement
    from fiches.choices import Groupement

    if not fiche.groupement:
        return None
    suppliers = loaded(fiche, "supplier_links")
    unnamed = loaded(fiche, "unnamed_members")
    return {
        "type": choice(fiche.groupement, Groupement),
        "lead_unknown": fiche.groupement_lead_unknown,
        "size": groupement.size(suppliers, unnamed) or None,
        "unnamed_members": [
            {
                "kind": {"code": row.kind, "label": groupement.kind_label(row.kind)},
                "count": row.count,
                "note": row.note,
            }
            for row in unnamed
        ],
        "summary": groupement.summary(fiche, suppliers, unnamed) or None,
    }


@fragment_field("criteria")
def fiche_criteria(fiche, request):
    return [
        {"name": criterion.name, "weight": decimal(criterion.weight)}
        for criterion in loaded(fiche, "award_criteria")
    ]


@fragment_field("cpv")
def fiche_cpv(fiche, request):
    return {
        "main": cpv(fiche.main_cpv) if fiche.main_cpv_id else None,
        "additional": [cpv(link.cpv) for link in loaded(fiche, "additional_cpvs")],
    }


def fiche_amount(fiche, request):
    """The amount as entered: its kind (« non_renseigne » when the sources do not give it, then
    without any number), its period (total or per year) and years; never a computed total."""
    from fiches.choices import AmountKind, AmountPeriod

    if not fiche.amount_kind:
        return None
    return {
        "kind": choice(fiche.amount_kind, AmountKind),
        "period": choice(fiche.amount_period, AmountPeriod),
        "years": fiche.amount_years,
        "amount": decimal(fiche.amount),
        "min": decimal(fiche.amount_min),
        "max": decimal(fiche.amount_max),
        "currency": "EUR",
    }


@fragment_field("departments")
def fiche_departments(fiche, request):
    return [department(item) for item in loaded(fiche, "departments")]


@fragment_field("themes")
def fiche_themes(fiche, request):
    return [theme(item) for item in loaded(fiche, "themes")]


@fragment_field("stakeholders")
def fiche_stakeholders(fiche, request):
    from fiches.choices import BuyerRole, OperatorRole, SupplierRole

    return {
        "buyers": [stakeholder(link, BuyerRole, request) for link in loaded(fiche, "buyer_links")],
        "suppliers": [
            stakeholder(link, SupplierRole, request) for link in loaded(fiche, "supplier_links")
        ],
        "operators": [
            stakeholder(link, OperatorRole, request) for link in loaded(fiche, "operator_links")
        ],
    }


@fragment_field("author")
def fiche_author(fiche, request):
    return actor_summary(fiche.public_author, request) if fiche.public_author else None


@fragment_field("impact_indicators")
def fiche_indicators(fiche, request):
    from fiches.choices import FigureKind

    return [
        {
            "indicator": row.indicator,
            "kind": choice(row.kind, FigureKind),
            "value": decimal(row.value),
            "min": decimal(row.value_min),
            "max": decimal(row.value_max),
            "unit": row.unit,
            "period": row.period,
            "source": row.source,
        }
        for row in loaded(fiche, "impact_indicators")
    ]


@fragment_field("added_value")
def fiche_added_value(fiche, request):
    return {
        "buyer": rich_text(fiche.added_value_buyer),
        "ess": rich_text(fiche.added_value_ess),
        "territory": rich_text(fiche.added_value_territory),
    }


@fragment_field("lessons")
def fiche_lessons(fiche, request):
    return {
        "success_factors": rich_text(fiche.success_factors),
        "difficulties": rich_text(fiche.difficulties),
        "advice": rich_text(fiche.advice),
    }


def fiche_contact(fiche, request):
    """The contact only when the person agreed to its publication (GDPR)."""
    if not fiche.contact_is_public or not fiche.contact_name:
        return None
    return {
        "name": fiche.contact_name,
        "role": fiche.contact_role,
        "email": fiche.contact_email,
        "phone": fiche.contact_phone,
    }


def fiche_lots(fiche, request):
    return {"count": fiche.lots_count, "concerned": fiche.lot_concerned}


def fiche_duration(fiche, request):
    return {"months": fiche.duration_months, "note": fiche.duration_note}


def partial_date(value):
    """A date at its precision: ``{"date": "2023-07", "precision": "month"}``; ``None`` when
    unknown (``fiches.dates``)."""
    from fiches import dates

    if not value:
        return None
    return {"date": value, "precision": dates.precision(value)}


def fiche_date_precision(fiche, request):
    from fiches import dates

    return dates.precision(fiche.notification_date)


def fiche_execution(fiche, request):
    return {"start": partial_date(fiche.execution_start), "end": partial_date(fiche.execution_end)}


@fragment_field("milestones")
def fiche_milestones(fiche, request):
    from fiches.choices import MilestoneKind

    return [
        {"kind": choice(row.kind, MilestoneKind), "date": partial_date(row.date), "note": row.note}
        for row in loaded(fiche, "milestones")
    ]
