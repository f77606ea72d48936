from fiches.search import highlight, query_words


def test_query_words_fold_accents_and_drop_syntax():
    assert query_words('"Coopérative" AND (espaces*)') == ["cooperative", "and", "espaces"]


def test_highlight_marks_stems_without_accents():
    html = highlight("Entretien des espaces verts de la Coopérative", "espace vert cooperative")
    assert html == (
        "Entretien des <mark>espaces</mark> <mark>verts</mark> de la <mark>Coopérative</mark>"
    )


def test_highlight_escapes_text_and_ignores_stop_words():
    assert highlight("<b>de</b> la", "de la") == "&lt;b&gt;de&lt;/b&gt; la"
    assert highlight("a <b>", "") == "a &lt;b&gt;"
