"""What is publicly visible: the one rule every public door applies (pages, catalogue, API,
exports, feeds, sitemaps, search, widget, related lists, actors, media downloads, links).

A page is publicly visible when it is

- live (published, and not unpublished since);
- public: no view restriction (password, login, groups) on it or on one of its ancestors;
- not an alias: wagtail-localize's untranslated copies of a page of another language (and
  Wagtail's aliases) show the content of another page, which is listed under its own URL;
- not expired: its ``expire_at`` is not past (``publish_scheduled`` unpublishes it later).

A scheduled page (``go_live_at`` in the future) is not live until it is published, and a draft
revision of a live page is never read: the public doors read the page's rows, which hold the
published revision. Actors are public while they appear in a publicly visible fiche
(``fiches.selectors.core.public_actor_filter``), media while publicly visible content uses them
(``fiches.selectors.api.public_media``).

The API lets a request see the restricted pages it passes (a password entered, a login) as the
HTML pages do: it applies ``visible_q`` and checks the restrictions per request.
"""

import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction


def published_q(now=None):
    """The condition on pages of being live, not an alias and not expired at ``now`` (the
    current time by default): ``visible_q`` without the view restrictions, which the API
    checks per request."""
    not_expired = Q(expire_at__isnull=True) | Q(expire_at__gt=now or timezone.now())
    return Q(live=True, alias_of__isnull=True) & not_expired


def is_expired(expire_at, now=None):
    """Whether a page whose ``expire_at`` is this has expired at ``now`` (the current time by
    default): the expiry of ``published_q``, for a page already read. A naive value (SQLite,
    read by plain SQL) is in UTC."""
    if expire_at is None:
        return False
    if timezone.is_naive(expire_at):
        expire_at = timezone.make_aware(expire_at, datetime.UTC)
    return expire_at <= (now or timezone.now())


def restricted_q():
    """The condition on pages of having a view restriction on themselves or an ancestor, as a
    subquery (Wagtail's ``public()`` reads the restrictions in a query of its own)."""
    return Q(
        Exists(PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path"))))
    )


def visible_q(now=None):
    """The condition on pages of being publicly visible (the rule above)."""
    return published_q(now) & ~restricted_q()


def visible_pages(queryset=None, *, now=None):
    """``queryset`` (every page by default) narrowed to its publicly visible pages at ``now``
    (the current time by default), with no query of its own."""
    queryset = Page.objects.all() if queryset is None else queryset
    return queryset.filter(visible_q(now))


def is_visible(page):
    """Whether ``page`` (a saved instance) is publicly visible, as its row says; one query."""
    return visible_pages(Page.objects.filter(pk=page.pk)).exists()
