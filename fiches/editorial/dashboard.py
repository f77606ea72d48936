"""The moderators' dashboard: the fiches and the actor changes waiting for review, oldest
submission first."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.ui.components import Component

from .groups import is_moderator


class ReviewQueuePanel(Component):
    """The dashboard lists of fiches and of actor changes waiting for a moderator, oldest
    submission first."""

    name = "fiches_review_queue"
    template_name = "fiches/admin/review_queue.html"
    order = 150

    def get_context_data(self, parent_context):
        # Imported here: the models import fiches.editorial.panels, and selectors the models.
        from fiches import selectors

        context = super().get_context_data(parent_context)
        context["fiches"] = selectors.fiches_awaiting_review()
        context["actor_changes"] = [
            actor_change(state) for state in selectors.actors_awaiting_review()
        ]
        return context


def actor_change(state):
    """What the queue shows of one actor change under review: the name proposed, the kind of
    actor, who submitted it and when, and the address of its edit form (where the moderator
    compares, approves or asks for changes)."""
    model = state.content_type.model_class()
    revision = state.current_task_state.revision if state.current_task_state else None
    return {
        "name": revision.object_str if revision else "",
        "kind": model._meta.verbose_name,
        "requested_by": state.requested_by,
        "submitted_at": state.created_at,
        "edit_url": reverse(
            f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:edit",
            args=[quote(state.object_id)],
        ),
    }


def add_review_queue_panel(request, panels):
    """The ``construct_homepage_panels`` hook: moderators see the review queue."""
    if is_moderator(request.user):
        panels.append(ReviewQueuePanel())
