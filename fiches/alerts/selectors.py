"""The reads of the alerts: the subscriptions due for a digest, and the new fiches of one —
read through the catalogue's own parser and selectors (``fiches.catalogue.facets.parse``,
``fiches.catalogue.selectors``), so that a digest holds exactly what the catalogue returns for
the same search, among the fiches first published since the last digest."""

from datetime import timedelta

from django.http import QueryDict

from fiches.catalogue import facets, search
from fiches.catalogue import selectors as catalogue
from fiches.catalogue.reference import LiveReference
from fiches.models import AlertSubscription, FicheIndexPage, FichePage
from fiches.selectors import visible_pages

#: A weekly subscription is due when its last digest is at least this old (the cron job may
#: start a few hours early or late).
WEEKLY_GAP = timedelta(days=6)


def public_catalogue(page_id):
    """The publicly visible catalogue ``page_id`` (an int), or ``None``."""
    return visible_pages(FicheIndexPage.objects.filter(pk=page_id)).select_related("locale").first()


def search_of(params, catalogue_page):
    """The catalogue's reading of ``params`` (a QueryDict) for ``catalogue_page``: a
    ``facets.Query`` whose ``notices`` say what the catalogue would ignore, and the reference
    tables it checked the values against."""
    reference = LiveReference(locale=catalogue_page.locale)
    return facets.parse(params, reference), reference


def subscription_search(subscription):
    """The ``facets.Query`` and reference of a stored subscription (``query`` is canonical)."""
    return search_of(QueryDict(subscription.query), subscription.catalogue)


def due(frequency, now):
    """The confirmed subscriptions of ``frequency`` due for a digest at ``now``."""
    subscriptions = AlertSubscription.objects.filter(
        frequency=frequency, confirmed_at__isnull=False
    ).select_related("catalogue", "catalogue__locale")
    if frequency == AlertSubscription.Frequency.WEEKLY:
        subscriptions = subscriptions.filter(last_sent_at__lte=now - WEEKLY_GAP)
    return subscriptions.order_by("pk")


def new_fiches(subscription, *, until, query=None):
    """The publicly visible fiches of the subscription's catalogue that the catalogue returns
    for its search, first published after its last digest and at the latest at ``until``,
    newest first (the catalogue's default order)."""
    if query is None:
        query, _reference = subscription_search(subscription)
    fiches, _ranked = catalogue.searched(
        catalogue.catalogue_fiches(index_page=subscription.catalogue),
        query.words,
        rank=lambda words: search.ranked_pks(FichePage, words),
    )
    results = catalogue.results(fiches, query.criteria()).filter(
        first_published_at__gt=subscription.last_sent_at, first_published_at__lte=until
    )
    return list(catalogue.ordered(results, facets.DEFAULT_ORDER))
