"""The rows a fiche owns, edited inline on its page: the articles of its reserved contract,
award criteria, dated milestones, additional CPV codes, the links to its buyers, ESS suppliers
and operators, the unnamed members of its groupement and its impact indicators."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from fiches import rules
from fiches.choices import (
    MEMBER_KINDS,
    BuyerRole,
    FigureKind,
    MilestoneKind,
    OperatorRole,
    ReservedArticle,
    SupplierRole,
)
from fiches.dates import PartialDateField
from fiches.numbers import format_figure, optional_number_field
from fiches.validators import NON_NEGATIVE


def number_rows(rows):
    """Inline rows (``Orderable``) numbered in the order given, as the admin's inline panels do:
    rows saved in code without a ``sort_order`` come back in any order on PostgreSQL."""
    rows = list(rows)
    for position, row in enumerate(rows):
        row.sort_order = position
    return rows


class FicheReservedArticle(Orderable):
    """One legal basis of a reserved contract (a contract reserved to both disability and
    insertion structures cites L2113-12 and L2113-13), with the lots it concerns."""

    fiche = ParentalKey(
        "fiches.FichePage", on_delete=models.CASCADE, related_name="reserved_articles"
    )
    article = models.CharField(_("article"), max_length=12, choices=ReservedArticle.choices)
    lots = models.CharField(
        _("lots concernés"),
        max_length=200,
        blank=True,
        help_text=_(
            "Facultatif : par exemple « lot 2 » ou « lots 1 et 3 ». Vide : tout le marché."
        ),
    )

    panels = [FieldRowPanel([FieldPanel("article"), FieldPanel("lots")])]

    class Meta(Orderable.Meta):
        verbose_name = _("article du marché réservé")
        verbose_name_plural = _("articles du marché réservé")
        # Each article once per fiche: checked by ``rules.check_reserved`` (form and import),
        # whose French message says how to fix it, rather than by a database constraint, whose
        # formset message does not.

    def __str__(self):
        return self.article


class AwardCriterion(Orderable):
    fiche = ParentalKey("fiches.FichePage", on_delete=models.CASCADE, related_name="award_criteria")
    name = models.CharField(
        _("critère"),
        max_length=200,
        help_text=_("Par exemple « valeur technique »."),
    )
    weight = models.DecimalField(
        _("pondération (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            NON_NEGATIVE,
            MaxValueValidator(100, message=_("Une pondération ne dépasse pas 100 %.")),
        ],
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("weight")])]

    class Meta(Orderable.Meta):
        verbose_name = _("critère d'attribution")
        verbose_name_plural = _("critères d'attribution")

    def __str__(self):
        return self.name


class ContractMilestone(Orderable):
    """A dated step of the contract's history: its first award, a renewal, an extension."""

    fiche = ParentalKey("fiches.FichePage", on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("étape"), max_length=30, choices=MilestoneKind.choices)
    date = PartialDateField(_("date"), null=False, blank=False)
    note = models.CharField(
        _("précision"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « pour six ans, en marché réservé »."),
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("date"), FieldPanel("note")])]

    class Meta(Orderable.Meta):
        verbose_name = _("étape du marché")
        verbose_name_plural = _("étapes du marché")

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


class FicheAdditionalCPV(Orderable):
    fiche = ParentalKey(
        "fiches.FichePage", on_delete=models.CASCADE, related_name="additional_cpvs"
    )
    cpv = models.ForeignKey(
        "fiches.CPVCode",
        verbose_name=_("code CPV"),
        on_delete=models.PROTECT,
        related_name="additional_for_fiches",
    )

    panels = [FieldPanel("cpv")]

    class Meta(Orderable.Meta):
        verbose_name = _("code CPV complémentaire")
        verbose_name_plural = _("codes CPV complémentaires")
        constraints = [
            models.UniqueConstraint(fields=["fiche", "cpv"], name="unique_additional_cpv")
        ]


class StakeholderLink(Orderable):
    """An actor's part in one contract: its role and a presentation written for this fiche."""

    presentation = models.TextField(
        _("présentation dans ce marché"),
        blank=True,
        help_text=_("Ce que cet acteur a fait dans ce marché, en quelques lignes."),
    )

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return f"{self.actor} ({self.get_role_display()})"


class FicheBuyer(StakeholderLink):
    fiche = ParentalKey("fiches.FichePage", on_delete=models.CASCADE, related_name="buyer_links")
    actor = models.ForeignKey(
        "fiches.Buyer",
        verbose_name=_("acheteur"),
        on_delete=models.PROTECT,
        related_name="fiche_links",
    )
    role = models.CharField(
        _("rôle"), max_length=30, choices=BuyerRole.choices, default=BuyerRole.BUYER
    )

    panels = [FieldRowPanel([FieldPanel("actor"), FieldPanel("role")]), FieldPanel("presentation")]

    class Meta(StakeholderLink.Meta):
        verbose_name = _("acheteur du marché")
        verbose_name_plural = _("acheteurs du marché")


class FicheSupplier(StakeholderLink):
    fiche = ParentalKey("fiches.FichePage", on_delete=models.CASCADE, related_name="supplier_links")
    actor = models.ForeignKey(
        "fiches.ESSStructure",
        verbose_name=_("structure de l'ESS"),
        on_delete=models.PROTECT,
        related_name="fiche_links",
    )
    role = models.CharField(
        _("rôle"), max_length=30, choices=SupplierRole.choices, default=SupplierRole.HOLDER
    )

    panels = [FieldRowPanel([FieldPanel("actor"), FieldPanel("role")]), FieldPanel("presentation")]

    class Meta(StakeholderLink.Meta):
        verbose_name = _("titulaire du marché")
        verbose_name_plural = _("titulaires du marché")


class FicheOperator(StakeholderLink):
    fiche = ParentalKey("fiches.FichePage", on_delete=models.CASCADE, related_name="operator_links")
    actor = models.ForeignKey(
        "fiches.Operator",
        verbose_name=_("opérateur"),
        on_delete=models.PROTECT,
        related_name="fiche_links",
    )
    role = models.CharField(
        _("rôle"), max_length=30, choices=OperatorRole.choices, default=OperatorRole.FACILITATION
    )

    panels = [FieldRowPanel([FieldPanel("actor"), FieldPanel("role")]), FieldPanel("presentation")]

    class Meta(StakeholderLink.Meta):
        verbose_name = _("opérateur du marché")
        verbose_name_plural = _("opérateurs du marché")


class GroupementMember(Orderable):
    """Members of the groupement that the sources count without naming them, by kind
    (« 3 ESAT », « 6 SIAE »); the named members are ESS suppliers (``FicheSupplier``)."""

    fiche = ParentalKey(
        "fiches.FichePage", on_delete=models.CASCADE, related_name="unnamed_members"
    )
    kind = models.CharField(_("type de structure"), max_length=30, choices=MEMBER_KINDS)
    count = models.PositiveSmallIntegerField(
        _("nombre"),
        validators=[
            MinValueValidator(1, message=_("Indiquez au moins une structure de ce type.")),
        ],
    )
    note = models.CharField(
        _("précision"),
        max_length=200,
        blank=True,
        help_text=_(
            "Facultatif, lu à la suite du nombre : « du Rhône » donne « 3 ESAT du Rhône »."
        ),
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("count"), FieldPanel("note")])]

    class Meta(Orderable.Meta):
        verbose_name = _("membres non nommés du groupement")
        verbose_name_plural = _("membres non nommés du groupement")

    def __str__(self):
        return f"{self.count} {self.get_kind_display()}"


class ImpactIndicator(Orderable):
    fiche = ParentalKey(
        "fiches.FichePage", on_delete=models.CASCADE, related_name="impact_indicators"
    )
    indicator = models.CharField(
        _("indicateur"),
        max_length=200,
        help_text=_("Ce qui est mesuré, par exemple « heures d'insertion réalisées »."),
    )
    kind = models.CharField(
        _("précision"),
        max_length=12,
        choices=FigureKind.choices,
        default=FigureKind.EXACT,
        help_text=_(
            "Ce que disent les sources : une valeur exacte, « environ », « plus de », "
            "« moins de », ou une fourchette « de … à … »."
        ),
    )
    value = optional_number_field(
        _("valeur"),
        help_text=_("En chiffres, à la française : « 3 500 », « 1,5 »."),
    )
    value_min = optional_number_field(
        _("minimum"),
        help_text=_("Pour une fourchette : « 350 » dans « 350 à 500 »."),
    )
    value_max = optional_number_field(
        _("maximum"),
        help_text=_("Pour une fourchette : « 500 » dans « 350 à 500 »."),
    )
    unit = models.CharField(
        _("unité"),
        max_length=40,
        blank=True,
        help_text=_("Par exemple « heures », « ETP », « tonnes », « % »."),
    )
    period = models.CharField(
        _("période"),
        max_length=80,
        blank=True,
        help_text=_("Par exemple « 2021-2023 » ou « par an »."),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("D'où vient le chiffre : bilan du facilitateur, rapport d'activité…"),
    )

    panels = [
        FieldRowPanel([FieldPanel("indicator"), FieldPanel("kind"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("value"), FieldPanel("value_min"), FieldPanel("value_max")]),
        FieldRowPanel([FieldPanel("period"), FieldPanel("source")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicateur d'impact")
        verbose_name_plural = _("indicateurs d'impact")

    def __str__(self):
        return self.indicator

    def clean(self):
        super().clean()
        errors = rules.check_figure(
            kind=self.kind, value=self.value, value_min=self.value_min, value_max=self.value_max
        )
        if errors:
            raise ValidationError(errors)

    @property
    def figure(self):
        """The value as read: « 350 à 500 personnes », « plus de 400 machines »."""
        return format_figure(
            kind=self.kind,
            value=self.value,
            value_min=self.value_min,
            value_max=self.value_max,
            unit=self.unit,
        )
