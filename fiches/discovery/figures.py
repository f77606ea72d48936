"""The writes of the stored figures (``fiches.models.figures``, read by
``fiches.selectors.figures.stored``): what makes them unusable, and their refresh.

Every change to published content (``cms.cache.signals.connect_content_signals``: the events
that bump the fragment caches' content version) bumps the figures' generation in the writer's
transaction — its own later reads, and every read once it commits, miss — and again once it
commits, when the rows of older generations are deleted and a refresh is enqueued
(``fiches.discovery.tasks.refresh_figures``: the worker precomputes the figures every visitor
asks for first). A read that computed a figure from the old content stores it under the
generation it read before computing, which is no longer current: it is never read (and the
store itself is refused once the bump is committed)."""

import logging

from django.db import DatabaseError
from django.db.models import Subquery
from wagtail.models import Locale

from cms.cache.signals import connect_content_signals
from cms.tasks import enqueue_once
from cms.transactions import on_commit_once
from fiches.models import FigureGeneration, Region, StoredFigure
from fiches.models.figures import GENERATION_PK

logger = logging.getLogger(__name__)

#: The functions that compute the figures a refresh precomputes (``register``).
REFRESHERS = []


def register(refresher):
    """Adds ``refresher`` (no argument; it reads figures through ``stored``) to what a refresh
    precomputes: the home page registers its own (fiches never imports home)."""
    if refresher not in REFRESHERS:
        REFRESHERS.append(refresher)
    return refresher


def invalidate(**kwargs):
    """Makes every stored figure unusable now, in the current transaction, and again once it
    commits (``_after_commit``)."""
    FigureGeneration.objects.bump()
    on_commit_once(_after_commit)


def _after_commit(_values=()):
    try:
        FigureGeneration.objects.bump()
        current = FigureGeneration.objects.filter(pk=GENERATION_PK).values("value")
        StoredFigure.objects.exclude(generation=Subquery(current)).delete()
    except DatabaseError:
        # The bump made in the transaction already stands: the figures are unusable.
        logger.exception("stored figures: second invalidation failed")
        return
    schedule_refresh()


def schedule_refresh():
    """Enqueues ``refresh_figures`` for a worker, unless one is already waiting in the queue
    table (it will read the content as it is when it runs). With the immediate backend
    (development, tests) nothing is enqueued: the refresh (seconds at 10,000 fiches) would run
    inside the request that changed the content, and the next view computes and stores each
    figure it reads anyway."""
    from fiches.discovery.tasks import refresh_figures

    enqueue_once(refresh_figures)


def refresh():
    """Computes and stores every registered figure that is not stored (``register``)."""
    for refresher in REFRESHERS:
        refresher()


def refresh_discovery():
    """The figures of discovery every language asks for first: the map's counts, the directory
    without filters and each region's page (``register``ed by ``connect``)."""
    from fiches.discovery import directory
    from fiches.discovery import selectors as discovery

    regions = list(Region.objects.all())
    for locale in Locale.objects.all():
        discovery.region_counts(locale=locale)
        directory.directory_rows(locale=locale)
        for region in regions:
            discovery.region_figures(region=region, locale=locale)


def connect():
    connect_content_signals(invalidate, "figures")
    register(refresh_discovery)
