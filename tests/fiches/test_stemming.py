"""French stemming of the search on SQLite (fiches.stemming), without the database."""

import pytest
from wagtail.search.query import And, PlainText

from fiches import stemming
from fiches.catalogue.search import highlight


@pytest.mark.parametrize(
    ("words", "stem"),
    [
        (["velo", "velos"], "velo"),
        (["laverie", "laveries"], "laver"),
        (["boulangerie", "boulangeries"], "boulanger"),
        (["athlete", "athletes", "athletisme"], "athlet"),
        (["espace", "espaces"], "espac"),
        (["vert", "verts", "vertes"], "vert"),
        (["77310000"], "77310000"),
    ],
)
def test_forms_of_a_word_share_its_stem(words, stem):
    assert {stemming.stem(word) for word in words} == {stem}


@pytest.fixture
def sqlite(monkeypatch):
    monkeypatch.setattr(stemming, "applies", lambda: True)


@pytest.fixture
def postgresql(monkeypatch):
    monkeypatch.setattr(stemming, "applies", lambda: False)


def test_the_index_gets_the_stems_that_differ_from_the_words(sqlite):
    assert stemming.with_stems("Entretien des espaces verts") == (
        "Entretien des espaces verts de espac vert"
    )
    assert stemming.with_stems("") == ""


def test_postgresql_stems_by_itself(postgresql):
    assert stemming.with_stems("Entretien des espaces verts") == "Entretien des espaces verts"
    assert stemming.search_query(["espaces", "verts"], operator="and") == "espaces verts"


def test_each_word_is_searched_as_typed_or_as_its_stem(sqlite):
    any_word = stemming.search_query(["espaces", "vert", "espaces"], operator="or")
    every_word = stemming.search_query(["espaces", "vert"], operator="and")

    assert isinstance(any_word, PlainText)
    assert (any_word.query_string, any_word.operator) == ("espaces espac vert", "or")
    assert isinstance(every_word, And)
    assert [(group.query_string, group.operator) for group in every_word.subqueries] == [
        ("espaces espac", "or"),
        ("vert", "or"),
    ]
    assert stemming.search_query(["vert"], operator="and").query_string == "vert"


def test_highlight_marks_the_words_of_the_same_stem():
    html = highlight("Équipements pour l'athlétisme et les athlètes", "athlète")

    assert html == ("Équipements pour l&#x27;<mark>athlétisme</mark> et les <mark>athlètes</mark>")
