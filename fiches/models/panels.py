"""How editors edit a fiche: the tabs of its edit page, their panels and the form that checks
the rules spanning several fields or rows (see ``fiches.rules``)."""

from django import forms
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Page

from fiches import rules
from fiches.editorial.panels import (
    ChosenRowsPanel,
    CompletenessPanel,
    DecpHoldersPanel,
    GuideLinkPanel,
    OriginPanel,
    RowsPanel,
)
from fiches.widgets import (
    FrenchDecimalField,
    FrenchIntegerField,
    SearchableCheckboxSelectMultiple,
)

# Every number typed in the admin (amounts, criteria weights, indicator values, hours, months,
# lots, years) is a text input read by the one French parser (fiches.numbers), never a
# browser-localised number input.
register_form_field_override(models.DecimalField, override={"form_class": FrenchDecimalField})
for integer_field in (models.PositiveIntegerField, models.PositiveSmallIntegerField):
    register_form_field_override(integer_field, override={"form_class": FrenchIntegerField})


class FichePageForm(WagtailAdminPageForm):
    """Checks the rules that span several fields or the criteria rows (see ``fiches.rules``)."""

    def clean_slug(self):
        # ASCII addresses (WAGTAIL_ALLOW_UNICODE_SLUGS is off): a typed « réemploi » becomes
        # « reemploi », never a percent-encoded URL.
        slug = self.cleaned_data.get("slug")
        return slugify(slug) if slug else slug

    def clean(self):
        cleaned = super().clean()
        errors = {}
        errors.update(
            rules.check_departments(
                region=cleaned.get("region"), departments=cleaned.get("departments") or []
            )
        )
        criteria = self._rows("award_criteria")
        if criteria is not None:
            weights = [row.get("weight") for row in criteria]
            errors.update(rules.check_criteria_weights(weights))
            errors.update(
                rules.check_criteria_status(
                    status=cleaned.get("award_criteria_status"), criteria_count=len(weights)
                )
            )
        articles = self._rows("reserved_articles")
        if articles is not None:
            errors.update(
                rules.check_reserved(
                    reserved=cleaned.get("reserved"),
                    articles=[row["article"] for row in articles if row.get("article")],
                )
            )
        suppliers, members = self._rows("supplier_links"), self._rows("unnamed_members")
        if suppliers is not None and members is not None:
            errors.update(
                rules.check_groupement(
                    groupement=cleaned.get("groupement") or "",
                    lead_unknown=bool(cleaned.get("groupement_lead_unknown")),
                    roles=[row.get("role") for row in suppliers],
                    unnamed_counts=[row.get("count") for row in members],
                )
            )
        for field, message in errors.items():
            field = ROW_ERROR_FIELDS.get(field, field)
            if field in self.fields:
                self.add_error(field, message)
            elif field in self.formsets:
                # Shown at the rows' panel (its « error-message »), counted in its tab's badge.
                self.formsets[field].non_form_errors().append(message)
            else:
                self.add_error(None, message)
        return cleaned

    def _rows(self, relation):
        """The cleaned data of the rows of ``relation`` kept by the editor (deleted ones left
        out), or ``None`` when its formset is absent or has its own errors."""
        formset = self.formsets.get(relation)
        if formset is None or not formset.is_valid():
            return None
        return [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


#: The form field that shows the error of a rule on rows (the rows have no field of their own).
ROW_ERROR_FIELDS = {"reserved_articles": "reserved", "unnamed_members": "groupement"}


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
            FieldPanel("reserved"),
            RowsPanel(
                "reserved_articles",
                heading=_("Articles du marché réservé"),
                label=_("Article"),
                add_label=_("Ajouter un article"),
                help_text=_(
                    "Un article par ligne : un marché réservé à la fois aux entreprises "
                    "adaptées et aux SIAE cite L2113-12 et L2113-13. Précisez les lots "
                    "concernés si la réservation ne porte que sur certains lots."
                ),
            ),
            *(
                FieldRowPanel([FieldPanel(flag), FieldPanel(f"{flag}_lots")])
                for flag in (
                    "social_clause",
                    "social_criterion",
                    "environmental_clause",
                    "environmental_criterion",
                )
            ),
            FieldPanel("insertion_hours"),
        ],
        heading=_("Leviers sociaux et environnementaux"),
    ),
    RowsPanel(
        "award_criteria",
        heading=_("Critères d'attribution"),
        label=_("Critère"),
        add_label=_("Ajouter un critère"),
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
    ChosenRowsPanel(
        "additional_cpvs",
        chooser_field_name="cpv",
        heading=_("Codes CPV complémentaires"),
        label=_("Code CPV"),
        add_label=_("Ajouter des codes CPV complémentaires"),
    ),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("lots_count"), FieldPanel("lot_concerned")]),
            FieldRowPanel([FieldPanel("duration_months"), FieldPanel("duration_note")]),
            FieldRowPanel(
                [FieldPanel("amount_kind"), FieldPanel("amount_period"), FieldPanel("amount_years")]
            ),
            FieldRowPanel(
                [FieldPanel("amount"), FieldPanel("amount_min"), FieldPanel("amount_max")]
            ),
            FieldPanel("notification_date"),
            FieldRowPanel([FieldPanel("execution_start"), FieldPanel("execution_end")]),
        ],
        heading=_("Lots, durée, montant et dates"),
    ),
    RowsPanel(
        "milestones",
        heading=_("Historique du marché"),
        label=_("Étape"),
        add_label=_("Ajouter une étape"),
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
    RowsPanel(
        "buyer_links",
        heading=_("Acheteurs publics"),
        label=_("Acheteur"),
        add_label=_("Ajouter un acheteur"),
        min_num=0,
    ),
    RowsPanel(
        "supplier_links",
        heading=_("Structures de l'ESS titulaires"),
        label=_("Structure de l'ESS"),
        add_label=_("Ajouter une structure de l'ESS"),
    ),
    DecpHoldersPanel(),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("groupement"), FieldPanel("groupement_lead_unknown")]),
            RowsPanel(
                "unnamed_members",
                heading=_("Membres non nommés du groupement"),
                label=_("Membres non nommés"),
                add_label=_("Ajouter des membres non nommés"),
                help_text=_(
                    "Les membres que les sources comptent sans les nommer, par type : par "
                    "exemple 3 ESAT et 6 SIAE. Les structures nommées sont ci-dessus, avec "
                    "leur rôle."
                ),
            ),
        ],
        heading=_("Groupement"),
    ),
    RowsPanel(
        "operator_links",
        heading=_("Opérateurs et accompagnateurs"),
        label=_("Opérateur"),
        add_label=_("Ajouter un opérateur ou un accompagnateur"),
    ),
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
    RowsPanel(
        "impact_indicators",
        heading=_("Indicateurs d'impact"),
        label=_("Indicateur"),
        add_label=_("Ajouter un indicateur"),
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
        ObjectList(
            [OriginPanel(), GuideLinkPanel("content"), CompletenessPanel(), *CONTENT_PANELS],
            heading=_("Contenu"),
        ),
        ObjectList(
            [GuideLinkPanel("technical"), *TECHNICAL_PANELS],
            heading=_("Caractéristiques techniques"),
        ),
        ObjectList(
            [GuideLinkPanel("stakeholders"), *STAKEHOLDER_PANELS], heading=_("Parties prenantes")
        ),
        ObjectList([GuideLinkPanel("impact"), *IMPACT_PANELS], heading=_("Plus-value et impact")),
        ObjectList([GuideLinkPanel("promote"), *PROMOTE_PANELS], heading=_("Promotion")),
        ObjectList([GuideLinkPanel("settings"), *Page.settings_panels], heading=_("Paramètres")),
    ]
)
