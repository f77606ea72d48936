"""Admin panels for the editorial workflow: the completeness list on the fiche edit page and
the content checker of the preview (the review queue is in ``dashboard``, the roles in
``groups``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.admin.userbar import AccessibilityItem, ContentCheckerItem

from fiches.editorial.completeness import fiche_gaps, fiche_unknowns


class CompletenessPanel(Panel):
    """Lists what the fiche still lacks; advice only, it never blocks saving or submitting."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Complétude de la fiche"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "completeness"

    class BoundPanel(Panel.BoundPanel):
        template_name = "fiches/admin/panels/completeness.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["gaps"] = fiche_gaps(self.instance)
            context["unknowns"] = fiche_unknowns(self.instance)
            return context


class FicheContentCheckerItem(ContentCheckerItem):
    """Wagtail's content checker (preview and « Vérifications » side panel) with the rules that
    matter most for a bilingual public site: every image has an alternative, every page a
    title and a valid language."""

    axe_run_only = [
        *ContentCheckerItem.axe_run_only,
        "image-alt",
        "document-title",
        "html-has-lang",
        "html-lang-valid",
        "valid-lang",
    ]


def use_fiche_content_checker(request, items, page):
    """The ``construct_wagtail_userbar`` hook: Wagtail's checkers replaced by ours."""
    items[:] = [
        FicheContentCheckerItem(in_editor=item.in_editor)
        if type(item) in (ContentCheckerItem, AccessibilityItem)
        else item
        for item in items
    ]
