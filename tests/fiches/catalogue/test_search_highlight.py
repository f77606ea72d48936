"""The words of a search marked in results: fiches.catalogue.search.highlight and its template
filter. No database needed."""

import pytest
from django.template import Context, Template

from fiches.catalogue.search import highlight


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        pytest.param(
            "Entretien des espaces verts",
            "espace vert",
            "Entretien des <mark>espaces</mark> <mark>verts</mark>",
            id="plural",
        ),
        pytest.param(
            "Une coopérative livre les cantines",
            "cooperative",
            "Une <mark>coopérative</mark> livre les cantines",
            id="accent-in-text",
        ),
        pytest.param(
            "Une cooperative livre",
            "Coopérative",
            "Une <mark>cooperative</mark> livre",
            id="accent-in-query",
        ),
        pytest.param(
            "Restauration collective et scolaire",
            "RESTAURATION",
            "<mark>Restauration</mark> collective et scolaire",
            id="case",
        ),
        pytest.param(
            "Des haies vertes et un mur végétal vertical",
            "vert",
            "Des haies <mark>vertes</mark> et un mur végétal vertical",
            id="feminine-but-not-another-word",
        ),
        pytest.param(
            "Le marché de la ville",
            "de la ville",
            "Le marché de la <mark>ville</mark>",
            id="stop-words-left-alone",
        ),
        pytest.param("Entretien des parcs", "jardin", "Entretien des parcs", id="no-match"),
        pytest.param("Entretien des parcs", "", "Entretien des parcs", id="empty-query"),
        pytest.param("Entretien des parcs", None, "Entretien des parcs", id="no-query"),
        pytest.param(None, "parcs", "", id="no-text"),
    ],
)
def test_marks_the_words_searched(text, query, expected):
    assert highlight(text, query) == expected


def test_escapes_the_text_around_and_inside_the_marks():
    marked = highlight('<img src=x onerror="alert(1)"> Parcs & jardins', "jardins parcs")

    assert marked == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; "
        "<mark>Parcs</mark> &amp; <mark>jardins</mark>"
    )


def test_query_syntax_is_plain_words():
    assert highlight("Jardins (partagés)", '"jardins" OR (partagés*') == (
        "<mark>Jardins</mark> (<mark>partagés</mark>)"
    )


def test_template_filter_works_without_a_query():
    template = Template("{% load search_tags %}{{ title|highlight:q }}|{{ title|highlight:'' }}")

    rendered = template.render(Context({"title": "Espaces <verts>", "q": "verts"}))

    assert rendered == "Espaces &lt;<mark>verts</mark>&gt;|Espaces &lt;verts&gt;"
