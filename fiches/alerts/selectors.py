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


def search_of(params, catalogue_page, *, reference=None):
    """The catalogue's reading of ``params`` (a QueryDict) for ``catalogue_page``: a
    ``facets.Query`` whose ``notices`` say what the catalogue would ignore, and the reference
    tables it checked the values against (``reference``, of the catalogue's language, when
    given)."""
    reference = reference or LiveReference(locale=catalogue_page.locale)
    return facets.parse(params, reference), reference


def due(frequency, now):
    """The confirmed subscriptions of ``frequency`` due for a digest at ``now``."""
    subscriptions = AlertSubscription.objects.filter(
        frequency=frequency, confirmed_at__isnull=False
    ).select_related("catalogue", "catalogue__locale")
    if frequency == AlertSubscription.Frequency.WEEKLY:
        subscriptions = subscriptions.filter(last_sent_at__lte=now - WEEKLY_GAP)
    return subscriptions.order_by("pk")


def digests(subscriptions, *, until):
    """Each of ``subscriptions`` as ``(subscription, query, reference, new fiches)``: its stored
    search read again (``query`` is canonical) and its :func:`new_fiches`. The reference
    tables are read once per catalogue language, the fiches once per search: subscriptions to
    the same search of the same catalogue last sent at the same moment share them."""
    references, found = {}, {}
    for subscription in subscriptions:
        catalogue_page = subscription.catalogue
        if catalogue_page.locale_id not in references:
            references[catalogue_page.locale_id] = LiveReference(locale=catalogue_page.locale)
        query, reference = search_of(
            QueryDict(subscription.query),
            catalogue_page,
            reference=references[catalogue_page.locale_id],
        )
        key = (catalogue_page.pk, subscription.query, subscription.last_sent_at)
        if key not in found:
            found[key] = new_fiches(subscription, query, until=until)
        yield subscription, query, reference, found[key]


def new_fiches(subscription, query, *, until):
    """The publicly visible fiches of the subscription's catalogue that the catalogue returns
    for ``query`` (its search), first published after its last digest and at the latest at
    ``until``, newest first (the catalogue's default order)."""
    fiches, _ranked = catalogue.searched(
        catalogue.catalogue_fiches(index_page=subscription.catalogue),
        query.words,
        rank=lambda words: search.ranked_pks(FichePage, words),
    )
    results = catalogue.results(fiches, query.criteria()).filter(
        first_published_at__gt=subscription.last_sent_at, first_published_at__lte=until
    )
    return list(catalogue.ordered(results, facets.DEFAULT_ORDER))
