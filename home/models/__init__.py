"""The page types of the home app: the home page, content pages and the news section."""

from .news import ArticlePage, ArticleRelatedFiche, EventPage, NewsIndexPage
from .pages import ContentPage, HomePage
from .public import AccessibilityPage, SiteMapPage

__all__ = [
    "AccessibilityPage",
    "ArticlePage",
    "ArticleRelatedFiche",
    "ContentPage",
    "EventPage",
    "HomePage",
    "NewsIndexPage",
    "SiteMapPage",
]
