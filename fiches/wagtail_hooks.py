"""Admin: snippet viewsets for actors, themes and CPV codes, with filters, search and choosers."""

from django import forms
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.userbar import AccessibilityItem, ContentCheckerItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from fiches import admin_views, selectors
from fiches.models import Buyer, CPVCode, ESSStructure, Operator, Theme
from fiches.panels import FicheContentCheckerItem, ReviewQueuePanel, is_moderator


def actor_filterset(model, kind_field):
    """A listing filter on the actor's own classification and on its region."""
    meta = type("Meta", (), {"model": model, "fields": [kind_field, "region"]})
    return type(f"{model.__name__}FilterSet", (WagtailFilterSet,), {"Meta": meta})


class ActorViewSet(SnippetViewSet):
    kind_field = ""
    search_fields = ["name", "commune", "short_description"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["name"]

    @property
    def list_display(self):
        return ["name", self.kind_field, "commune", "region"]

    @property
    def filterset_class(self):
        return actor_filterset(self.model, self.kind_field)


class BuyerViewSet(ActorViewSet):
    model = Buyer
    icon = "site"
    kind_field = "buyer_type"
    menu_label = _("Acheteurs publics")


class ESSStructureViewSet(ActorViewSet):
    model = ESSStructure
    icon = "group"
    kind_field = "family"
    menu_label = _("Structures de l'ESS")

    @property
    def filterset_class(self):
        meta = type(
            "Meta", (), {"model": ESSStructure, "fields": ["family", "inclusion_status", "region"]}
        )
        return type("ESSStructureFilterSet", (WagtailFilterSet,), {"Meta": meta})


class OperatorViewSet(ActorViewSet):
    model = Operator
    icon = "user"
    kind_field = "operator_type"
    menu_label = _("Opérateurs et accompagnateurs")


class ActorViewSetGroup(SnippetViewSetGroup):
    items = (BuyerViewSet, ESSStructureViewSet, OperatorViewSet)
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


register_snippet(ActorViewSetGroup)
register_snippet(ThemeViewSet)
register_snippet(CPVCodeViewSet)

hooks.register("register_admin_urls", admin_views.admin_urls)
hooks.register("register_admin_menu_item", admin_views.import_menu_item)


@hooks.register("construct_homepage_panels")
def add_review_queue_panel(request, panels):
    if is_moderator(request.user):
        panels.append(ReviewQueuePanel())


@hooks.register("construct_wagtail_userbar")
def use_fiche_content_checker(request, items, page):
    items[:] = [
        FicheContentCheckerItem(in_editor=item.in_editor)
        if type(item) in (ContentCheckerItem, AccessibilityItem)
        else item
        for item in items
    ]


@hooks.register("before_serve_page")
def serve_pages_in_their_own_language(page, request, serve_args, serve_kwargs):
    # An English URL never shows French content: an untranslated page sends the visitor to
    # the page it copies, under its own language's URL.
    original = selectors.untranslated_original(page=page)
    if original is not None:
        url = original.get_url(request)
        if url is None:
            raise Http404
        return redirect(url)
    # Read by cms.context_processors.translations for the switcher and hreflang links.
    request.served_page = page
    return None
