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


def on_page_deleted(sender, instance, **kwargs):
    # Deleting a live page unpublishes it without sending page_unpublished.
    if isinstance(instance, Page) and instance.live:
        invalidate_now_and_on_commit()


def connect():
    page_published.connect(on_change, dispatch_uid="pagecache_published")
    page_unpublished.connect(on_change, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(on_change, dispatch_uid="pagecache_moved")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="pagecache_page_deleted")
    models = [apps.get_model(app_label, name) for app_label, name in SHOWN_ON_PAGES]
    for model in [*models, get_image_model(), get_document_model()]:
        uid = f"pagecache_{model._meta.label_lower}"
        post_save.connect(on_change, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(on_change, sender=model, dispatch_uid=f"{uid}_delete")
