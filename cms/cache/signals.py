"""What makes cached pages stale: a page published, unpublished, moved or deleted, made private
or public again, and any change to the snippets pages show (actors, themes) or to the site's
settings. Connected in
PageCacheConfig.ready(), so that commands (publish_scheduled, imports) invalidate too."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.cache.keys import invalidate_now_and_on_commit

# Models whose rows appear on public pages besides the pages themselves: actor and theme
# snippets, images and documents (alt text, credit, title) and the sites.
SHOWN_ON_PAGES = [
    ("fiches", "Buyer"),
    ("fiches", "ESSStructure"),
    ("fiches", "Operator"),
    ("fiches", "Theme"),
    ("wagtailcore", "Site"),
    # Not shown, but decides who may see a page: a page made private must leave the cache at once.
    ("wagtailcore", "PageViewRestriction"),
]


def on_change(**kwargs):
    invalidate_now_and_on_commit()


def connect_content_signals(handler, uid, *, documents=True):
    """Calls ``handler(**kwargs)`` whenever content shown on public pages changes: a page
    published, unpublished, moved, or deleted while live (Wagtail then sends no
    page_unpublished), a row of ``SHOWN_ON_PAGES``, an image or (unless ``documents`` is false)
    a document saved or deleted. ``uid`` prefixes the receivers' dispatch uids."""

    def on_page_deleted(sender, instance, **kwargs):
        if isinstance(instance, Page) and instance.live:
            handler()

    page_published.connect(handler, dispatch_uid=f"{uid}_published")
    page_unpublished.connect(handler, dispatch_uid=f"{uid}_unpublished")
    post_page_move.connect(handler, dispatch_uid=f"{uid}_moved")
    post_delete.connect(
        on_page_deleted, sender=Page, weak=False, dispatch_uid=f"{uid}_page_deleted"
    )
    models = [apps.get_model(app_label, name) for app_label, name in SHOWN_ON_PAGES]
    models.append(get_image_model())
    if documents:
        models.append(get_document_model())
    for model in models:
        model_uid = f"{uid}_{model._meta.label_lower}"
        post_save.connect(handler, sender=model, dispatch_uid=f"{model_uid}_save")
        post_delete.connect(handler, sender=model, dispatch_uid=f"{model_uid}_delete")


def connect():
    connect_content_signals(on_change, "pagecache")
