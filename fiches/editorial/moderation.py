"""The end of a review, as the moderator and the contributor see it: no phantom draft after an
approval, the message that says what happened, and the approval e-mail with the moderator's
comment. Registered by ``fiches.wagtail_hooks`` (the hooks) and ``fiches.apps`` (the e-mail).

The phantom draft: the editor's « Approuver » adds hidden inputs to the edit form before
submitting it; the form's autosave sees a change and posts the same form in the background
half a second later, often after the approval has published the fiche. Wagtail then saves that
post as a new draft revision, identical to the published one (« publiée + brouillon »). An
autosave that carries a workflow action is the echo of that submission, never an edit: it is
refused, and the submission itself does the saving."""

from django.contrib import messages as django_messages
from django.http import JsonResponse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.mail import WorkflowStateApprovalEmailNotifier
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import workflow_approved

WORKFLOW_ACTION_FIELD = "action-workflow-action"
WORKFLOW_ACTION_NAME_FIELD = "workflow-action-name"


def _is_autosave(request):
    # Wagtail's autosave posts the edit form asking for JSON; the form's own submission asks
    # for HTML (``expects_json_response`` of Wagtail's edit views).
    return request.method == "POST" and not request.accepts("text/html")


def refuse_autosave_of_workflow_action(request, instance):
    """The ``before_edit_page`` and ``before_edit_snippet`` hooks."""
    if _is_autosave(request) and request.POST.get(WORKFLOW_ACTION_FIELD):
        return JsonResponse(
            {
                "success": False,
                "error_code": "workflow_action",
                "error_message": _(
                    "Enregistrement automatique ignoré : l'action de relecture en cours "
                    "enregistre déjà la fiche."
                ),
            },
            status=409,
        )
    return None


def say_approved(request, page):
    """The ``after_edit_page`` hook: after « Approuver » from the edit form, say that the page
    is published (Wagtail says « mise à jour », its message for every save)."""
    if request.method != "POST" or request.POST.get(WORKFLOW_ACTION_NAME_FIELD) != "approve":
        return None
    page = Page.objects.get(pk=page.pk).specific
    if page.workflow_in_progress:
        return None
    # Reading the messages drops the ones queued by this request (Wagtail's « mise à jour »).
    list(django_messages.get_messages(request))
    title = page.get_admin_display_title()
    if page.live:
        message = _("La page « %(title)s » est approuvée et publiée.") % {"title": title}
    else:
        message = _("La page « %(title)s » est approuvée ; elle sera publiée à la date prévue.") % {
            "title": title
        }
    messages.success(request, message)
    return None


class ApprovalEmailNotifier(WorkflowStateApprovalEmailNotifier):
    """Wagtail's approval e-mail, with the comment the moderator left when approving
    (templates ``wagtailadmin/notifications/workflow_state_approved.*``)."""

    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        approved = (
            workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
            .order_by("-finished_at", "-pk")
            .first()
        )
        context["comment"] = approved.specific.get_comment() if approved else ""
        return context


approval_email_notifier = ApprovalEmailNotifier()


def connect():
    """Takes Wagtail's place for the approval e-mail: ``fiches`` is ready before
    ``wagtail.admin``, whose own connection under the same ``dispatch_uid`` is then ignored."""
    workflow_approved.connect(
        approval_email_notifier,
        sender=WorkflowState,
        dispatch_uid="workflow_state_approved_email_notification",
    )
