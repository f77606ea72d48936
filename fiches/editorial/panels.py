"""Admin panels for the editorial workflow: the completeness list on the fiche edit page and
the review queue on the moderators' dashboard."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.userbar import ContentCheckerItem

from fiches.editorial.completeness import fiche_gaps

#: The groups created by ``home/migrations/0003_editorial_groups.py``.
CONTRIBUTORS_GROUP = "Contributeurs"
MODERATORS_GROUP = "Modérateurs"


def is_moderator(user):
    """Superusers and members of the « Modérateurs » group review fiches."""
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists()
    )


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
            return context


class ReviewQueuePanel(Component):
    """The dashboard list of fiches waiting for a moderator, oldest submission first."""

    name = "fiches_review_queue"
    template_name = "fiches/admin/review_queue.html"
    order = 150

    def get_context_data(self, parent_context):
        # Imported here: this module is imported by the models, which selectors import.
        from fiches import selectors

        context = super().get_context_data(parent_context)
        context["fiches"] = selectors.fiches_awaiting_review()
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
