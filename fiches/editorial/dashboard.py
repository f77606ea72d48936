"""The moderators' dashboard: the fiches waiting for review, oldest submission first."""

from wagtail.admin.ui.components import Component

from .groups import is_moderator


class ReviewQueuePanel(Component):
    """The dashboard list of fiches waiting for a moderator, oldest submission first."""

    name = "fiches_review_queue"
    template_name = "fiches/admin/review_queue.html"
    order = 150

    def get_context_data(self, parent_context):
        # Imported here: the models import fiches.editorial.panels, and selectors the models.
        from fiches import selectors

        context = super().get_context_data(parent_context)
        context["fiches"] = selectors.fiches_awaiting_review()
        return context


def add_review_queue_panel(request, panels):
    """The ``construct_homepage_panels`` hook: moderators see the review queue."""
    if is_moderator(request.user):
        panels.append(ReviewQueuePanel())
