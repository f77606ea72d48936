"""The fiches' API payload, in parts cached per published revision.

Most of a fiche's payload comes from rows other than its own (stakeholders with their logos,
themes, criteria, CPV codes, indicators, images and their renditions) and from its rich text and
body: a dozen queries and most of the serialization time. ``load`` computes those parts (the
fields of ``fields.FRAGMENT_FIELDS``, and the body and parent page for a detail) once per
published revision and keeps them in the fragment cache of ``cms.cache.fragments``, under keys
holding:

- the fiche, its live revision and publication date: a new publication makes a new key;
- the content version (``cms.cache.keys``), bumped by every publication, unpublication, move or
  deletion of a page and by any change to an actor, theme, image, document or site: what a fiche
  shows of other rows is never older than them;
- the language, the site and the API's base URL (the absolute URLs of actors and renditions).

On top of these parts, a fiche's **whole payload** — the detail, or its item in a listing — is
kept under the same keys plus its place in the tree (path, URL path, locale) and the request's
``fields`` and ``site`` parameters (``payload_parts``): a detail or listing then reads, besides
Wagtail's view restrictions, only the state of the fiches' page rows (``DETAIL_STATE``: live,
alias, place, live revision, publication date), and a listing's count comes from the cache too
(``PagesEndpoint.cached_count``, keyed by the parameters and the restrictions the request does
not pass). Still read from the database on every request: which fiches a request may see (view
restrictions included), in which order, and whether each is still live and where. This is not
a response cache: a parent page a request may not see hides its fiches too, a fiche hidden from a
request never gets its payload read, and a fiche unpublished or moved by another server is
never served from it.
``FRAGMENT_CACHE_SECONDS=0`` (tests, development) turns it off: each request then computes every
part, in the same fixed number of queries.
"""

from django.conf import settings

from cms.cache import fragments
from cms.cache.keys import make_key
from fiches import selectors
from fiches.api.fields import FRAGMENT_FIELDS
from fiches.api.serializers import parent_representation
from fiches.models import FichePage

BODY = "body"
PARENT = "parent"


def _key(fiche, request, *parts):
    return make_key(
        "api-fiche",
        fiche.pk,
        fiche.live_revision_id,
        fiche.last_published_at.timestamp() if fiche.last_published_at else "",
        settings.WAGTAILAPI_BASE_URL or "",
        *parts,
        request=request,
    )


def body_representation(fiche, context):
    """The body as the API shows it (each block's ``get_api_representation``)."""
    return fiche.body.stream_block.get_api_representation(fiche.body, context)


def card(fiche, request):
    """The fields of ``FRAGMENT_FIELDS`` of ``fiche``, already prefetched
    (``selectors.prefetch_api_fiches``)."""
    return {name: function(fiche, request) for name, function in FRAGMENT_FIELDS.items()}


def load(fiches, request, *, context=None):
    """Gives each of ``fiches`` (from ``selectors.api_fiches``) its fragment in
    ``fiche._api_fragment``, with the body when a serializer ``context`` is given (a detail),
    and loads what the rest of the payload needs. Cached fragments are read in one go; the
    others are computed in a fixed number of queries, then stored."""
    fiches = list(fiches)
    if not fiches:
        return fiches
    body = context is not None
    if not fragments.enabled():
        # The fields compute themselves from the prefetched rows.
        selectors.prefetch_api_fiches(fiches, body=body)
        return fiches
    kinds = {"card": ("card",)}
    if body:
        kinds[BODY] = ("detail", settings.WAGTAILAPI_RICH_TEXT_FORMAT)
    keys = {
        (fiche.pk, kind): _key(fiche, request, *parts)
        for fiche in fiches
        for kind, parts in kinds.items()
    }
    # A new dict (cms.cache.backend): adding to it never changes another request's answer.
    found = fragments.get_many(keys.values())
    missing = [
        fiche for fiche in fiches if any(keys[fiche.pk, kind] not in found for kind in kinds)
    ]
    if missing:
        selectors.prefetch_api_fiches(missing, body=body)
        computed = {}
        for fiche in missing:
            computed[keys[fiche.pk, "card"]] = card(fiche, request)
            if body:
                computed[keys[fiche.pk, BODY]] = {
                    BODY: body_representation(fiche, context),
                    PARENT: parent_representation(fiche, context),
                }
        fragments.set_many(computed)
        found.update(computed)
    for fiche in fiches:
        fragment = dict(found[keys[fiche.pk, "card"]])
        if body:
            fragment.update(found[keys[fiche.pk, BODY]])
        fiche._api_fragment = fragment
    return fiches


# --- A fiche's whole payload: detail, or item of a listing -----------------------------------

#: The columns of a fiche's page row that say whether a request may see it (``live``,
#: ``alias_of_id``, ``expire_at``, ``path``, ``depth``) and which payload it has (the others).
DETAIL_STATE = (
    "live",
    "alias_of_id",
    "expire_at",
    "path",
    "depth",
    "url_path",
    "locale_id",
    "live_revision_id",
    "last_published_at",
)


def detail_state(pk):
    """``DETAIL_STATE`` of the fiche ``pk`` as a dict, ``None`` if no fiche has that id."""
    row = fragments.page_state(pk, DETAIL_STATE, FichePage)
    return None if row is None else dict(zip(DETAIL_STATE, row, strict=True))


def payload_parts(pk, state, request):
    """What the payload of fiche ``pk`` in the state ``state`` (detail, or item of a listing)
    depends on, besides the content version, language and site every fragment key holds: its
    publication, its place in the tree, the API's base URL and the ``fields`` and ``site``
    parameters."""
    published = state["last_published_at"]
    return [
        pk,
        state["live_revision_id"],
        published.timestamp() if published else "",
        state["path"],
        state["url_path"],
        state["locale_id"],
        settings.WAGTAILAPI_BASE_URL or "",
        request.GET.get("fields", ""),
        request.GET.get("site", ""),
    ]


def cached_items(rows, request, compute):
    """The listing items of the fiches whose ``DETAIL_STATE`` are ``rows`` (``(pk, *state)``,
    in the listing's order), read from the fragment cache in one go; ``compute(pks)`` gives
    the items of the others, in the order of ``pks``, which are then kept. A fiche gone in
    between (unpublished) is left out."""
    keys = {
        row[0]: make_key(
            "api-fiche-item",
            *payload_parts(row[0], dict(zip(DETAIL_STATE, row[1:], strict=True)), request),
            request=request,
        )
        for row in rows
    }
    found = fragments.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        computed = {keys[pk]: item for pk, item in compute(missing)}
        fragments.set_many(computed)
        found.update(computed)
    return [found[key] for key in keys.values() if key in found]
