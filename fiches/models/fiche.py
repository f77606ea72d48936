"""The fiche REX page type: its fields, its rules, its search and API declarations and its
routes. Most of its fields are declared by group in ``fiche_fields``, its rows are in
``fiche_rows``, its edit tabs in ``panels``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.pages import ViewRestrictionsInOneQuery
from fiches import rules
from fiches.blocks import INLINE_FEATURES, FicheBodyBlock
from fiches.choices import CriteriaStatus

from . import fiche_api, fiche_levers, fiche_search, panels
from .fiche_fields import FicheFields


class FichePage(ViewRestrictionsInOneQuery, RoutablePageMixin, FicheFields, Page):
    """A fiche REX: one awarded public contract told as a case study."""

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
