"""The fiche card of the listings (``includes/fiche_card.html``, built by
``fiches.rendering.fiche_card``): what it shows and links to, its image as Wagtail's
``{% srcset_image %}`` gives it, the search's words marked, French typography on its texts (not
on its attributes), English labels, and no query for a listing read by the selectors."""

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from fiches import choices, factories, selectors
from fiches.models import FichePage
from fiches.rendering import fiche_card
from tests.helpers import small_image

NBSP = "\u00a0"
NB_HYPHEN = "\u2011"
SIZES = "(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, 100vw"
#: Wagtail's own rendering of the card's image, which the card must give unchanged.
WAGTAIL_IMAGE = Template(
    "{% load wagtailimages_tags %}{% srcset_image fiche.hero_image fill-{320x180,640x360} "
    f'sizes="{SIZES}" alt=fiche.hero_alt loading="lazy" class="card__image" %}}'
)


def card(fiche, request=None, **context):
    request = request or RequestFactory().get("/fr/fiches/")
    return render_to_string("includes/fiche_card.html", {"fiche": fiche, **context}, request)


def listed(fiche):
    """``fiche`` as a listing reads it (``selectors.published_fiches``)."""
    return selectors.published_fiches().get(pk=fiche.pk)


def flat(html):
    """``html`` with its runs of white space as one space (no-break spaces kept)."""
    return re.sub(r"[ \n]+", " ", html)


@pytest.fixture
def full(index):
    image = small_image("Atelier de couture")
    # The renditions exist, as they do once a listing has shown the fiche once.
    image.get_renditions(*selectors.CARD_RENDITION_SPECS)
    return factories.FichePageFactory(
        parent=index,
        title="Réemploi : un marché réservé (L2113-13) ?",
        chapo="« Un vrai tremplin » pour 12 salariés en insertion, " + "encore " * 50,
        hero_image=image,
        hero_image_alt='Deux couturières, « atelier "Fil" » <en> action',
        environmental_clause=True,
        notification_date="2023-03",
        themes=[factories.ThemeFactory(name="Textile"), factories.ThemeFactory(name="Emploi")],
    )


def test_a_card_shows_the_fiche_and_links_to_it(full):
    fiche = listed(full)
    request = RequestFactory().get("/fr/fiches/")
    card(listed(full), request)  # The request's site and its root paths, read once per request.
    with CaptureQueriesContext(connection) as queries:
        html = card(fiche, request, heading="h3")

    assert queries.captured_queries == []
    assert (
        f'<h3 class="card__title"><a class="card__link" href="{full.url}">'
        f"Réemploi{NBSP}: un marché réservé (L2113{NB_HYPHEN}13){NBSP}?</a></h3>"
    ) in html
    chapo = re.search(r'<p class="card__chapo">(.*?)</p>', html).group(1)
    assert chapo.startswith(f"«{NBSP}Un vrai tremplin{NBSP}» pour 12 salariés en insertion, ")
    assert len(chapo.split()) == 40 + 1 and chapo.endswith(" …")
    facts = flat(re.search(r'<ul class="card__facts" aria-label="En bref">.*?</ul>', html, re.S)[0])
    assert facts == (
        '<ul class="card__facts" aria-label="En bref"> '
        f'<li><span class="visually-hidden">Région{NBSP}: </span>Bretagne</li> '
        f'<li><span class="visually-hidden">Nature{NBSP}: </span>Services</li> '
        '<li><span class="visually-hidden">Attribué en </span>'
        '<time datetime="2023-03">2023</time></li> </ul>'
    )
    assert (
        f'<p class="card__cpv"><span class="visually-hidden">Code CPV principal{NBSP}: </span>'
        '<span class="card__cpv-code">77310000-6</span> '
    ) in html
    assert (
        '<ul class="tags" aria-label="Thématiques">\n'
        '            <li class="tag">Emploi</li><li class="tag">Textile</li>\n'
    ) in html
    badges = re.findall(r'<li class="badge badge--(\w+)">([^<]*)</li>', html)
    assert badges == [
        ("marche_reserve", "Marché réservé"),
        ("clause_sociale", "Clause sociale d&#x27;insertion"),
        ("clause_environnementale", "Clause environnementale"),
    ]
    assert '<ul class="badges" aria-label="Leviers mobilisés">' in html
    assert "card__role" not in html
    assert "card__placeholder" not in html


def test_the_image_is_wagtails_srcset_image(full):
    fiche = listed(full)
    html = card(fiche)
    image = re.search(r"<img [^>]*>", html)[0]

    assert image == WAGTAIL_IMAGE.render(Context({"fiche": fiche}))
    renditions = {r.filter_spec: r for r in full.hero_image.renditions.all()}
    small, large = renditions["fill-320x180"], renditions["fill-640x360"]
    assert f'src="{small.url}"' in image
    assert f'srcset="{small.url} {small.width}w, {large.url} {large.width}w"' in image
    assert f'sizes="{SIZES}"' in image
    assert 'alt="Deux couturières, « atelier &quot;Fil&quot; » &lt;en&gt; action"' in image
    assert 'loading="lazy"' in image and 'class="card__image"' in image
    assert f'height="{small.height}"' in image and f'width="{small.width}"' in image


def test_an_image_without_prefetched_renditions_gets_them_from_wagtail(index):
    image = small_image("Sans rendu")
    fiche = factories.FichePageFactory(parent=index, hero_image=image, hero_image_alt="")
    plain = FichePage.objects.get(pk=fiche.pk)

    html = card(plain)

    assert sorted(image.renditions.values_list("filter_spec", flat=True)) == [
        "fill-320x180",
        "fill-640x360",
    ]
    expected = WAGTAIL_IMAGE.render(Context({"fiche": FichePage.objects.get(pk=fiche.pk)}))
    assert re.search(r"<img [^>]*>", html)[0] == expected
    # Without its own alternative text, the image's description.
    assert f'alt="{image.description}"' in expected


def test_a_rendition_made_for_another_focal_point_is_not_used(full):
    fiche = listed(full)
    image = fiche.hero_image
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width, image.focal_point_height = 20, 20

    html = card(fiche)

    # Made again for the new focal point, as Wagtail's tag does.
    assert re.search(r"<img [^>]*>", html)[0] == WAGTAIL_IMAGE.render(Context({"fiche": fiche}))
    assert full.hero_image.renditions.count() == 4


@pytest.mark.parametrize("heading", ["h2", "h4"])
def test_heading_role_and_search(full, heading):
    fiche = listed(full)
    fiche.title = "Entretien des espaces verts"
    fiche.chapo = "Les espaces verts d'une commune."

    html = card(fiche, heading=heading, role="Titulaire <mandataire>", q="espace vert")

    assert re.search(
        rf'<{heading} class="card__title"><a class="card__link" href="[^"]+">'
        rf"Entretien des <mark>espaces</mark> <mark>verts</mark></a></{heading}>",
        html,
    )
    assert (
        '<p class="card__chapo">Les <mark>espaces</mark> <mark>verts</mark> d&#x27;une commune.</p>'
    ) in html
    assert f'<p class="card__role">Rôle{NBSP}: Titulaire &lt;mandataire&gt;</p>' in html


def test_a_card_that_says_little(index):
    fiche = factories.FichePageFactory(
        parent=index,
        title="Un marché",
        region=None,
        main_cpv=None,
        notification_date=None,
        nature=choices.Nature.WORKS,
        reserved=False,
        reserved_articles=(),
        social_clause=False,
    )

    fiche = listed(fiche)
    fiche.chapo = ""
    html = card(fiche)

    facts = re.search(r'<ul class="card__facts" aria-label="En bref">(.*?)</ul>', html, re.S)[1]
    assert flat(facts).strip() == (
        f'<li><span class="visually-hidden">Nature{NBSP}: </span>Travaux</li>'
    )
    assert '<p class="card__chapo"></p>' in html
    for absent in ("card__cpv", "<time", 'class="tags"', 'class="badges"', "<img"):
        assert absent not in html
    assert '<div class="card__placeholder" aria-hidden="true"></div>' in html
    assert re.search(r'<h3 class="card__title">', html)


def test_in_english(full):
    fiche = listed(full)
    fiche.title = "Reuse: a reserved contract?"
    with translation.override("en"):
        html = card(fiche, role="Holder")

    assert '<ul class="card__facts" aria-label="At a glance">' in html
    assert '<span class="visually-hidden">Region: </span>Brittany</li>' in html
    assert '<ul class="badges" aria-label="Levers used">' in html
    assert '<li class="badge badge--marche_reserve">Reserved contract</li>' in html
    assert '<p class="card__role">Role: Holder</p>' in html
    # No French typography on an English page.
    assert ">Reuse: a reserved contract?</a>" in html
    assert NBSP not in html


def test_the_labels_follow_the_language(full):
    """Translated once per language: a card in English after one in French (and back) shows
    each in its own."""
    fiche = listed(full)
    french = card(fiche)
    with translation.override("en"):
        english = card(fiche)

    assert 'aria-label="En bref"' in french and 'aria-label="At a glance"' in english
    assert card(fiche) == french
    assert fiche_card.render(fiche) == re.search(r"<article.*</article>", french, re.S)[0]
