"""The fiche-level reads that pages, views, feeds and the API share: querysets prefetched once,
so that templates never query and query counts stay constant whatever the number of items.

- ``core``: fiches, cards, the fiche and actor pages, public actors, translations, feeds;
- ``criteria``: ``filter_fiches``, the catalogue criteria as querysets;
- ``api``: the API's listings and the media they prefetch, public media;
- ``rows``: a fiche's small tables and stakeholder links for many fiches in one query;
- ``cards``: the themes and image renditions of a listing's cards in one query;
- ``visibility``: the one rule of what is publicly visible, applied by every public door;
- ``figures``: ``stored``, the figures over the whole catalogue stored when content is
  published (counts, rankings), computed live on a miss;
- ``origin``: where a fiche came from (its proposal, its DECP record), for its edit page only.

The feature packages have their own selectors (``fiches.catalogue.selectors``,
``fiches.discovery.selectors``, ``fiches.opendata.selectors``)."""

from .api import (
    api_fiches,
    prefetch_api_fiches,
    prefetch_api_media,
    prefetch_body_media,
    public_media,
)
from .cards import prefetch_cards
from .core import (
    CARD_RENDITION_SPECS,
    FEED_LENGTH,
    FICHE_PAGE_RELATED,
    LINKS,
    actor_page,
    actors_awaiting_review,
    card_renditions,
    card_themes,
    child_fiche,
    content_locale,
    fiche_catalogues,
    fiche_page,
    fiches_awaiting_review,
    indexable_fiches,
    lazy,
    link_prefetches,
    load_fiche_page,
    page_translations,
    paginate,
    public_actor,
    public_actor_filter,
    public_actors,
    published_fiches,
    untranslated_original,
    visible_fiches,
)
from .criteria import (
    LEVER_FIELDS,
    STAKEHOLDER_LINKS,
    conditions,
    filter_fiches,
    legal_article_q,
)
from .figures import stored
from .visibility import is_expired, is_visible, published_q, visible_pages, visible_q

__all__ = [
    "CARD_RENDITION_SPECS",
    "FEED_LENGTH",
    "FICHE_PAGE_RELATED",
    "LEVER_FIELDS",
    "LINKS",
    "STAKEHOLDER_LINKS",
    "actor_page",
    "actors_awaiting_review",
    "api_fiches",
    "card_renditions",
    "card_themes",
    "child_fiche",
    "content_locale",
    "fiche_catalogues",
    "fiche_page",
    "fiches_awaiting_review",
    "conditions",
    "filter_fiches",
    "indexable_fiches",
    "lazy",
    "legal_article_q",
    "link_prefetches",
    "load_fiche_page",
    "page_translations",
    "paginate",
    "prefetch_api_fiches",
    "prefetch_api_media",
    "prefetch_body_media",
    "prefetch_cards",
    "is_expired",
    "is_visible",
    "public_actor",
    "public_actor_filter",
    "public_actors",
    "public_media",
    "published_fiches",
    "published_q",
    "stored",
    "untranslated_original",
    "visible_fiches",
    "visible_pages",
    "visible_q",
]
