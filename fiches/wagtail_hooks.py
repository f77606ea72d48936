"""Admin hooks: registers the snippet viewsets (``fiches.editorial.snippets``), the import view,
the « À documenter » view of the DECP candidates and its log action,
the moderated « update translations » view (``fiches.editorial.translations``), the review
queue and the proposals panel, the content checker and the language rule of public pages."""

from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.snippets.models import register_snippet

from fiches import selectors
from fiches.editorial import dashboard, guide, moderation, panels, snippets, start, translations
from fiches.editorial.groups import is_moderator
from fiches.opendata import admin_views, candidates_views
from fiches.opendata.decp_import.services import LOG_ACTION as DECP_LOG_ACTION
from fiches.proposals import dashboard as proposals_dashboard
from fiches.rendering.links import VisiblePageLinkHandler

register_snippet(snippets.ActorViewSetGroup)
register_snippet(snippets.ThemeViewSet)
register_snippet(snippets.CPVCodeViewSet)

hooks.register("register_admin_urls", admin_views.admin_urls)
# Before wagtail-localize's own URL patterns, whose update view it replaces.
hooks.register("register_admin_urls", translations.admin_urls, order=-1)
hooks.register("register_admin_menu_item", admin_views.import_menu_item)
hooks.register("register_admin_urls", candidates_views.admin_urls)
hooks.register("register_admin_menu_item", candidates_views.candidates_menu_item)

hooks.register("register_admin_urls", guide.admin_urls)
hooks.register("register_admin_menu_item", guide.guide_menu_item)

hooks.register("construct_homepage_panels", start.add_start_panel)
hooks.register("construct_homepage_panels", dashboard.add_review_queue_panel)


@hooks.register("construct_homepage_panels")
def add_proposals_panel(request, panels):
    # Moderators see the cases proposed through the public form (fiches.proposals).
    if is_moderator(request.user):
        panels.append(proposals_dashboard.ProposalsPanel())


# No phantom draft after an approval, and a message that says the page is published.
hooks.register("before_edit_page", moderation.refuse_autosave_of_workflow_action)
hooks.register("before_edit_snippet", moderation.refuse_autosave_of_workflow_action)
hooks.register("after_edit_page", moderation.say_approved)


hooks.register("construct_wagtail_userbar", panels.use_fiche_content_checker)


@hooks.register("register_log_actions")
def decp_log_action(actions):
    # A fiche started from a DECP record says so in its history (fiches.opendata.decp_import).
    actions.register_action(
        DECP_LOG_ACTION,
        _("Préparée depuis les DECP"),
        _("Fiche préparée à partir d'un contrat des données DECP"),
    )


@hooks.register("insert_global_admin_css")
def admin_css():
    # The tab bar of the fiche form with a side panel open, the contributor guide.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_rich_text_features", order=1000)
def link_to_visible_pages_only(features):
    # After Wagtail's own registration of page links, which this one replaces.
    features.register_link_type(VisiblePageLinkHandler)


@hooks.register("before_serve_document")
def serve_public_documents_only(document, request):
    # A document is downloaded by visitors only while publicly visible content uses it
    # (fiches.selectors.visibility); editors (admin access) download every document.
    if request.user.has_perm("wagtailadmin.access_admin"):
        return None
    if not selectors.public_media(get_document_model()).filter(pk=document.pk).exists():
        raise Http404
    return None


@hooks.register("before_serve_page")
def serve_pages_in_their_own_language(page, request, serve_args, serve_kwargs):
    # An expired page is no longer public, even before publish_scheduled unpublishes it.
    if selectors.is_expired(page.expire_at):
        raise Http404
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
