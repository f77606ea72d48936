"""Full-text search shared by the catalogue, the site search page and the API.

Wagtail's database backend does the matching: PostgreSQL's French configuration (stemming:
« espace vert » ↔ « espaces verts ») on PostgreSQL, Snowball French stems added to the index and
the queries on SQLite (``fiches.stemming``). Accents are
ignored because the query is folded here and the index holds an accent-free copy of each
fiche's text (``FichePage.folded_text``).

The search returns primary keys in relevance order and is applied as a filter on them, so that it
combines with every other filter, facet count and ordering of the caller.
"""

import json
import re

from django.db import connection
from django.db.models import BooleanField, Case, F, Func, IntegerField, TextField, Value, When
from django.db.models.functions import Cast
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from wagtail.search.backends import get_search_backend

from fiches import stemming
from fiches.text import fold_accents

#: Longest query accepted (characters); longer ones are refused by the callers.
MAX_QUERY_LENGTH = 200

WORD = re.compile(r"\w+")


def query_words(query):
    """The words of ``query``, lower-cased and without accents. Quotes, parentheses, ``*`` or an
    upper-case AND/OR/NOT would otherwise be read as query syntax by the database's engine."""
    return WORD.findall(fold_accents(query or "").lower())


def ranked_pks(model, words, *, operator="or"):
    """Primary keys of the ``model`` objects matching ``words``, best matches first."""
    if not words:
        return []
    query = stemming.search_query(words, operator=operator)
    results = get_search_backend().search(query, model.objects.all(), operator=operator)
    if hasattr(results, "get_queryset"):
        # The database backends rank in SQL: read the keys only, in that order, rather than
        # building a page object for every match.
        queryset = results.get_queryset()
        title = _title_field(model)
        if stemming.applies() and title:
            return _title_first(queryset.values_list("pk", title), words)
        return list(queryset.values_list("pk", flat=True))
    return [obj.pk for obj in results]


def _title_field(model):
    """The field that names an object of ``model`` (a page's title, an actor's name), if any."""
    names = {field.name for field in model._meta.get_fields()}
    return next((name for name in ("title", "name") if name in names), None)


def _title_first(rows, words):
    """Where the search adds stems itself (SQLite): the matches whose title holds more of the
    searched words (compared by their stems) first, the engine's order kept among equals, as
    PostgreSQL's ranking weighs the title above the rest. Wagtail's SQLite ranking (BM25 scaled
    by the title's length) would otherwise put a short title that merely mentions the words in
    its body before the fiche about them. Reads the title with the key: no further query."""
    wanted = {stemming.stem(word) for word in words}

    def hits(title):
        return len(wanted & {stemming.stem(word) for word in query_words(title)})

    return [pk for pk, title in sorted(rows, key=lambda row: -hits(row[1]))]


def cached_ranked_pks(model, words, *, operator="or", request=None):
    """``ranked_pks`` from the fragment cache (cms.cache.fragments, on in production) until the
    content changes. The index is written while a fiche is published or an actor saved
    (fiches.discovery.indexing), in the same transaction as the change whose commit bumps the
    content version: a ranking is never kept past the change of what it ranks."""
    from cms.cache import fragments

    return fragments.get_or_set(
        "search-ranking",
        [model._meta.label_lower, operator, "+".join(words)],
        lambda: ranked_pks(model, words, operator=operator),
        request=request,
    )


def _key_array(queryset, pks):
    """``pks`` as one PostgreSQL array parameter of the type of ``queryset``'s primary key."""
    key_type = queryset.model._meta.pk.db_type(connection)
    return Func(Value(list(pks)), template=f"%(expressions)s::{key_type}[]")


def pk_in(queryset, pks):
    """``queryset`` limited to the primary keys ``pks``. On PostgreSQL as ``pk = ANY(array)``:
    one parameter rather than one per key, whose quoting and parsing cost milliseconds for the
    thousands of matches of a common word."""
    if connection.vendor != "postgresql":
        return queryset.filter(pk__in=pks)
    return queryset.filter(
        Func(
            F("pk"),
            _key_array(queryset, pks),
            template="%(expressions)s)",
            arg_joiner=" = ANY(",
            output_field=BooleanField(),
        )
    )


def in_order(queryset, pks):
    """``queryset`` sorted as ``pks`` (the relevance order of the search backend)."""
    if not pks:
        return queryset
    if connection.vendor == "postgresql":
        # One JSON object, key → position, looked up for each row in O(log n): a CASE with a
        # branch per key costs milliseconds to build and compile, and array_position() scans
        # the whole array for every row (30 ms to sort 1,700 matches, against 5).
        positions = {}
        for position, pk in enumerate(pks):
            positions.setdefault(str(pk), position)
        rank = Func(
            Value(json.dumps(positions, separators=(",", ":"))),
            Cast(F("pk"), TextField()),
            template="(%(expressions)s)::integer",
            arg_joiner="::jsonb ->> ",
            output_field=IntegerField(),
        )
        return queryset.order_by(rank, "pk")
    rank = Case(
        *(When(pk=pk, then=Value(position)) for position, pk in enumerate(pks)),
        output_field=IntegerField(),
    )
    return queryset.order_by(rank, "pk")


def search(queryset, query, *, operator="or", by_relevance=True):
    """``queryset`` narrowed to the objects matching ``query`` (best matches first unless
    ``by_relevance`` is false, when the caller's ordering is kept). A query without any word
    matches nothing."""
    pks = cached_ranked_pks(queryset.model, query_words(query), operator=operator)
    queryset = pk_in(queryset, pks)
    return in_order(queryset, pks) if by_relevance else queryset


#: Words too common to be worth highlighting (the search engine ignores them as well).
STOP_WORDS = frozenset(
    {
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "la",
        "le",
        "les",
        "leur",
        "un",
        "une",
        "ou",
        "par",
        "pour",
        "sur",
        "the",
        "of",
        "and",
    }
)


#: Longest ending a marked word may have beyond the stem of a searched word: « verts »,
#: « vertes » or « espaces » are marked for « vert » or « espace », « vertical » is not.
MAX_ENDING = 3


def _stem(word):
    """A crude French stem: enough to mark « espaces verts » for the query « espace vert »."""
    return word[: max(4, len(word) - 2)] if len(word) > 4 else word


def _matches(word, stems, snowball):
    return stemming.stem(word) in snowball or any(
        word.startswith(stem) and len(word) - len(stem) <= MAX_ENDING for stem in stems
    )


def highlight(text, query):
    """``text`` escaped, with the words matching ``query`` (without accents, plural or feminine
    endings, or with the same French stem) wrapped in ``<mark>``: the search results show why
    they matched."""
    text = str(text or "")
    words = [word for word in query_words(query) if word not in STOP_WORDS]
    stems = {_stem(word) for word in words}
    # The words the search stemmed alike, e.g. « athlétisme » for « athlète ».
    snowball = {stemming.stem(word) for word in words}
    if not text or not stems:
        return conditional_escape(text)
    parts, last = [], 0
    for match in WORD.finditer(text):
        folded = fold_accents(match.group()).lower()
        if _matches(folded, stems, snowball):
            parts.append(escape(text[last : match.start()]))
            parts.append(format_html("<mark>{}</mark>", match.group()))
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every part is escaped above
