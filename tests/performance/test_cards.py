"""``fiches.selectors.prefetch_cards``: the themes and card renditions of a listing in one
query, giving what ``published_fiches``' prefetches give (same themes in the same order, the
same renditions), so that rendering the cards reads nothing more."""

from django.core.cache import cache
from django.template.loader import render_to_string

from fiches import factories
from fiches.models import Theme
from fiches.selectors import CARD_RENDITION_SPECS, prefetch_cards, published_fiches
from home import factories as home_factories


def card_values(fiches):
    return [
        (
            fiche.pk,
            [(theme.pk, theme.name, theme.slug, theme.locale_id) for theme in fiche.card_themes],
        )
        for fiche in fiches
    ]


def rendition_values(image):
    return sorted(
        (rendition.pk, rendition.filter_spec, rendition.file.name, rendition.width)
        for rendition in image.prefetched_renditions
    )


def render_cards(fiches, image):
    """The cards, once with their renditions created (the first render makes them)."""
    for fiche in fiches:
        fiche.hero_image.get_renditions(*CARD_RENDITION_SPECS)
    return render_to_string("includes/fiche_grid.html", {"fiches": fiches})


def test_gives_the_themes_by_name_and_the_renditions_of_the_cards(index):
    image, other = factories.ImageFactory(), factories.ImageFactory()
    themes = [factories.ThemeFactory(name=name) for name in ("Textile", "Achats", "Écologie")]
    factories.FichePageFactory(parent=index, hero_image=image, themes=themes)
    factories.FichePageFactory(parent=index, hero_image=other, themes=themes[:1])
    factories.FichePageFactory(parent=index, hero_image=None, themes=[])
    expected = list(published_fiches())
    render_cards(expected[1:], image)
    expected = list(published_fiches())

    fiches = prefetch_cards(list(published_fiches().prefetch_related(None)))

    assert card_values(fiches) == card_values(expected)
    assert [theme.name for theme in fiches[2].card_themes] == ["Achats", "Textile", "Écologie"]
    for fiche, reference in zip(fiches, expected, strict=True):
        if fiche.hero_image_id:
            assert rendition_values(fiche.hero_image) == sorted(
                (rendition.pk, rendition.filter_spec, rendition.file.name, rendition.width)
                for rendition in reference.hero_image.renditions.all()
            )
            assert {r.filter_spec for r in fiche.hero_image.prefetched_renditions} == set(
                CARD_RENDITION_SPECS
            )


def test_cards_render_the_same_html_without_any_query(index, django_assert_num_queries):
    image = factories.ImageFactory()
    theme = factories.ThemeFactory(name="Textile")
    for _ in range(3):
        factories.FichePageFactory(parent=index, hero_image=image, themes=[theme])
    reference = list(published_fiches())
    render_cards(reference, image)
    cache.clear()  # renditions not from the cache; the site's root paths are cached again
    expected = render_to_string("includes/fiche_grid.html", {"fiches": list(published_fiches())})

    locale = index.locale_id
    with django_assert_num_queries(2):  # the fiches, then their themes and renditions
        fiches = prefetch_cards(list(published_fiches(locale=locale).prefetch_related(None)))
    with django_assert_num_queries(0):
        html = render_to_string("includes/fiche_grid.html", {"fiches": fiches})

    assert html == expected
    assert "Textile" in html


def test_other_images_come_in_the_same_query(index, django_assert_num_queries):
    image = factories.ImageFactory()
    factories.FichePageFactory(parent=index, hero_image=None)
    article = home_factories.ArticlePageFactory(image=image)
    image.get_renditions(*CARD_RENDITION_SPECS)
    fiches = list(published_fiches().prefetch_related(None))
    article.image.refresh_from_db()

    with django_assert_num_queries(1):
        prefetch_cards(fiches, images=[article.image, None])

    assert {r.filter_spec for r in article.image.prefetched_renditions} == set(CARD_RENDITION_SPECS)
    assert all(r.image is article.image for r in article.image.prefetched_renditions)
    with django_assert_num_queries(0):
        article.image.get_renditions(*CARD_RENDITION_SPECS)


def test_a_theme_reads_only_what_a_card_shows(index):
    factories.FichePageFactory(parent=index, themes=[factories.ThemeFactory(name="Textile")])

    (fiche,) = prefetch_cards(list(published_fiches().prefetch_related(None)))

    (theme,) = fiche.card_themes
    assert isinstance(theme, Theme)
    assert theme.get_deferred_fields() == {"translation_key", "description"}


def test_nothing_to_read_makes_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert prefetch_cards([], images=[None]) == []
