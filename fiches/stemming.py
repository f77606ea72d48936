"""French stemming for the full-text search on SQLite (every database but PostgreSQL).

PostgreSQL's French configuration stems both the index and the queries. SQLite's full-text index
(FTS5, behind Wagtail's database backend) only splits words and ignores accents, so « laverie »
did not find « laveries » nor « espace vert » « espaces verts ». On those databases the
accent-free text indexed for fiches and actors (``folded_text``) is followed by the Snowball
French stems of its words (``with_stems``), and each word of a query is searched as typed or as
its stem (``search_query``): every match of the plain search is kept, plurals and related forms
are added, as with PostgreSQL.

A final « s » or « x » is dropped before stemming: Snowball keeps it after a vowel (« vélos »
stays « vélos »), which would leave « vélo » and « vélos » apart.
"""

import re
import threading
from functools import lru_cache

import snowballstemmer
from django.db import connection
from wagtail.search.query import And, PlainText

WORD = re.compile(r"\w+")

# Snowball's stemmers keep state while they work: one per thread.
_local = threading.local()


def applies():
    """Whether the search adds stems itself: on every database but PostgreSQL, which stems with
    its own French configuration."""
    return connection.vendor != "postgresql"


def _stemmer():
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("french")
    return stemmer


@lru_cache(maxsize=50_000)
def stem(word):
    """The French stem of a lower-case, accent-free ``word``: « espaces » → « espac »,
    « laveries » → « laver », « velos » → « velo ». Numbers (CPV codes) are kept."""
    if word.isdigit():
        return word
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    return _stemmer().stemWord(word)


def with_stems(text):
    """``text`` (lower- or mixed-case, accent-free) followed by the stems of its words that
    differ from them, where the database does not stem by itself; ``text`` unchanged on
    PostgreSQL."""
    if not text or not applies():
        return text
    stems = [found for word in WORD.findall(text.lower()) if (found := stem(word)) != word]
    return " ".join([text, *stems])


def search_query(words, *, operator="or"):
    """What to ask the search backend for ``words`` (lower-case, accent-free): the words as a
    string on PostgreSQL; elsewhere each word or its stem, all of them (``operator="and"``) or
    any of them. An autocomplete reads the last term of each group as the start of a word, so
    « laveries » suggests « Laverie » too."""
    if not applies():
        return " ".join(words)
    if operator != "and":
        return PlainText(" ".join(_with_stem(words)), operator="or")
    groups = [PlainText(" ".join(_with_stem([word])), operator="or") for word in words]
    return groups[0] if len(groups) == 1 else And(groups)


def _with_stem(words):
    """``words`` each followed by its stem when it differs, once each."""
    return list(dict.fromkeys(term for word in words for term in (word, stem(word))))
