"""The moderators' dashboard panel « Propositions reçues »: the cases proposed through the
public form that are not published yet, with the proposer's private contact and the files sent
(registered for moderators by ``fiches.wagtail_hooks``)."""

from wagtail.admin.ui.components import Component

from . import selectors


class ProposalsPanel(Component):
    name = "fiches_proposals"
    template_name = "fiches/admin/proposals_panel.html"
    order = 140

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["proposals"] = list(selectors.awaiting_proposals())
        return context
