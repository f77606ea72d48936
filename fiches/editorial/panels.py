"""Admin panels for the editorial workflow: the completeness list on the fiche edit page, where
the fiche came from (a proposal, a DECP record), the DECP holders it does not link, and the
content checker of the preview (the review queue is in ``dashboard``, the roles in
``groups``)."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import InlinePanel, MultipleChooserPanel, Panel
from wagtail.admin.userbar import AccessibilityItem, ContentCheckerItem

from fiches.editorial.completeness import ROW_RELATIONS, fiche_gaps, fiche_unknowns
from fiches.editorial.groups import is_moderator
from fiches.editorial.guide import TAB_SECTIONS


class InfoPanel(Panel):
    """A read-only panel of the fiche form with its own French heading (``default_heading``)
    and name (``default_name``): it shows something about the fiche, stores nothing."""

    default_heading = ""
    default_name = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", self.default_heading)
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or self.default_name

    class BoundPanel(Panel.BoundPanel):
        """Shown when what it reads (``read``, once) is not empty."""

        def read(self):
            return True

        @cached_property
        def content(self):
            return self.read()

        def is_shown(self):
            return bool(self.content) and super().is_shown()


class CompletenessPanel(InfoPanel):
    """Lists what the fiche still lacks; advice only, it never blocks saving or submitting."""

    default_heading = _("Complétude de la fiche")
    default_name = "completeness"

    class BoundPanel(InfoPanel.BoundPanel):
        template_name = "fiches/admin/panels/completeness.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            rows = self.edited_rows()
            context["gaps"] = fiche_gaps(self.instance, rows=rows)
            context["unknowns"] = fiche_unknowns(self.instance, rows=rows)
            return context

        def edited_rows(self):
            """On a form sent back (a save that failed), the rows the form holds, not the
            saved ones: the list describes the fiche as it is being edited. The form's fields
            are already on ``self.instance`` (Django sets them while validating)."""
            form = self.form
            if form is None or not form.is_bound:
                return None
            rows = {}
            for relation in ROW_RELATIONS:
                formset = form.formsets.get(relation)
                if formset is None:
                    continue
                rows[relation] = [
                    child.instance
                    for child in formset.forms
                    if (child.instance.pk or child.has_changed())
                    and not getattr(child, "cleaned_data", {}).get("DELETE")
                ]
            return rows


class DecpHoldersPanel(InfoPanel):
    """On a fiche started from a DECP record (``fiches.opendata.decp_import``), the record's
    holders the fiche does not link: the import links a holder only when the directory knows
    it as an ESS structure or the contract is reserved, so the editor decides for the others
    (an ordinary company may hold a contract with a social clause). Shown in the admin only;
    nothing of it is stored in the fiche."""

    default_heading = _("Titulaires du contrat dans les DECP")
    default_name = "decp_holders"

    class BoundPanel(InfoPanel.BoundPanel):
        template_name = "fiches/admin/panels/decp_holders.html"

        def read(self):
            """The record's holders the fiche does not link."""
            from fiches.selectors import actors

            rows = self.instance.supplier_links.all()
            holders = actors.decp_holders(self.instance, [row.actor_id for row in rows])
            return [(siret, structure) for siret, structure, linked in holders if not linked]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["unknown"] = [siret for siret, structure in self.content if not structure]
            context["known"] = [
                (siret, structure) for siret, structure in self.content if structure
            ]
            return context


class OriginPanel(InfoPanel):
    """On a fiche that comes from a proposal of the public form (``fiches.proposals``) or from
    a DECP record, where it came from: the proposal as it was sent (who, the story, the files,
    the e-mails sent) and the record (its DECP id, holders, buyer, and a link to it in « À
    documenter »). A translation shows the origin of its original. Read-only; the proposer's
    contact is private: shown to moderators only, in the admin only."""

    default_heading = _("Origine de la fiche")
    default_name = "origin"

    class BoundPanel(InfoPanel.BoundPanel):
        template_name = "fiches/admin/panels/origin.html"

        def read(self):
            # Imported here: the models import this module (the fiche's edit handler).
            from fiches.selectors.origin import fiche_origin

            return fiche_origin(self.instance)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            origin = self.content
            context["origin"] = origin
            context["proposal"] = origin.proposal
            context["show_contact"] = origin.proposal is not None and is_moderator(
                self.request.user
            )
            candidate = origin.decp_candidate
            context["candidate"] = candidate
            if candidate is not None:
                context["candidate_url"] = "{}?{}#decp-candidate-{}".format(
                    reverse("fiches_decp_candidates"),
                    urlencode({"decp": candidate.decp_id}),
                    candidate.pk,
                )
            return context


class GuideLinkPanel(Panel):
    """The help line at the top of a tab of the fiche form: a link to the tab's section of the
    contributor guide (``fiches.editorial.guide.TAB_SECTIONS``)."""

    def __init__(self, section="", **kwargs):
        self.section = section
        super().__init__(**kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "section": self.section}

    @property
    def clean_name(self):
        return super().clean_name or f"guide_{self.section}"

    class BoundPanel(Panel.BoundPanel):
        template_name = "fiches/admin/panels/guide_link.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["url"] = f"{reverse('fiches_guide')}#{TAB_SECTIONS[self.panel.section]}"
            return context


class AddLabelMixin:
    """The « add » button of a row panel labelled in French that agrees with its noun
    (``add_label``, « Ajouter un acheteur ») instead of Wagtail's « Ajouter un(e) Acheteur »."""

    def __init__(self, *args, add_label="", **kwargs):
        self.add_label = add_label
        super().__init__(*args, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_label": self.add_label}


class RowsPanel(AddLabelMixin, InlinePanel):
    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "fiches/admin/panels/inline_panel.html"


class ChosenRowsPanel(AddLabelMixin, MultipleChooserPanel):
    class BoundPanel(MultipleChooserPanel.BoundPanel):
        template_name = "fiches/admin/panels/multiple_chooser_panel.html"


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
