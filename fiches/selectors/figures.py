"""Figures stored when content is published (``fiches.models.figures``): ``stored`` reads one,
or computes it with the live selectors and stores it on a miss.

What is stored is what the live selectors compute (``published_fiches`` and the other rules of
``fiches.selectors.visibility``): there is no second copy of the rule, and a miss — nothing
stored, the content changed since, a page expired or went live since, the table unreachable —
computes the figure live as if nothing were stored. Whoever lists actors or themes from a
payload loads them again through the visibility rule (``public_actor_filter``), so that a stale
row can never show what is no longer public. The writes that make rows unusable are in
``fiches.discovery.figures``."""

import logging

from django.db import DatabaseError, connection
from django.db.models import JSONField, Min, OuterRef, Q, Subquery
from django.utils import timezone
from wagtail.models import Page

from fiches.models import FigureGeneration, StoredFigure
from fiches.models.figures import GENERATION_PK

logger = logging.getLogger(__name__)


def stored(name, key, compute, *, along=None):
    """The payload (JSON: ids, codes and numbers) stored under ``name`` and ``key`` (a list of
    plain values: a locale id, a region code…), or ``compute()``'s, stored for the next reads
    when the content has not changed meanwhile. One query when stored, two more on a miss (the
    next expiry or go-live of a page, and the store).

    ``along``, a queryset of the rows the payload is shown with (the regions of a map), is read
    in the same query: ``(payload, rows)`` is returned."""
    key = ":".join(str(part) for part in key)
    now = timezone.now()
    rows = None
    try:
        if along is not None:
            found, rows = _read_along(along, name, key, now)
        else:
            found = _read(name, key, now)
    except DatabaseError:
        if connection.in_atomic_block:
            raise  # the transaction is broken: computing would fail too
        logger.warning("stored figure %s %s unreadable: computed live", name, key, exc_info=True)
        found, rows = None, (None if along is None else list(along))
    payload = _payload(found, name, key, now, compute)
    return payload if along is None else (payload, rows)


def _payload(found, name, key, now, compute):
    if found is None:
        return compute()
    generation, payload = found
    if generation is None:
        # No generation yet (a database flushed): created, and the figure computed live.
        FigureGeneration.objects.bulk_create(
            [FigureGeneration(pk=GENERATION_PK)], ignore_conflicts=True
        )
        return compute()
    if payload is not None:
        return payload
    # Read before computing: a page that expires or goes live while the figure is computed
    # makes it unusable at once.
    valid_until = next_change(now)
    payload = compute()
    try:
        StoredFigure.objects.record(
            name=name, key=key, payload=payload, generation=generation, valid_until=valid_until
        )
    except DatabaseError:
        if connection.in_atomic_block:
            raise
        logger.warning("stored figure %s %s not stored", name, key, exc_info=True)
    return payload


def _usable(name, key, now, generation):
    return StoredFigure.objects.filter(name=name, key=key, generation=generation).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=now)
    )


def _read(name, key, now):
    """``(current generation or None, payload or None)``."""
    usable = _usable(name, key, now, OuterRef("value"))
    found = (
        FigureGeneration.objects.filter(pk=GENERATION_PK)
        .annotate(payload=Subquery(usable.values("payload")[:1], output_field=JSONField()))
        .values_list("value", "payload")
        .first()
    )
    return found or (None, None)


def _read_along(along, name, key, now):
    """``_read``'s answer and the rows of ``along``, in one query (or two without rows)."""
    current = FigureGeneration.objects.filter(pk=GENERATION_PK).values("value")
    usable = _usable(name, key, now, Subquery(current))
    rows = list(
        along.annotate(
            figure_generation=Subquery(current),
            figure_payload=Subquery(usable.values("payload")[:1], output_field=JSONField()),
        )
    )
    if not rows:
        return _read(name, key, now), rows
    return (rows[0].figure_generation, rows[0].figure_payload), rows


def next_change(now):
    """The first time after ``now`` at which a page expires or goes live without a signal
    (``publish_scheduled`` sends one, later): what a figure counted may change then. ``None``
    when no page is scheduled."""
    found = Page.objects.aggregate(
        expiry=Min("expire_at", filter=Q(expire_at__gt=now)),
        go_live=Min("go_live_at", filter=Q(go_live_at__gt=now)),
    )
    return min((value for value in found.values() if value is not None), default=None)
