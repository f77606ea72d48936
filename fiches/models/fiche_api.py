"""The fields of a fiche in the API (``/api/v2/pages/``), computed by ``fiches.api.fields``."""

from wagtail.api import APIField

from fiches.api import fields as api
from fiches.api.fields import Computed
from fiches.choices import (
    CriteriaStatus,
    ExecutionMode,
    Nature,
    Procedure,
    Technique,
)

API_FIELDS = [
    APIField("chapo"),
    APIField("hero_image", serializer=Computed(api.fiche_hero_image)),
    APIField("themes", serializer=Computed(api.fiche_themes)),
    APIField("author", serializer=Computed(api.fiche_author)),
    APIField("nature", serializer=Computed(api.fiche_technical_choice("nature", Nature))),
    APIField("procedure", serializer=Computed(api.fiche_technical_choice("procedure", Procedure))),
    APIField("technique", serializer=Computed(api.fiche_technical_choice("technique", Technique))),
    APIField(
        "execution_mode",
        serializer=Computed(api.fiche_technical_choice("execution_mode", ExecutionMode)),
    ),
    APIField("levers", serializer=Computed(api.fiche_levers)),
    APIField("reserved_articles", serializer=Computed(api.fiche_reserved_articles)),
    APIField("insertion_hours"),
    APIField("criteria", serializer=Computed(api.fiche_criteria)),
    APIField(
        "criteria_status",
        serializer=Computed(api.fiche_technical_choice("award_criteria_status", CriteriaStatus)),
    ),
    APIField("cpv", serializer=Computed(api.fiche_cpv)),
    APIField("lots", serializer=Computed(api.fiche_lots)),
    APIField("groupement", serializer=Computed(api.fiche_groupement)),
    APIField("duration", serializer=Computed(api.fiche_duration)),
    APIField("amount", serializer=Computed(api.fiche_amount)),
    APIField("notification_date"),
    APIField("date_precision", serializer=Computed(api.fiche_date_precision)),
    APIField("execution", serializer=Computed(api.fiche_execution)),
    APIField("milestones", serializer=Computed(api.fiche_milestones)),
    APIField("region", serializer=Computed(lambda fiche, request: api.region(fiche.region))),
    APIField("departments", serializer=Computed(api.fiche_departments)),
    APIField("commune"),
    APIField("decp_id"),
    APIField("stakeholders", serializer=Computed(api.fiche_stakeholders)),
    APIField("body"),
    APIField("added_value", serializer=Computed(api.fiche_added_value)),
    APIField("impact_indicators", serializer=Computed(api.fiche_indicators)),
    APIField("lessons", serializer=Computed(api.fiche_lessons)),
    APIField("contact", serializer=Computed(api.fiche_contact)),
    APIField("is_featured"),
]
