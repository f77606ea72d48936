"""How editors edit a fiche: the tabs of its edit page, their panels and the form that checks
the rules spanning several fields or rows (see ``fiches.rules``)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Page

from fiches import rules
from fiches.editorial.panels import CompletenessPanel
from fiches.widgets import SearchableCheckboxSelectMultiple


class FichePageForm(WagtailAdminPageForm):
    """Checks the rules that span several fields or the criteria rows (see ``fiches.rules``)."""

    def clean(self):
        cleaned = super().clean()
        errors = {}
        errors.update(
            rules.check_departments(
                region=cleaned.get("region"), departments=cleaned.get("departments") or []
            )
        )
        criteria = self.formsets.get("award_criteria")
        if criteria is not None and criteria.is_valid():
            weights = [
                form.cleaned_data.get("weight")
                for form in criteria.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            errors.update(rules.check_criteria_weights(weights))
            errors.update(
                rules.check_criteria_status(
                    status=cleaned.get("award_criteria_status"), criteria_count=len(weights)
                )
            )
        for field, message in errors.items():
            if field in self.fields:
                self.add_error(field, message)
            else:
                self.add_error(None, message)
        return cleaned


CONTENT_PANELS = [
    *Page.content_panels,
    FieldPanel("chapo"),
    MultiFieldPanel(
        [FieldPanel("hero_image"), FieldPanel("hero_image_alt")],
        heading=_("Image principale"),
    ),
    FieldRowPanel(
        [
            FieldPanel(
                "themes",
                widget=SearchableCheckboxSelectMultiple(search_label=_("Chercher une thématique")),
            ),
            FieldPanel("author"),
        ]
    ),
    FieldPanel("body"),
]
TECHNICAL_PANELS = [
    HelpPanel(
        content=_(
            "<p>Reprenez les informations de l'avis de marché et de l'avis "
            "d'attribution. Tous les champs sont facultatifs sauf la nature, la "
            "procédure, la technique et la modalité d'exécution, mais une fiche complète "
            "est plus utile aux acheteurs.</p><p>Ne devinez jamais : si les sources ne "
            "disent pas une valeur, choisissez « Non renseigné » (ou laissez vide une "
            "durée ou une date). Une date peut n'être connue qu'au mois ou à l'année : "
            "« juillet 2023 », « 2018 ».</p>"
        )
    ),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("nature"), FieldPanel("procedure")]),
            FieldRowPanel([FieldPanel("technique"), FieldPanel("execution_mode")]),
        ],
        heading=_("Type de marché et procédure"),
    ),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("reserved"), FieldPanel("reserved_article")]),
            FieldRowPanel([FieldPanel("social_clause"), FieldPanel("social_criterion")]),
            FieldRowPanel(
                [FieldPanel("environmental_clause"), FieldPanel("environmental_criterion")]
            ),
            FieldPanel("insertion_hours"),
        ],
        heading=_("Leviers sociaux et environnementaux"),
    ),
    InlinePanel(
        "award_criteria",
        heading=_("Critères d'attribution"),
        label=_("Critère"),
        help_text=_(
            "Les critères de choix des offres et leur pondération en %. Si vous "
            "donnez des pondérations, leur total doit faire 100."
        ),
    ),
    FieldPanel("award_criteria_status"),
    MultiFieldPanel(
        [FieldPanel("main_cpv")],
        heading=_("Codes CPV"),
    ),
    MultipleChooserPanel(
        "additional_cpvs",
        chooser_field_name="cpv",
        heading=_("Codes CPV complémentaires"),
        label=_("Code CPV"),
    ),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("lots_count"), FieldPanel("lot_concerned")]),
            FieldRowPanel([FieldPanel("duration_months"), FieldPanel("duration_note")]),
            FieldPanel("amount_kind"),
            FieldRowPanel(
                [FieldPanel("amount"), FieldPanel("amount_min"), FieldPanel("amount_max")]
            ),
            FieldPanel("notification_date"),
            FieldRowPanel([FieldPanel("execution_start"), FieldPanel("execution_end")]),
        ],
        heading=_("Lots, durée, montant et dates"),
    ),
    InlinePanel(
        "milestones",
        heading=_("Historique du marché"),
        label=_("Étape"),
        help_text=_(
            "Les attributions précédentes et les renouvellements, datés au jour, au mois ou "
            "à l'année (par exemple : première attribution 2011, renouvellement 2015)."
        ),
    ),
    MultiFieldPanel(
        [
            FieldPanel("region"),
            FieldPanel("departments", widget=forms.SelectMultiple(attrs={"size": 6})),
            FieldPanel("commune"),
            FieldPanel("decp_id"),
        ],
        heading=_("Lieu d'exécution et identifiants"),
    ),
]
STAKEHOLDER_PANELS = [
    HelpPanel(
        content=_(
            "<p>Choisissez chaque acteur dans l'annuaire (ou créez-le depuis le "
            "sélecteur), puis précisez son rôle dans ce marché et présentez en quelques "
            "lignes ce qu'il y a fait.</p>"
        )
    ),
    InlinePanel("buyer_links", heading=_("Acheteurs publics"), label=_("Acheteur"), min_num=0),
    InlinePanel(
        "supplier_links",
        heading=_("Structures de l'ESS titulaires"),
        label=_("Structure de l'ESS"),
    ),
    InlinePanel("operator_links", heading=_("Opérateurs et accompagnateurs"), label=_("Opérateur")),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_role")]),
            FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            FieldPanel("contact_is_public"),
        ],
        heading=_("Contact (facultatif)"),
    ),
]
IMPACT_PANELS = [
    MultiFieldPanel(
        [
            FieldPanel("added_value_buyer"),
            FieldPanel("added_value_ess"),
            FieldPanel("added_value_territory"),
        ],
        heading=_("Plus-value"),
    ),
    InlinePanel(
        "impact_indicators",
        heading=_("Indicateurs d'impact"),
        label=_("Indicateur"),
        help_text=_(
            "Des chiffres vérifiables : heures d'insertion, emplois, personnes "
            "accompagnées, tonnes évitées… avec leur période et leur source."
        ),
    ),
    MultiFieldPanel(
        [FieldPanel("success_factors"), FieldPanel("difficulties"), FieldPanel("advice")],
        heading=_("Enseignements"),
    ),
]
PROMOTE_PANELS = [
    *Page.promote_panels,
    # Moderators choose the fiches shown on the home page; contributors do not see the box.
    FieldPanel("is_featured", permission="fiches.feature_fichepage"),
    FieldPanel("external_ref", heading=_("Référence externe")),
]

EDIT_HANDLER = TabbedInterface(
    [
        ObjectList([CompletenessPanel(), *CONTENT_PANELS], heading=_("Contenu")),
        ObjectList(TECHNICAL_PANELS, heading=_("Caractéristiques techniques")),
        ObjectList(STAKEHOLDER_PANELS, heading=_("Parties prenantes")),
        ObjectList(IMPACT_PANELS, heading=_("Plus-value et impact")),
        ObjectList(PROMOTE_PANELS, heading=_("Promotion")),
        ObjectList(Page.settings_panels, heading=_("Paramètres")),
    ]
)
