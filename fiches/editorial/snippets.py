"""The admin's listings: the actor directory (one snippet viewset per actor kind, from
``fiches.models.ACTOR_KINDS``), the themes and the CPV codes with their chooser.

The actor choosers have a « Créer » tab: an actor created there follows the actor moderation
rules (``docs/editorial.md``): created and published at once by a user who may publish actors,
otherwise saved as a draft (``live`` false) and submitted to the review workflow."""

from django import forms
from django.db.models import Q
from django.forms.models import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail.actions.create import CreateAction
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from fiches.models import ACTOR_KINDS, CPVCode, Theme, actor_kind

# ---------- Choosers in French ----------


class FrenchChooserMixin:
    """Wagtail's chooser listing, with « Langue » where Wagtail's French says « Région » (its
    translation of « locale », confusing next to the actors' region) or leaves « Locale »."""

    @property
    def columns(self):
        return [
            LocaleColumn(sort_key=None, label=_("Langue"))
            if isinstance(column, LocaleColumn)
            else column
            for column in super().columns
        ]

    def get_filter_form(self):
        form = super().get_filter_form()
        if "locale" in form.fields:
            form.fields["locale"].label = _("Langue")
        return form


class FrenchChooseView(FrenchChooserMixin, ChooseView):
    pass


class FrenchChooseResultsView(FrenchChooserMixin, ChooseResultsView):
    pass


# ---------- Actors ----------


class ActorCreateView(SnippetCreateView):
    """The « Créer » tab of an actor chooser: the actor moderation rules apply."""

    def save_form(self, form):
        user = self.request.user
        may_publish = ModelPermissionPolicy(self.model_class).user_has_permission(user, "publish")
        actor = CreateAction(form.instance, user=user, form=form, publish=may_publish).execute()
        if not may_publish:
            workflow = actor.get_workflow()
            if workflow is not None:
                workflow.start(actor, user)
        return actor


class ActorCreationForm(forms.ModelForm):
    """The chooser's creation form. The slug, deduced from the name, is not asked: a slug
    already taken is said at the name."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict") and "slug" in errors.error_dict:
            errors.error_dict.setdefault("name", []).extend(errors.error_dict.pop("slug"))
        super()._update_errors(errors)


def actor_creation_fields(model):
    """What the chooser's creation form asks: the name, the classification, the place and the
    presentation, and for an ESS structure its ESUS approval, which has no default (the logo, the
    website and the SIRET are added from the actor's own form)."""
    kind = actor_kind(model)
    # A required choice without default: the form must ask it.
    required = [name for name in ("esus",) if name in {f.name for f in model._meta.fields}]
    return [
        "name",
        *kind.classification,
        *required,
        "commune",
        "department",
        "region",
        "short_description",
    ]


class ActorChooserViewSet(SnippetChooserViewSet):
    choose_view_class = FrenchChooseView
    choose_results_view_class = FrenchChooseResultsView
    create_view_class = ActorCreateView
    create_action_label = _("Créer et choisir")
    create_action_clicked_label = _("Création…")
    creation_tab_label = _("Créer")

    @property
    def creation_form_class(self):
        return modelform_factory(
            self.model, form=ActorCreationForm, fields=actor_creation_fields(self.model)
        )


class ActorViewSet(SnippetViewSet):
    """The admin listing of one kind of actor, filtered by its classification and region."""

    kind_field = ""
    filter_fields = ()
    search_fields = ["name", "commune", "short_description"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["name"]
    chooser_viewset_class = ActorChooserViewSet

    @property
    def list_display(self):
        return ["name", self.kind_field, "commune", "region"]

    @property
    def filterset_class(self):
        meta = type("Meta", (), {"model": self.model, "fields": list(self.filter_fields)})
        return type(f"{self.model.__name__}FilterSet", (WagtailFilterSet,), {"Meta": meta})


def actor_viewset(kind):
    """The snippet viewset of an ``ActorKind``."""
    return type(
        f"{kind.model.__name__}ViewSet",
        (ActorViewSet,),
        {
            "model": kind.model,
            "icon": kind.icon,
            "kind_field": kind.classification[0],
            "filter_fields": (*kind.classification, "region"),
            "menu_label": kind.plural,
        },
    )


class ActorViewSetGroup(SnippetViewSetGroup):
    items = tuple(actor_viewset(kind) for kind in ACTOR_KINDS)
    menu_icon = "group"
    menu_label = _("Annuaire des acteurs")
    menu_name = "actors"
    menu_order = 210


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Thématiques")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    search_backend_name = None
    chooser_viewset_class = type(
        "ThemeChooserViewSet",
        (SnippetChooserViewSet,),
        {
            "choose_view_class": FrenchChooseView,
            "choose_results_view_class": FrenchChooseResultsView,
        },
    )


class CPVFilterForm(BaseFilterForm):
    """Finds CPV codes by the start of their code (« 7731 ») or by words of their label."""

    q = forms.CharField(
        label=_("Code ou mots du libellé"),
        widget=forms.TextInput(attrs={"placeholder": _("77310000 ou « espaces verts »")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if not query:
            return objects
        self.is_searching = True
        self.search_query = query
        compact = query.replace("-", "").replace(" ", "")
        if compact.isdigit():
            return objects.filter(digits__startswith=compact[:8])
        condition = Q()
        for word in query.split():
            condition &= Q(label_fr__icontains=word) | Q(label_en__icontains=word)
        return objects.filter(condition)


# The empty results say what to do when a code is not found (check it, search by label, ask).
CPV_CHOOSER_RESULTS_TEMPLATE = "fiches/admin/cpv_chooser_results.html"


class CPVChooseView(ChooseView):
    filter_form_class = CPVFilterForm
    results_template_name = CPV_CHOOSER_RESULTS_TEMPLATE


class CPVChooseResultsView(ChooseResultsView):
    filter_form_class = CPVFilterForm
    results_template_name = CPV_CHOOSER_RESULTS_TEMPLATE


class CPVChooserViewSet(SnippetChooserViewSet):
    choose_view_class = CPVChooseView
    choose_results_view_class = CPVChooseResultsView


class CPVCodeViewSet(SnippetViewSet):
    model = CPVCode
    icon = "list-ul"
    menu_label = _("Codes CPV")
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["code", "label_fr", "division"]
    list_filter = ["level"]
    search_fields = ["code", "label_fr", "label_en"]
    search_backend_name = None
    chooser_viewset_class = CPVChooserViewSet
    chooser_per_page = 20
