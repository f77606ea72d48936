"""The page types of the home app: the home page, content pages and the news section."""

from .news import ArticlePage, ArticleRelatedFiche, EventPage, NewsIndexPage
from .pages import ContentPage, HomePage

__all__ = [
    "ArticlePage",
    "ArticleRelatedFiche",
    "ContentPage",
    "EventPage",
    "HomePage",
    "NewsIndexPage",
]
