"""The admin's listings: the actor directory (one snippet viewset per actor kind, from
``fiches.models.ACTOR_KINDS``), the themes and the CPV codes with their chooser."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from fiches.models import ACTOR_KINDS, CPVCode, Theme


class ActorViewSet(SnippetViewSet):
    """The admin listing of one kind of actor, filtered by its classification and region."""

    kind_field = ""
    filter_fields = ()
    search_fields = ["name", "commune", "short_description"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["name"]

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
