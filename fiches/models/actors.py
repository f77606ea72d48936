"""Reusable actors linked to fiches: public buyers, ESS structures and operators, and the one
registry of these three kinds (``ACTOR_KINDS``)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    Locale,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from fiches import stemming
from fiches.choices import (
    BuyerRole,
    BuyerType,
    ESSFamily,
    ESUSStatus,
    InclusionStatus,
    OperatorRole,
    OperatorType,
    SupplierRole,
)
from fiches.choices import label as choice_label
from fiches.text import fold_accents
from fiches.validators import validate_siret

from .fiche_rows import FicheBuyer, FicheOperator, FicheSupplier
from .reference import Department, Region


class ActorQuerySet(models.QuerySet):
    def live(self):
        """The actors that have a published version. An actor added in the admin stays a draft
        (``live`` false) until a moderator approves it; the row of a published actor holds its
        published version, while the changes awaiting review are kept in its revisions."""
        return self.filter(live=True)


class Actor(
    WorkflowMixin, DraftStateMixin, RevisionMixin, TranslatableMixin, index.Indexed, models.Model
):
    """What every actor has; each kind adds its own classification.

    Actors are moderated as fiches are (``docs/editorial.md``): an edit in the admin is saved as
    a revision and goes through the review workflow; the row, which every public output reads,
    changes only when a moderator publishes."""

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

    objects = ActorQuerySet.as_manager()

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

    buyer_type = models.CharField(
        _("type d'acheteur"),
        max_length=30,
        choices=BuyerType.choices,
        help_text=_("« Non renseigné » si les sources ne permettent pas de le dire."),
    )

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
        if self.buyer_type == BuyerType.NOT_STATED:
            return _("Type d'acheteur non renseigné")
        return choice_label(BuyerType, self.buyer_type)


class ESSStructure(Actor):
    url_kind = "structures-ess"

    family = models.CharField(
        _("famille de l'ESS"),
        max_length=30,
        choices=ESSFamily.choices,
        help_text=_("« Non renseigné » si les sources ne la donnent pas : ne la devinez pas."),
    )
    inclusion_status = models.CharField(
        _("statut d'inclusion ou de handicap"),
        max_length=20,
        choices=InclusionStatus.choices,
        blank=True,
        help_text=_(
            "SIAE, GEIQ, entreprise adaptée ou ESAT, le cas échéant ; vide si la structure "
            "n'en a pas, « Non renseigné » si les sources ne le disent pas."
        ),
    )
    esus = models.CharField(
        _("agrément ESUS"),
        max_length=20,
        choices=ESUSStatus.choices,
        help_text=_(
            "L'agrément « entreprise solidaire d'utilité sociale » : « Non renseigné » si "
            "les sources ne le disent pas."
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
        family = choice_label(ESSFamily, self.family)
        if self.family == ESSFamily.NOT_STATED:
            family = _("Famille de l'ESS non renseignée")
        if self.inclusion_status and self.inclusion_status != InclusionStatus.NOT_STATED:
            return f"{family} · {choice_label(InclusionStatus, self.inclusion_status)}"
        return str(family)


class Operator(Actor):
    url_kind = "operateurs"

    operator_type = models.CharField(
        _("type d'opérateur"),
        max_length=30,
        choices=OperatorType.choices,
        help_text=_("« Non renseigné » si les sources ne permettent pas de le dire."),
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
        if self.operator_type == OperatorType.NOT_STATED:
            return _("Type d'opérateur non renseigné")
        return choice_label(OperatorType, self.operator_type)


# --- The actor kinds --------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorKind:
    """One kind of actor and every name it goes by. What handles actors reads this registry
    (``tests/fiches/models/test_actor_kinds.py`` fails when one does not handle a kind).

    - ``key``: the kind in the catalogue's and the widget's actor filter (``buyer:12``);
    - ``group``: the fiche's stakeholders of this kind in the page context and the API payload;
    - ``relation`` and ``link_model``: the fiche's rows linking it to actors of this kind;
    - ``api_name``: the API endpoint of the kind (``/api/v2/<api_name>/``);
    - ``singular`` and ``plural``: the kind's French names (directory headings, admin menu);
    - ``roles``: the choices of an actor's role in a contract;
    - ``classification``: the model's own classification fields, main one first;
    - ``icon``: the admin icon of the kind's snippets.

    The URL segment of the kind's public pages is the model's ``url_kind`` (``url_segment``)."""

    key: str
    model: type
    link_model: type
    relation: str
    group: str
    api_name: str
    singular: str
    plural: str
    roles: type
    classification: tuple
    icon: str

    @property
    def url_segment(self):
        return self.model.url_kind


ACTOR_KINDS = (
    ActorKind(
        key="buyer",
        model=Buyer,
        link_model=FicheBuyer,
        relation="buyer_links",
        group="buyers",
        api_name="buyers",
        singular=_("Acheteur public"),
        plural=_("Acheteurs publics"),
        roles=BuyerRole,
        classification=("buyer_type",),
        icon="site",
    ),
    ActorKind(
        key="ess_structure",
        model=ESSStructure,
        link_model=FicheSupplier,
        relation="supplier_links",
        group="suppliers",
        api_name="ess-structures",
        singular=_("Structure de l'ESS"),
        plural=_("Structures de l'ESS"),
        roles=SupplierRole,
        classification=("family", "inclusion_status"),
        icon="group",
    ),
    ActorKind(
        key="operator",
        model=Operator,
        link_model=FicheOperator,
        relation="operator_links",
        group="operators",
        api_name="operators",
        singular=_("Opérateur ou accompagnateur"),
        plural=_("Opérateurs et accompagnateurs"),
        roles=OperatorRole,
        classification=("operator_type",),
        icon="user",
    ),
)

#: The actor models by the URL segment of their public pages.
ACTOR_MODELS = {kind.url_segment: kind.model for kind in ACTOR_KINDS}


def actor_kind(model_or_actor):
    """The ``ActorKind`` of an actor model or instance."""
    model = model_or_actor if isinstance(model_or_actor, type) else type(model_or_actor)
    return next(kind for kind in ACTOR_KINDS if kind.model is model)
