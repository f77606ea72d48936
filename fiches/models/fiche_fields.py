"""The fields of the fiche page, by group, as abstract models that ``FichePage`` inherits
(``FicheFields``). Django orders a model's fields by creation: the groups are declared here in
the order of the fiche's fields, before the fields that ``fiche.py`` declares itself, so the
field order (and the migration state) is the same as when all were declared on ``FichePage``."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField

from fiches.choices import (
    AmountKind,
    AmountPeriod,
    ExecutionMode,
    Groupement,
    Nature,
    Procedure,
    Technique,
)
from fiches.dates import PartialDateField
from fiches.numbers import optional_number_field
from fiches.validators import NON_NEGATIVE

from .fiche_levers import lever_lots_field
from .media import image_alt_field


class IdentityFields(models.Model):
    """The fiche's identity: its chapô, hero image, themes and author."""

    # Identity
    chapo = models.TextField(
        _("chapô"),
        max_length=400,
        help_text=_(
            "Deux ou trois phrases qui donnent envie de lire la fiche : qui a acheté quoi "
            "à qui, et ce que cela a changé. Repris dans les listes et les partages."
        ),
    )
    hero_image = models.ForeignKey(
        "fiches.CustomImage",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = image_alt_field()
    themes = ParentalManyToManyField(
        "fiches.Theme", verbose_name=_("thématiques"), blank=True, related_name="fiches"
    )
    author = models.ForeignKey(
        "fiches.Operator",
        verbose_name=_("rédigée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_fiches",
        help_text=_("La CRESS ou le réseau qui a rédigé la fiche."),
    )

    class Meta:
        abstract = True


class ContractFields(models.Model):
    """What kind of contract it was: nature, procedure, technique, execution mode."""

    # Technical card
    nature = models.CharField(
        _("nature du marché"),
        max_length=20,
        choices=Nature.choices,
        help_text=_("Travaux, fournitures ou services : ce que l'acheteur achète principalement."),
    )
    procedure = models.CharField(
        _("procédure"),
        max_length=30,
        choices=Procedure.choices,
        help_text=_(
            "La procédure de passation indiquée dans l'avis de marché ; « Non renseigné » "
            "si les sources ne la donnent pas."
        ),
    )
    technique = models.CharField(
        _("technique d'achat"),
        max_length=20,
        choices=Technique.choices,
        help_text=_(
            "« Accord-cadre » si le marché fixe un cadre exécuté par bons de commande ou "
            "marchés subséquents ; « Sans objet » sinon ; « Non renseigné » si les sources "
            "ne le disent pas."
        ),
    )
    execution_mode = models.CharField(
        _("modalité d'exécution"),
        max_length=30,
        choices=ExecutionMode.choices,
        help_text=_("« Non renseigné » si les sources ne le disent pas."),
    )

    class Meta:
        abstract = True


class LeverFields(models.Model):
    """The levers used (reserved contract, social and environmental clauses and
    criteria) with their lots, and the insertion hours (``fiche_levers`` reads them)."""

    reserved = models.BooleanField(
        _("marché réservé"),
        default=False,
        help_text=_(
            "Le marché (ou un lot) est réservé à certaines structures : précisez le ou les "
            "articles ci-dessous."
        ),
    )
    social_clause = models.BooleanField(
        _("clause sociale d'insertion"),
        default=False,
        help_text=_(
            "Condition d'exécution (art. L2112-2) : le titulaire réserve des heures de "
            "travail à des personnes éloignées de l'emploi."
        ),
    )
    social_clause_lots = lever_lots_field(_("lots concernés par la clause sociale"))
    social_criterion = models.BooleanField(
        _("critère social d'attribution"),
        default=False,
        help_text=_(
            "Critère de choix des offres (art. R2152-7), par exemple la performance en "
            "matière d'insertion."
        ),
    )
    social_criterion_lots = lever_lots_field(_("lots concernés par le critère social"))
    environmental_clause = models.BooleanField(_("clause environnementale"), default=False)
    environmental_clause_lots = lever_lots_field(_("lots concernés par la clause environnementale"))
    environmental_criterion = models.BooleanField(_("critère environnemental"), default=False)
    environmental_criterion_lots = lever_lots_field(
        _("lots concernés par le critère environnemental")
    )
    insertion_hours = models.PositiveIntegerField(
        _("heures d'insertion"),
        null=True,
        blank=True,
        help_text=_("Nombre d'heures de travail en insertion prévues ou réalisées, si connu."),
    )

    class Meta:
        abstract = True


class ScopeFields(models.Model):
    """The contract's subject and extent: main CPV code, lots and duration."""

    main_cpv = models.ForeignKey(
        "fiches.CPVCode",
        verbose_name=_("code CPV principal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="main_for_fiches",
        help_text=_(
            "Le code de la nomenclature européenne qui décrit l'objet du marché. "
            "Cherchez par mots (« espaces verts ») ou par code (« 77310000 »)."
        ),
    )
    lots_count = models.PositiveSmallIntegerField(
        _("nombre de lots"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("Un marché a au moins un lot."))],
    )
    lot_concerned = models.CharField(
        _("lot concerné"),
        max_length=200,
        blank=True,
        help_text=_(
            "Si le marché est alloti : le lot dont parle la fiche, par exemple "
            "« Lot 3 — entretien des espaces verts »."
        ),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("durée (mois)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message=_("La durée doit être d'au moins un mois.")),
            MaxValueValidator(
                240,
                message=_(
                    "Une durée de plus de 20 ans est improbable : "
                    "vérifiez qu'elle est bien en mois."
                ),
            ),
        ],
        help_text=_(
            "Durée totale en mois, reconductions comprises. Laissez vide si elle n'est pas "
            "connue (la fiche la dira « non renseignée »)."
        ),
    )
    duration_note = models.CharField(
        _("précision sur la durée"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « 1 an reconductible 3 fois »."),
    )

    class Meta:
        abstract = True


class AmountFields(models.Model):
    """The amount: its kind, period, years, and the amount or its range
    (checked together by ``rules.check_amounts``)."""

    amount_kind = models.CharField(
        _("type de montant"),
        max_length=15,
        choices=AmountKind.choices,
        blank=True,
        help_text=_(
            "« Non renseigné » quand les sources ne donnent pas le montant : rien n'est "
            "alors publié ni exporté comme montant."
        ),
    )
    amount_period = models.CharField(
        _("période du montant"),
        max_length=10,
        choices=AmountPeriod.choices,
        blank=True,
        help_text=_("Le montant couvre-t-il tout le marché, ou une année ?"),
    )
    amount_years = models.PositiveSmallIntegerField(
        _("nombre d'années"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message=_("Un montant annuel court sur au moins un an.")),
            MaxValueValidator(
                30, message=_("Plus de 30 ans est improbable : vérifiez le nombre d'années.")
            ),
        ],
        help_text=_("Facultatif, pour un montant par an : sur combien d'années (« 6 »)."),
    )
    amount = optional_number_field(
        _("montant HT (€)"),
        validators=[NON_NEGATIVE],
        help_text=_(
            "En chiffres, à la française : « 1 600 000,00 », « 1 600 000 € HT », « 1,6 M€ »."
        ),
    )
    amount_min = optional_number_field(
        _("montant minimum HT (€)"),
        validators=[NON_NEGATIVE],
    )
    amount_max = optional_number_field(
        _("montant maximum HT (€)"),
        validators=[NON_NEGATIVE],
    )

    class Meta:
        abstract = True


class DateFields(models.Model):
    """The dates known to the day, month or year (``fiches.dates``): notification and
    execution."""

    notification_date = PartialDateField(
        _("date de notification"),
        help_text=_(
            "La date à laquelle le marché a été notifié (attribué) au titulaire : au jour, au "
            "mois ou à l'année (« 12/07/2023 », « 07/2023 », « juillet 2023 », « 2018 »). "
            "Laissez vide si elle n'est pas connue."
        ),
    )
    execution_start = PartialDateField(_("début d'exécution"))
    execution_end = PartialDateField(_("fin d'exécution"))

    class Meta:
        abstract = True


class PlaceFields(models.Model):
    """Where the contract is executed: region, departments, commune."""

    region = models.ForeignKey(
        "fiches.Region",
        verbose_name=_("région d'exécution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fiches",
    )
    departments = ParentalManyToManyField(
        "fiches.Department",
        verbose_name=_("départements d'exécution"),
        blank=True,
        related_name="fiches",
    )
    commune = models.CharField(_("commune d'exécution"), max_length=120, blank=True)

    class Meta:
        abstract = True


class GroupementFields(models.Model):
    """The groupement of the suppliers (``fiches.groupement``)."""

    groupement = models.CharField(
        _("groupement d'opérateurs"),
        max_length=20,
        choices=Groupement.choices,
        blank=True,
        help_text=_(
            "Le marché a-t-il été remporté par un groupement de structures ? Donnez ensuite "
            "aux structures nommées leur rôle (mandataire, membre) dans « Parties prenantes »."
        ),
    )
    groupement_lead_unknown = models.BooleanField(
        _("mandataire non renseigné"),
        default=False,
        help_text=_("Cochez si les sources ne disent pas quelle structure mène le groupement."),
    )

    class Meta:
        abstract = True


class FicheFields(
    IdentityFields,
    ContractFields,
    LeverFields,
    ScopeFields,
    AmountFields,
    DateFields,
    PlaceFields,
    GroupementFields,
):
    """Every field of ``FichePage`` from its chapô to its groupement, in their order."""

    class Meta:
        abstract = True
