from fiches.catalogue.search import highlight, query_words


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


def test_pk_in_keeps_only_the_given_keys(index, django_assert_num_queries):
    from fiches import factories
    from fiches.catalogue.search import pk_in
    from fiches.models import FichePage

    first, second, third = (factories.FichePageFactory(parent=index) for _ in range(3))
    fiches = FichePage.objects.all()

    assert set(pk_in(fiches, [first.pk, third.pk, 10**6])) == {first, third}
    assert list(pk_in(fiches, [])) == []
    # Combined with other filters, and in the one query of the caller.
    with django_assert_num_queries(1):
        assert list(pk_in(fiches.exclude(pk=first.pk), [first.pk, second.pk])) == [second]


def test_in_order_sorts_as_the_ranking_and_keeps_a_slice_in_that_order(index):
    from fiches import factories
    from fiches.catalogue.search import in_order, pk_in
    from fiches.models import FichePage

    first, second, third, fourth = (factories.FichePageFactory(parent=index) for _ in range(4))
    ranking = [third.pk, first.pk, fourth.pk, third.pk]  # a key ranked twice keeps its best
    ordered = in_order(pk_in(FichePage.objects.all(), ranking), ranking)

    assert list(ordered) == [third, first, fourth]
    assert list(ordered[1:3]) == [first, fourth]
