"""Internal links in rich text: a link to a page that is not publicly visible (a draft, a
private or unpublished page: ``fiches.selectors.visibility``) renders as its text alone, an
``<a>`` without ``href``, so that a published page never reveals the address of a hidden one.
Registered for every rich text by ``fiches.wagtail_hooks``."""

from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from fiches.selectors import visible_q


class VisiblePageLinkHandler(PageLinkHandler):
    """Wagtail's page links, to publicly visible pages only; in the same single query."""

    @classmethod
    def get_many(cls, attrs_list):
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = Page.objects.filter(visible_q(), id__in=[i for i in ids if str(i).isdigit()])
        by_id = {str(page.id): page for page in pages.defer_streamfields().specific()}
        return [by_id.get(str(id_)) for id_ in ids]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            f'<a href="{escape(page.localized.url)}">' if page else "<a>"
            for page in cls.get_many(attrs_list)
        ]
