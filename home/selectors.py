"""The reads of the news section (home.NewsIndexPage, ArticlePage, EventPage), of what the home
page shows (with its entry points by theme and by lever) and of the news feed: querysets
prefetched once, as in ``fiches.selectors`` (whose fiche-level reads they build on)."""

from django.db.models import Case, F, Q, Value, When, prefetch_related_objects
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from cms.compiled import compiled
from fiches.models import FicheIndexPage, FichePage
from fiches.selectors import (
    FEED_LENGTH,
    card_renditions,
    paginate,
    prefetch_body_media,
    prefetch_cards,
    published_fiches,
    visible_pages,
)
from home.figures import home_figures
from home.models import ArticlePage, EventPage, NewsIndexPage

#: The values of the news page filter (``?type=``) and the page type each one keeps.
NEWS_KINDS = {"actualites": ArticlePage, "evenements": EventPage}
#: How many events and articles the home page shows.
HOME_NEWS_COUNT = 3
#: How many featured fiches the home page shows.
HOME_FEATURED_COUNT = 3


def _live(queryset, *, locale=None):
    """Publicly visible pages (``fiches.selectors.visible_pages``: live, public, not aliases,
    not expired) of ``locale`` (the active one by default)."""
    return visible_pages(queryset).filter(locale=locale or Locale.get_active())


def news_index(*, locale=None):
    """The live news page of ``locale`` (the active one by default), or ``None``."""
    return _live(NewsIndexPage.objects, locale=locale).first()


def upcoming_events(*, locale=None, now=None):
    """Events of ``locale`` that are not over at ``now`` (the current time by default), the
    soonest first."""
    return (
        _live(EventPage.objects, locale=locale)
        .filter(end__gte=now or timezone.now())
        .order_by("start", "pk")
        .defer_streamfields()
    )


def latest_articles(*, locale=None):
    """Articles of ``locale``, the most recent first, with their image and its renditions."""
    return (
        _live(ArticlePage.objects, locale=locale)
        .select_related("image")
        .prefetch_related(card_renditions("image__renditions"))
        .order_by("-date", "-first_published_at", "-pk")
        .defer_streamfields()
    )


def news_entries(*, index_page, kind="", now=None):
    """The articles and events below ``index_page`` in the order of the news page: events not
    over at ``now`` first (the soonest first), then the articles and past events, the most
    recent first (an article by its date, an event by its start). ``kind`` (a key of
    ``NEWS_KINDS``) keeps only articles or only events. Specific pages, bodies deferred."""
    upcoming = Q(eventpage__end__gte=now or timezone.now())
    entries = visible_pages(Page.objects.child_of(index_page))
    if kind:
        entries = entries.type(NEWS_KINDS[kind])
    return (
        entries.annotate(
            later=Case(When(upcoming, then=Value(0)), default=Value(1)),
            upcoming_start=Case(When(upcoming, then=F("eventpage__start"))),
            news_date=Coalesce("articlepage__date", TruncDate("eventpage__start")),
        )
        .order_by(
            "later",
            F("upcoming_start").asc(nulls_last=True),
            "-news_date",
            "-first_published_at",
            "-pk",
        )
        .specific()
        .defer_streamfields()
    )


def _prefetch_article_images(entries):
    articles = [entry for entry in entries if isinstance(entry, ArticlePage) and entry.image_id]
    prefetch_related_objects(articles, card_renditions("image__renditions"))


def news_index_page(*, index_page, params):
    """The context of the news page: one page of articles and events (see ``news_entries``),
    filtered by ``?type=actualites`` or ``?type=evenements``; an unknown filter shows
    everything with a message saying so."""
    kind = params.get("type", "")
    filter_message = ""
    if kind not in ("", *NEWS_KINDS):
        filter_message = _(
            "Le filtre « %(value)s » n'existe pas : toutes les actualités et tous les "
            "événements sont affichés."
        ) % {"value": kind[:40]}
        kind = ""
    page = paginate(
        news_entries(index_page=index_page, kind=kind), params.get("page"), index_page.per_page
    )
    page.object_list = list(page.object_list)
    _prefetch_article_images(page.object_list)
    return {
        "entries": page,
        "paginator": page.paginator,
        "kind": kind,
        "kinds": [
            {"value": "", "label": _("Tout")},
            {"value": "actualites", "label": _("Actualités")},
            {"value": "evenements", "label": _("Événements")},
        ],
        "filter_message": filter_message,
    }


def article_related_fiches(*, article, cards=True):
    """The publicly visible fiches an article links to, in its language (the translation of
    each chosen fiche), in the editor's order; drafts, private, unpublished and untranslated
    fiches are left out. With what a card shows unless ``cards`` is false (the API)."""
    return articles_related_fiches([article], cards=cards)[article.pk]


def articles_related_fiches(articles, *, cards=True):
    """``{article pk: its related fiches}`` (``article_related_fiches``) for several articles
    in a constant number of queries (one per language of the articles), their links read by
    ``related_fiche_links.all()`` (prefetched by the caller, or in memory in a preview)."""
    chosen = {
        article.pk: list(dict.fromkeys(link.fiche_id for link in article.related_fiche_links.all()))
        for article in articles
    }
    wanted = {pk for pks in chosen.values() for pk in pks}
    if not wanted:
        return {article.pk: [] for article in articles}
    keys = dict(FichePage.objects.filter(pk__in=wanted).values_list("pk", "translation_key"))
    by_locale = {}
    for article in articles:
        by_locale.setdefault(article.locale_id, set()).update(
            keys[pk] for pk in chosen[article.pk] if pk in keys
        )
    found = {}
    for locale_id, translation_keys in by_locale.items():
        fiches = published_fiches(locale=locale_id).filter(translation_key__in=translation_keys)
        if not cards:
            fiches = fiches.select_related(None).prefetch_related(None).defer_streamfields()
        found.update(((locale_id, fiche.translation_key), fiche) for fiche in fiches)
    return {
        article.pk: [
            found[article.locale_id, keys[pk]]
            for pk in chosen[article.pk]
            if (article.locale_id, keys.get(pk)) in found
        ]
        for article in articles
    }


def prefetch_api_articles(articles):
    """What the API serializes of a page of articles, read once for all of them: their
    related fiches (kept on each article for ``ArticlePage``'s ``related_fiches`` field)."""
    prefetch_related_objects(articles, "related_fiche_links")
    related = articles_related_fiches(articles, cards=False)
    for article in articles:
        article.api_related_fiches = related[article.pk]


def news_entry_page(*, entry):
    """What an article or event page shows besides its own fields: the news page (for the
    breadcrumb), the renditions of its images and, for an article, its related fiches."""
    prefetch_body_media([entry])
    context = {"news_index": entry.get_parent()}
    if isinstance(entry, ArticlePage):
        if entry.image_id:
            prefetch_related_objects([entry], "image__renditions")
        context["related_fiches"] = article_related_fiches(article=entry)
    return context


def _sections(home):
    """The live catalogue and news page below ``home`` (the first of each in the tree, or
    ``None``), in one query: specific pages whose own fields are deferred (the home page shows
    only their links)."""
    found = {}
    children = visible_pages(Page.objects.child_of(home).type(FicheIndexPage, NewsIndexPage))
    for page in children.order_by("path").specific(defer=True):
        kind = FicheIndexPage if isinstance(page, FicheIndexPage) else NewsIndexPage
        found.setdefault(kind, page)
    return found.get(FicheIndexPage), found.get(NewsIndexPage)


def _latest_and_featured(*, locale, latest_count):
    """The ``latest_count`` latest published fiches of ``locale`` and the
    ``HOME_FEATURED_COUNT`` first featured ones, in one query compiled once (``cms.compiled``),
    without the cards' prefetches (``prefetch_cards``): the rows of either, newest first. The
    latest are the first rows; a featured fiche that is not among them is older than all of
    them, so the first featured rows are the first featured fiches."""
    rows = list(
        compiled(
            "home_latest_and_featured",
            _latest_and_featured_rows,
            FichePage,
            shape={"latest_count": latest_count},
            locale=locale,
            now=timezone.now(),
        )
    )
    return rows[:latest_count], [fiche for fiche in rows if fiche.is_featured][:HOME_FEATURED_COUNT]


def _latest_and_featured_rows(*, latest_count, locale, now):
    fiches = published_fiches(locale=locale, now=now).prefetch_related(None)
    featured = fiches.filter(is_featured=True)
    return fiches.filter(
        Q(pk__in=fiches.values("pk")[:latest_count])
        | Q(pk__in=featured.values("pk")[:HOME_FEATURED_COUNT])
    )


def home_page(*, home, latest_count, request=None):
    """Everything the home page shows, in a fixed number of queries: the latest fiches and the
    featured ones (moderators choose them: ``fiches.feature_fichepage``), the key figures, the
    map, the entry points by theme and by lever, the next events and the latest news (the
    themes and images of every card in one query, ``fiches.selectors.prefetch_cards``). The
    figures, map and entry points count every published fiche: they are stored when content is
    published (``home.figures``) and kept in the fragment cache (``cms.cache``) with their labels
    and links until the content changes."""
    from cms.cache import fragments

    # The id, not ``home.locale``: reading the locale would cost a query.
    locale = home.locale_id
    catalogue, news = _sections(home)
    latest, featured = _latest_and_featured(locale=locale, latest_count=latest_count)
    articles = list(latest_articles(locale=locale).prefetch_related(None)[:HOME_NEWS_COUNT])
    # The cards' themes and images, the fiches' and the news', in one query.
    prefetch_cards(latest + featured, images=[article.image for article in articles])
    url = catalogue.get_url(request) if catalogue else ""
    figures = fragments.get_or_set(
        "home-figures",
        [locale, catalogue.pk if catalogue else "", url],
        lambda: home_figures(locale=locale, catalogue_url=url, with_catalogue=bool(catalogue)),
        request=request,
    )
    return {
        "catalogue": catalogue,
        "catalogue_url": url,
        "latest_fiches": latest,
        "featured_fiches": featured,
        **figures,
        "news_index": news,
        "upcoming_events": list(upcoming_events(locale=locale)[:HOME_NEWS_COUNT]),
        "latest_articles": articles,
    }


def feed_news(*, locale=None):
    """The ``FEED_LENGTH`` articles and events of ``locale`` (the active one by default) most
    recently published."""
    return (
        _live(Page.objects, locale=locale)
        .type(ArticlePage, EventPage)
        .order_by("-first_published_at", "-pk")
        .specific()
        .defer_streamfields()[:FEED_LENGTH]
    )
