"""Keeps the search index of the fiches current where Wagtail's own signal is not enough.

Wagtail indexes a page on the ``post_save`` of its row, and the page's own rows (stakeholders,
additional CPV codes) are saved just after it: with the immediate task backend (development,
tests, small sites) the index would show the previous stakeholders until the next save. So a
fiche is indexed again once published, when all its rows are saved. The index also holds the
names of the fiche's actors (``FichePage.folded_text``): renaming an actor indexes its fiches
again, in bulk.
"""

from django.db.models import Q
from django.db.models.signals import post_save
from wagtail.search.backends import get_search_backends
from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published

from fiches import selectors
from fiches.models import ACTOR_KINDS, FichePage, Operator


def fiche_published(sender, instance, **kwargs):
    insert_or_update_object(instance)


def actor_saved(sender, instance, created=False, raw=False, **kwargs):
    if created or raw:
        return  # a new actor is in no fiche yet; fixtures are indexed by update_index
    shown_in = Q(pk__in=instance.fiche_links.values("fiche_id"))
    if sender is Operator:
        shown_in |= Q(author=instance)
    reindex_fiches(FichePage.objects.filter(shown_in))


def reindex_fiches(fiches):
    """Indexes ``fiches`` (a queryset) again, with what ``folded_text`` reads loaded in a fixed
    number of queries."""
    fiches = list(selectors.indexable_fiches(fiches))
    if fiches:
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(FichePage, fiches)


def connect():
    page_published.connect(fiche_published, sender=FichePage, dispatch_uid="fiches_index_published")
    for model in (kind.model for kind in ACTOR_KINDS):
        post_save.connect(
            actor_saved, sender=model, dispatch_uid=f"fiches_index_{model._meta.model_name}"
        )
