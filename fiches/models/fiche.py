"""The fiche REX page type: its fields, its rules, its search and API declarations and its
routes. Its rows are in ``fiche_rows``, its edit tabs in ``panels``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.pages import ViewRestrictionsInOneQuery
from fiches import rules
from fiches.blocks import INLINE_FEATURES, FicheBodyBlock
from fiches.choices import (
    AmountKind,
    AmountPeriod,
    CriteriaStatus,
    ExecutionMode,
    Groupement,
    Nature,
    Procedure,
    Technique,
)
from fiches.dates import PartialDateField
from fiches.numbers import optional_number_field
from fiches.validators import NON_NEGATIVE

from . import fiche_api, fiche_levers, fiche_search, panels
from .fiche_levers import lever_lots_field
from .media import image_alt_field


class FichePage(ViewRestrictionsInOneQuery, RoutablePageMixin, Page):
    """A fiche REX: one awarded public contract told as a case study."""

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
    decp_id = models.CharField(
        _("identifiant DECP"),
        max_length=64,
        blank=True,
        help_text=_(
            "Facultatif : l'identifiant du marché dans les données essentielles de la "
            "commande publique (data.gouv.fr)."
        ),
    )

    external_ref = models.CharField(
        _("référence externe"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_(
            "Identifiant de la fiche dans le tableur d'où elle a été importée : un nouvel "
            "import de la même référence met la fiche à jour au lieu d'en créer une autre."
        ),
    )

    award_criteria_status = models.CharField(
        _("critères d'attribution non listés"),
        max_length=20,
        choices=CriteriaStatus.choices,
        blank=True,
        help_text=_(
            "Sans critère listé ci-dessous : « Non renseignés » si les sources ne les donnent "
            "pas, « Sans objet » si le marché n'en avait pas. Laissez vide si vous listez les "
            "critères."
        ),
    )

    # Narrative
    body = StreamField(FicheBodyBlock(), verbose_name=_("description du marché"), blank=True)

    # Added value and lessons
    added_value_buyer = RichTextField(
        _("plus-value pour l'acheteur"), blank=True, features=INLINE_FEATURES
    )
    added_value_ess = RichTextField(
        _("plus-value pour la structure de l'ESS"), blank=True, features=INLINE_FEATURES
    )
    added_value_territory = RichTextField(
        _("plus-value pour le territoire"), blank=True, features=INLINE_FEATURES
    )
    success_factors = RichTextField(_("facteurs de réussite"), blank=True, features=INLINE_FEATURES)
    difficulties = RichTextField(_("difficultés rencontrées"), blank=True, features=INLINE_FEATURES)
    advice = RichTextField(_("conseils pour reproduire"), blank=True, features=INLINE_FEATURES)

    # Contact (personal data: shown only when public)
    contact_name = models.CharField(_("nom du contact"), max_length=120, blank=True)
    contact_role = models.CharField(_("fonction du contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)
    contact_is_public = models.BooleanField(
        _("contact public"),
        default=False,
        help_text=_(
            "Cochez seulement si la personne a accepté que ses coordonnées soient "
            "publiées (RGPD). Sinon elles restent visibles des seuls éditeurs."
        ),
    )

    # Promotion
    is_featured = models.BooleanField(
        _("mise en avant"),
        default=False,
        help_text=_("Affiche la fiche parmi les fiches à la une de la page d'accueil."),
    )

    search_fields = fiche_search.SEARCH_FIELDS
    api_fields = fiche_api.API_FIELDS

    content_panels = panels.CONTENT_PANELS
    technical_panels = panels.TECHNICAL_PANELS
    stakeholder_panels = panels.STAKEHOLDER_PANELS
    impact_panels = panels.IMPACT_PANELS
    promote_panels = panels.PROMOTE_PANELS
    edit_handler = panels.EDIT_HANDLER
    base_form_class = panels.FichePageForm

    parent_page_types = ["fiches.FicheIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("fiche REX")
        verbose_name_plural = _("fiches REX")
        permissions = [("feature_fichepage", _("Peut mettre une fiche à la une"))]

    def clean(self):
        super().clean()
        errors = {}
        errors.update(
            rules.check_amounts(
                kind=self.amount_kind,
                period=self.amount_period,
                years=self.amount_years,
                amount=self.amount,
                amount_min=self.amount_min,
                amount_max=self.amount_max,
            )
        )
        errors.update(
            rules.check_lots(lots_count=self.lots_count, lot_concerned=self.lot_concerned)
        )
        errors.update(
            rules.check_execution_period(start=self.execution_start, end=self.execution_end)
        )
        if (
            self.external_ref
            and FichePage.objects.filter(external_ref=self.external_ref, locale_id=self.locale_id)
            .exclude(translation_key=self.translation_key)
            .exists()
        ):
            errors["external_ref"] = _(
                "Une autre fiche porte déjà la référence externe « %(ref)s » : "
                "choisissez-en une autre ou videz le champ."
            ) % {"ref": self.external_ref}
        if self.hero_image_id and not (self.hero_image_alt or self.hero_image.description):
            errors["hero_image_alt"] = _(
                "L'image principale n'a pas de texte alternatif : décrivez-la ici (ou dans sa "
                "description de la médiathèque)."
            )
        if errors:
            raise ValidationError(errors)

    def folded_text(self):
        """The searchable text without accents (see ``fiche_search.folded_text``)."""
        return fiche_search.folded_text(self)

    @property
    def preview_modes(self):
        modes = super().preview_modes
        if settings.HEADLESS_PREVIEW_URL:
            modes = [*modes, ("front-end", _("Front-end externe"))]
        return modes

    def serve_preview(self, request, mode_name):
        if mode_name != "front-end":
            return super().serve_preview(request, mode_name)
        from fiches.api.http import front_end_preview_url

        # The external front-end reads the latest saved draft through the API with this
        # short-lived signed token; unsaved changes in the form are not part of it.
        url = front_end_preview_url(self) if self.pk and self.latest_revision_id else ""
        return TemplateResponse(
            request, "fiches/front_end_preview.html", {"page": self, "front_end_url": url}
        )

    @property
    def public_author(self):
        """The author as every public output names it: ``None`` while the operator chosen has
        never been published (an actor awaiting moderation, ``docs/editorial.md``)."""
        if self.author_id and self.author.live:
            return self.author
        return None

    @property
    def hero_alt(self):
        if not self.hero_image_id:
            return ""
        return self.hero_image_alt or self.hero_image.description

    @property
    def levers(self):
        """The levers used, as ``(code, label)`` pairs (``fiche_levers.levers``: no query)."""
        return fiche_levers.levers(self)

    @property
    def lever_uses(self):
        """Every lever with its article and lots (``fiche_levers.lever_uses``)."""
        return fiche_levers.lever_uses(self)

    def get_context(self, request, *args, **kwargs):
        from fiches import selectors
        from fiches.discovery import context as discovery_context

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.fiche_page(fiche=self))
        context["related_fiches"] = discovery_context.cached_related_fiches(
            fiche=self, request=request
        )
        return context

    @subpage("pdf/", name="pdf")
    def pdf(self, request):
        """« Télécharger la fiche en PDF », at ``<fiche URL>pdf/`` (``fiches.rendering.pdf``)."""
        from fiches.rendering import pdf

        return pdf.pdf_response(fiche=self, request=request)
