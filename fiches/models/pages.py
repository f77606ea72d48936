"""The catalogue and the fiche REX page types, with the rows a fiche owns."""

import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
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
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from fiches import rules
from fiches.api import fields as api
from fiches.api.fields import Computed
from fiches.blocks import INLINE_FEATURES, FicheBodyBlock
from fiches.catalogue import stemming
from fiches.choices import (
    LEVER_ARTICLES,
    AmountKind,
    BuyerRole,
    ExecutionMode,
    Lever,
    Nature,
    OperatorRole,
    Procedure,
    ReservedArticle,
    SupplierRole,
    Technique,
)
from fiches.panels import CompletenessPanel
from fiches.widgets import SearchableCheckboxSelectMultiple

NON_NEGATIVE = MinValueValidator(0, message=_("Saisissez un nombre positif ou nul."))


def fold_accents(text):
    """``"coopérative"`` → ``"cooperative"``: the search matches with or without accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def number_rows(rows):
    """Inline rows (``Orderable``) numbered in the order given, as the admin's inline panels do:
    rows saved in code without a ``sort_order`` come back in any order on PostgreSQL."""
    rows = list(rows)
    for position, row in enumerate(rows):
        row.sort_order = position
    return rows


def image_alt_field():
    """The text alternative of a page's image (``FichePage.hero_image_alt``,
    ``ArticlePage.image_alt``); when it is empty, the image's description stands for it."""
    return models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_(
            "Décrivez ce que montre l'image pour une personne qui ne la voit pas. Laissez "
            "vide pour reprendre la description de l'image de la médiathèque."
        ),
    )


class FicheIndexPage(Page):
    """The catalogue: lists the published fiches below it."""

    intro = RichTextField(_("introduction"), blank=True, features=INLINE_FEATURES)
    per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["fiches.FichePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("catalogue des fiches")
        verbose_name_plural = _("catalogues des fiches")

    def get_context(self, request, *args, **kwargs):
        from fiches import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(
            selectors.catalogue_page(index_page=self, params=request.GET, request=request)
        )
        return context

    def route(self, request, path_components):
        # A fiche is fetched in its specific form with the rows its page shows in one query
        # (selectors.child_fiche), instead of Wagtail's two queries and the lookups after them.
        if path_components:
            from fiches import selectors

            fiche = selectors.child_fiche(index_page=self, slug=path_components[0])
            if fiche is not None:
                fiche._cached_parent_obj = self
                return fiche.route(request, path_components[1:])
        return super().route(request, path_components)


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
        for field, message in errors.items():
            if field in self.fields:
                self.add_error(field, message)
            else:
                self.add_error(None, message)
        return cleaned


class FichePage(RoutablePageMixin, Page):
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
        help_text=_("La procédure de passation indiquée dans l'avis de marché."),
    )
    technique = models.CharField(
        _("technique d'achat"),
        max_length=20,
        choices=Technique.choices,
        default=Technique.NONE,
        help_text=_(
            "« Accord-cadre » si le marché fixe un cadre exécuté par bons de commande ou "
            "marchés subséquents."
        ),
    )
    execution_mode = models.CharField(
        _("modalité d'exécution"),
        max_length=30,
        choices=ExecutionMode.choices,
        default=ExecutionMode.NONE,
    )
    reserved = models.BooleanField(
        _("marché réservé"),
        default=False,
        help_text=_(
            "Le marché (ou un lot) est réservé à certaines structures : précisez l'article."
        ),
    )
    reserved_article = models.CharField(
        _("article du marché réservé"), max_length=12, choices=ReservedArticle.choices, blank=True
    )
    social_clause = models.BooleanField(
        _("clause sociale d'insertion"),
        default=False,
        help_text=_(
            "Condition d'exécution (art. L2112-2) : le titulaire réserve des heures de "
            "travail à des personnes éloignées de l'emploi."
        ),
    )
    social_criterion = models.BooleanField(
        _("critère social d'attribution"),
        default=False,
        help_text=_(
            "Critère de choix des offres (art. R2152-7), par exemple la performance en "
            "matière d'insertion."
        ),
    )
    environmental_clause = models.BooleanField(_("clause environnementale"), default=False)
    environmental_criterion = models.BooleanField(_("critère environnemental"), default=False)
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
        help_text=_("Durée totale en mois, reconductions comprises."),
    )
    duration_note = models.CharField(
        _("précision sur la durée"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « 1 an reconductible 3 fois »."),
    )
    amount_kind = models.CharField(
        _("type de montant"), max_length=10, choices=AmountKind.choices, blank=True
    )
    amount = models.DecimalField(
        _("montant HT (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NON_NEGATIVE],
    )
    amount_min = models.DecimalField(
        _("montant minimum HT (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NON_NEGATIVE],
    )
    amount_max = models.DecimalField(
        _("montant maximum HT (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NON_NEGATIVE],
    )
    notification_date = models.DateField(
        _("date de notification"),
        null=True,
        blank=True,
        help_text=_("La date à laquelle le marché a été notifié au titulaire."),
    )
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

    search_fields = [
        *Page.search_fields,
        index.SearchField("chapo"),
        index.SearchField("body"),
        index.SearchField("success_factors"),
        index.SearchField("difficulties"),
        index.SearchField("advice"),
        index.SearchField("commune"),
        index.AutocompleteField("chapo"),
        index.FilterField("region"),
        index.FilterField("nature"),
        index.FilterField("procedure"),
        index.SearchField("folded_text"),
    ]

    api_fields = [
        APIField("chapo"),
        APIField("hero_image", serializer=Computed(api.fiche_hero_image)),
        APIField("themes", serializer=Computed(api.fiche_themes)),
        APIField("author", serializer=Computed(api.fiche_author)),
        APIField("nature", serializer=Computed(api.fiche_technical_choice("nature", Nature))),
        APIField(
            "procedure", serializer=Computed(api.fiche_technical_choice("procedure", Procedure))
        ),
        APIField(
            "technique", serializer=Computed(api.fiche_technical_choice("technique", Technique))
        ),
        APIField(
            "execution_mode",
            serializer=Computed(api.fiche_technical_choice("execution_mode", ExecutionMode)),
        ),
        APIField("levers", serializer=Computed(api.fiche_levers)),
        APIField(
            "reserved_article",
            serializer=Computed(api.fiche_technical_choice("reserved_article", ReservedArticle)),
        ),
        APIField("insertion_hours"),
        APIField("criteria", serializer=Computed(api.fiche_criteria)),
        APIField("cpv", serializer=Computed(api.fiche_cpv)),
        APIField("lots", serializer=Computed(api.fiche_lots)),
        APIField("duration", serializer=Computed(api.fiche_duration)),
        APIField("amount", serializer=Computed(api.fiche_amount)),
        APIField("notification_date"),
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

    content_panels = [
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
                    widget=SearchableCheckboxSelectMultiple(
                        search_label=_("Chercher une thématique")
                    ),
                ),
                FieldPanel("author"),
            ]
        ),
        FieldPanel("body"),
    ]
    technical_panels = [
        HelpPanel(
            content=_(
                "<p>Reprenez les informations de l'avis de marché et de l'avis "
                "d'attribution. Tous les champs sont facultatifs sauf la nature et la "
                "procédure, mais une fiche complète est plus utile aux acheteurs.</p>"
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
            ],
            heading=_("Lots, durée, montant et date"),
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
    stakeholder_panels = [
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
        InlinePanel(
            "operator_links", heading=_("Opérateurs et accompagnateurs"), label=_("Opérateur")
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
    impact_panels = [
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
    promote_panels = [
        *Page.promote_panels,
        # Moderators choose the fiches shown on the home page; contributors do not see the box.
        FieldPanel("is_featured", permission="fiches.feature_fichepage"),
        FieldPanel("external_ref", heading=_("Référence externe")),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList([CompletenessPanel(), *content_panels], heading=_("Contenu")),
            ObjectList(technical_panels, heading=_("Caractéristiques techniques")),
            ObjectList(stakeholder_panels, heading=_("Parties prenantes")),
            ObjectList(impact_panels, heading=_("Plus-value et impact")),
            ObjectList(promote_panels, heading=_("Promotion")),
            ObjectList(Page.settings_panels, heading=_("Paramètres")),
        ]
    )
    base_form_class = FichePageForm

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
                amount=self.amount,
                amount_min=self.amount_min,
                amount_max=self.amount_max,
            )
        )
        errors.update(
            rules.check_reserved(reserved=self.reserved, reserved_article=self.reserved_article)
        )
        errors.update(
            rules.check_lots(lots_count=self.lots_count, lot_concerned=self.lot_concerned)
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
        """The searchable text without accents, so that « cooperative » finds « coopérative »:
        title, chapô, body, added value and lessons, and what a visitor searches a contract by
        besides its story: the names of its actors (with their presentation in this contract),
        its CPV codes and labels, its themes and its place. On SQLite, followed by the French
        stems of its words (``fiches.catalogue.stemming``): « laverie » finds « laveries ».

        Reads the stakeholder and CPV rows from memory when the page comes from a revision
        (publishing), from their prefetched cache (``fiches.indexing.reindex_fiches``) or from
        the database."""
        parts = [self.title, self.chapo, self.commune]
        parts += self.body.stream_block.get_searchable_content(self.body)
        parts += [
            strip_tags(text)
            for text in (
                self.added_value_buyer,
                self.added_value_ess,
                self.added_value_territory,
                self.success_factors,
                self.difficulties,
                self.advice,
            )
        ]
        for relation in ("buyer_links", "supplier_links", "operator_links"):
            for link in getattr(self, relation).all():
                parts += [link.actor.name, link.presentation]
        if self.author_id:
            parts.append(self.author.name)
        codes = [link.cpv for link in self.additional_cpvs.all()]
        if self.main_cpv_id:
            codes.insert(0, self.main_cpv)
        parts += [f"{code.code} {code.label_fr} {code.label_en}" for code in codes]
        parts += [theme.name for theme in self.themes.all()]
        if self.region_id:
            parts.append(self.region.name)
        parts += [department.name for department in self.departments.all()]
        return stemming.with_stems(fold_accents(" ".join(part for part in parts if part)))

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
    def hero_alt(self):
        if not self.hero_image_id:
            return ""
        return self.hero_image_alt or self.hero_image.description

    @property
    def levers(self):
        """The levers this contract uses, as ``(code, label, article)`` tuples."""
        chosen = []
        if self.reserved:
            chosen.append((Lever.RESERVED, Lever.RESERVED.label, self.reserved_article))
        for lever, flag in (
            (Lever.SOCIAL_CLAUSE, self.social_clause),
            (Lever.SOCIAL_CRITERION, self.social_criterion),
            (Lever.ENVIRONMENTAL_CLAUSE, self.environmental_clause),
            (Lever.ENVIRONMENTAL_CRITERION, self.environmental_criterion),
        ):
            if flag:
                chosen.append((lever, lever.label, LEVER_ARTICLES[lever]))
        return chosen

    def get_context(self, request, *args, **kwargs):
        from fiches import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.fiche_page(fiche=self))
        context["related_fiches"] = selectors.cached_related_fiches(fiche=self, request=request)
        return context

    @subpage("pdf/", name="pdf")
    def pdf(self, request):
        """« Télécharger la fiche en PDF », at ``<fiche URL>pdf/`` (see ``fiches.pdf``)."""
        from fiches import pdf

        return pdf.pdf_response(fiche=self, request=request)


class AwardCriterion(Orderable):
    fiche = ParentalKey(FichePage, on_delete=models.CASCADE, related_name="award_criteria")
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


class FicheAdditionalCPV(Orderable):
    fiche = ParentalKey(FichePage, on_delete=models.CASCADE, related_name="additional_cpvs")
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
    fiche = ParentalKey(FichePage, on_delete=models.CASCADE, related_name="buyer_links")
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
    fiche = ParentalKey(FichePage, on_delete=models.CASCADE, related_name="supplier_links")
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
    fiche = ParentalKey(FichePage, on_delete=models.CASCADE, related_name="operator_links")
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


class ImpactIndicator(Orderable):
    fiche = ParentalKey(FichePage, on_delete=models.CASCADE, related_name="impact_indicators")
    indicator = models.CharField(
        _("indicateur"),
        max_length=200,
        help_text=_("Ce qui est mesuré, par exemple « heures d'insertion réalisées »."),
    )
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
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
        FieldRowPanel([FieldPanel("indicator"), FieldPanel("value"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("period"), FieldPanel("source")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicateur d'impact")
        verbose_name_plural = _("indicateurs d'impact")

    def __str__(self):
        return self.indicator
