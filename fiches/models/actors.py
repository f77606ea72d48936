"""Reusable actors linked to fiches: public buyers, ESS structures and operators."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index

from fiches.catalogue import stemming
from fiches.choices import BuyerType, ESSFamily, InclusionStatus, OperatorType
from fiches.validators import validate_siret

from .pages import fold_accents
from .reference import Department, Region


class Actor(TranslatableMixin, index.Indexed, models.Model):
    """What every actor has; each kind adds its own classification."""

    #: The URL segment of the public pages of this kind of actor.
    url_kind = ""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(
        _("identifiant d'URL"),
        max_length=200,
        blank=True,
        help_text=_("Laissez vide pour le déduire du nom ; sert dans l'adresse de la page."),
    )
    short_description = models.TextField(
        _("présentation courte"),
        blank=True,
        help_text=_(
            "Deux ou trois phrases qui présentent la structure à un lecteur qui ne la connaît pas."
        ),
    )
    logo = models.ForeignKey(
        "fiches.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("site internet"), blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("département"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Déduite du département si vous la laissez vide."),
    )
    siret = models.CharField(
        _("SIRET"),
        max_length=17,
        blank=True,
        validators=[validate_siret],
        help_text=_(
            "Facultatif. 14 chiffres, sans espace ; voir annuaire-entreprises.data.gouv.fr."
        ),
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_description"),
        index.SearchField("commune"),
        # Accent-free copies: « cooperative » finds « Coopérative » on every database.
        index.SearchField("folded_text"),
        index.AutocompleteField("folded_name"),
        index.FilterField("region"),
        index.FilterField("locale"),
    ]

    identity_panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("short_description"),
        FieldPanel("logo"),
        FieldPanel("website"),
    ]
    place_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("commune"), FieldPanel("department")]),
                FieldPanel("region"),
                FieldPanel("siret"),
            ],
            heading=_("Localisation et identifiant"),
        )
    ]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actor_detail", kwargs={"kind": self.url_kind, "slug": self.slug})

    def folded_name(self):
        """The name without accents, for the suggestions typed in a search box."""
        return fold_accents(self.name)

    def folded_text(self):
        """Name, presentation and commune without accents (and their French stems on SQLite),
        for the site search."""
        return stemming.with_stems(
            fold_accents(" ".join((self.name, self.short_description, self.commune)))
        )

    def clean(self):
        super().clean()
        self.siret = self.siret.replace(" ", "")
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        locale_id = self.locale_id or Locale.get_default().pk
        duplicates = type(self).objects.filter(slug=self.slug, locale_id=locale_id)
        if duplicates.exclude(pk=self.pk).exists():
            raise ValidationError(
                {
                    "slug": _(
                        "L'identifiant « %(slug)s » est déjà pris par un autre acteur de ce type : "
                        "choisissez-en un autre (par exemple en ajoutant la commune)."
                    )
                    % {"slug": self.slug}
                }
            )
        if self.department_id and not self.region_id:
            self.region_id = self.department.region_id
        elif self.department_id and self.department.region_id != self.region_id:
            raise ValidationError(
                {
                    "department": _(
                        "Le département %(department)s n'est pas dans la région choisie : "
                        "corrigez l'un des deux, ou laissez la région vide."
                    )
                    % {"department": self.department}
                }
            )


class Buyer(Actor):
    url_kind = "acheteurs"

    buyer_type = models.CharField(_("type d'acheteur"), max_length=30, choices=BuyerType.choices)

    panels = [
        *Actor.identity_panels,
        FieldPanel("buyer_type"),
        *Actor.place_panels,
    ]

    class Meta(Actor.Meta):
        verbose_name = _("acheteur public")
        verbose_name_plural = _("acheteurs publics")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_buyer_slug_per_locale")
        ]

    @property
    def kind_label(self):
        return self.get_buyer_type_display()


class ESSStructure(Actor):
    url_kind = "structures-ess"

    family = models.CharField(_("famille de l'ESS"), max_length=30, choices=ESSFamily.choices)
    inclusion_status = models.CharField(
        _("statut d'inclusion ou de handicap"),
        max_length=10,
        choices=InclusionStatus.choices,
        blank=True,
        help_text=_("SIAE, GEIQ, entreprise adaptée ou ESAT, le cas échéant."),
    )
    esus = models.BooleanField(
        _("agréée ESUS"),
        default=False,
        help_text=_(
            "Cochez si la structure a l'agrément « entreprise solidaire d'utilité sociale »."
        ),
    )

    panels = [
        *Actor.identity_panels,
        FieldRowPanel([FieldPanel("family"), FieldPanel("inclusion_status")]),
        FieldPanel("esus"),
        *Actor.place_panels,
    ]

    class Meta(Actor.Meta):
        verbose_name = _("structure de l'ESS")
        verbose_name_plural = _("structures de l'ESS")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_ess_slug_per_locale")
        ]

    @property
    def kind_label(self):
        if self.inclusion_status:
            return f"{self.get_family_display()} · {self.get_inclusion_status_display()}"
        return self.get_family_display()


class Operator(Actor):
    url_kind = "operateurs"

    operator_type = models.CharField(
        _("type d'opérateur"), max_length=30, choices=OperatorType.choices
    )

    panels = [
        *Actor.identity_panels,
        FieldPanel("operator_type"),
        *Actor.place_panels,
    ]

    class Meta(Actor.Meta):
        verbose_name = _("opérateur ou accompagnateur")
        verbose_name_plural = _("opérateurs et accompagnateurs")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_operator_slug_per_locale"
            )
        ]

    @property
    def kind_label(self):
        return self.get_operator_type_display()


ACTOR_MODELS = {model.url_kind: model for model in (Buyer, ESSStructure, Operator)}
