"""The RSS 2.0 and Atom 1.0 feeds of the news and events of the active language, under
``/<language>/flux/actualites/`` (next to the fiche feeds of ``fiches.discovery.feeds``)."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from fiches.discovery.feeds import PageFeed, content_locale, feed_urls
from home import selectors


class NewsFeed(PageFeed):
    """The latest articles and events, the most recently published first."""

    title = _("Fiches REX — actualités et événements")
    description = _(
        "Les actualités et les événements de l'achat public socialement et écologiquement "
        "responsable et de l'économie sociale et solidaire."
    )
    # The dates and place of an event, then the chapô.
    description_template = "home/feeds/news_item.html"

    def get_object(self, request):
        return content_locale()

    def subtitle(self, locale):
        return self.description

    def link(self, locale):
        index = selectors.news_index(locale=locale)
        return (index.get_url() if index else None) or "/"

    def items(self, locale):
        return selectors.feed_news(locale=locale)

    def item_categories(self, item):
        return [str(capfirst(item._meta.verbose_name))]


urlpatterns = feed_urls("actualites/", NewsFeed, "feed_news")
