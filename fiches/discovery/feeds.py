"""RSS 2.0 and Atom 1.0 feeds of the active language: the published fiches (all of them, per
region, per theme), and their URLs; the news feed is in ``home.feeds``.

Every feed has two addresses under ``/<language>/flux/``: ``<feed>/rss/`` and ``<feed>/atom/``
(``fiches/``, ``regions/<slug>/``, ``themes/<slug>/``). An item's description is the chapô, its
date the first publication, its categories the fiche's themes. A language
without content (no locale yet) has no feeds: 404, rather than French items under ``/en/``.
"""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fiches import selectors
from fiches.discovery import context
from fiches.discovery import selectors as discovery
from fiches.models import Region, Theme


def content_locale():
    """The locale of the active language; a 404 when the site has no content in it yet."""
    locale = selectors.content_locale()
    if locale is None:
        raise Http404(gettext("Aucun contenu n'est encore publié dans cette langue."))
    return locale


class PageFeed(Feed):
    """A feed of pages: their title, URL and publication dates (fiches here, news in home)."""

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class FicheFeed(PageFeed):
    """The latest published fiches."""

    title = _("Fiches REX — les dernières fiches publiées")
    description = _(
        "Les derniers retours d'expérience de marchés publics remportés par des structures de "
        "l'économie sociale et solidaire."
    )

    def get_object(self, request):
        return content_locale()

    def subtitle(self, obj):
        # Atom's name for the description (RSS ignores it).
        return self._get_dynamic_attr("description", obj)

    def link(self, obj):
        return self.catalogue_link(obj) or "/"

    def catalogue_link(self, locale):
        return context.catalogue_url(locale=locale)

    def items(self, locale):
        return discovery.feed_fiches(locale=locale)

    def item_description(self, item):
        # Feed readers read descriptions as HTML.
        return escape(item.chapo)

    def item_categories(self, item):
        return [theme.name for theme in item.card_themes]  # selectors.published_fiches

    def item_author_name(self, item):
        return item.public_author.name if item.public_author else None


class RegionFeed(FicheFeed):
    """The latest published fiches of one region."""

    def get_object(self, request, slug):
        content_locale()
        return get_object_or_404(Region, slug=slug)

    def title(self, region):
        return gettext("Fiches REX — %(region)s") % {"region": region.label}

    def description(self, region):
        return gettext("Les derniers retours d'expérience publiés en %(region)s.") % {
            "region": region.label
        }

    def catalogue_link(self, region):
        url = context.catalogue_url()
        return f"{url}?{urlencode({'region': region.code})}" if url else ""

    def items(self, region):
        return discovery.feed_fiches(region=region.code)


class ThemeFeed(FicheFeed):
    """The latest published fiches of one theme (a theme of the active language)."""

    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug, locale=content_locale())

    def title(self, theme):
        return gettext("Fiches REX — thématique « %(theme)s »") % {"theme": theme.name}

    def description(self, theme):
        return gettext("Les derniers retours d'expérience publiés sur « %(theme)s ».") % {
            "theme": theme.name
        }

    def catalogue_link(self, theme):
        url = context.catalogue_url()
        return f"{url}?{urlencode({'theme': theme.slug})}" if url else ""

    def items(self, theme):
        return discovery.feed_fiches(theme=theme.slug)


def atom(feed_class):
    """The Atom 1.0 twin of an RSS feed."""
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": Atom1Feed})


def feed_urls(route, feed_class, name):
    """``<route>rss/`` and ``<route>atom/``, named ``<name>_rss`` and ``<name>_atom``."""
    return [
        path(f"{route}rss/", feed_class(), name=f"{name}_rss"),
        path(f"{route}atom/", atom(feed_class)(), name=f"{name}_atom"),
    ]


urlpatterns = [
    *feed_urls("fiches/", FicheFeed, "feed_fiches"),
    *feed_urls("regions/<slug:slug>/", RegionFeed, "feed_region"),
    *feed_urls("themes/<slug:slug>/", ThemeFeed, "feed_theme"),
]
