"""The embeddable widget (/fr/widget/fiches/) and its builder page (/fr/widget/)."""

import base64
import hashlib
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from fiches import factories
from fiches.discovery.widget_views import contrast_ratio
from fiches.models import Region

LEAN = {"buyers": [], "suppliers": [], "operators": [], "criteria": [], "indicators": []}


@pytest.fixture
def widget_url(db):
    with translation.override("fr"):
        return reverse("widget_fiches")


@pytest.fixture
def builder_url(db):
    with translation.override("fr"):
        return reverse("widget_builder")


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def titles(response):
    """The fiche titles the widget lists, in order."""
    html = response.content.decode()
    return [
        unescape(title) for title in re.findall(r'class="widget__link"[^>]*>([^<]+)<span', html)
    ]


# --- what the widget lists ---------------------------------------------------------------------


def test_lists_the_latest_published_public_fiches_newest_first(client, index, widget_url):
    older = factories.FichePageFactory(parent=index, title="Tri des biodéchets", **LEAN)
    newer = factories.FichePageFactory(parent=index, title="Entretien des parcs", **LEAN)
    factories.FichePageFactory(parent=index, title="Brouillon caché", publish=False, **LEAN)
    private = factories.FichePageFactory(parent=index, title="Fiche réservée", **LEAN)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get(widget_url)

    assert response.status_code == 200
    assert titles(response) == [newer.title, older.title]
    html = response.content.decode()
    assert f'href="{newer.url}" target="_blank" rel="noopener"' in html
    assert "(nouvelle fenêtre)" in html
    assert "Bretagne" in html
    assert f'<time datetime="{timezone.localtime(newer.first_published_at):%Y-%m-%d}">' in html
    assert f'href="{index.url}" target="_blank"' in html
    assert "Toutes les fiches sur Fiches REX" in html
    # Standalone: neither the site's header, nor its footer, nor its stylesheet.
    assert "site-header" not in html and "site-footer" not in html
    assert "css/site.css" not in html and "css/widget.css" in html
    assert '<html lang="fr">' in html


def test_limit_keeps_the_newest(client, index, widget_url):
    for number in range(4):
        factories.FichePageFactory(parent=index, title=f"Fiche {number}", **LEAN)
    response = client.get(widget_url, {"limit": 2})
    assert titles(response) == ["Fiche 3", "Fiche 2"]


def test_filters_by_region_theme_and_actor(client, index, widget_url):
    parks = factories.ThemeFactory(name="Espaces verts", slug="espaces-verts")
    buyer = factories.BuyerFactory(name="Ville de Rennes", slug="ville-de-rennes")
    supplier = factories.ESSStructureFactory(name="Jardins de Cocagne", slug="cocagne")
    operator = factories.OperatorFactory(name="Maison de l'emploi", slug="mde")
    breton = factories.FichePageFactory(
        parent=index,
        title="Parcs de Rennes",
        themes=[parks],
        buyers=[buyer],
        suppliers=[supplier],
        operators=[operator],
        criteria=[],
        indicators=[],
    )
    factories.FichePageFactory(
        parent=index,
        title="Parcs de Lyon",
        themes=[parks],
        region=Region.objects.get(code="84"),
        **LEAN,
    )
    factories.FichePageFactory(parent=index, title="Cantine de Brest", **LEAN)

    def listed(**params):
        response = client.get(widget_url, params)
        assert response.status_code == 200, response.content
        return set(titles(response))

    assert listed(region="53") == {"Parcs de Rennes", "Cantine de Brest"}
    assert listed(theme="espaces-verts") == {"Parcs de Rennes", "Parcs de Lyon"}
    assert listed(region="53", theme="espaces-verts") == {breton.title}
    assert listed(actor="acheteurs:ville-de-rennes") == {breton.title}
    assert listed(actor="structures-ess:cocagne") == {breton.title}
    assert listed(actor="operateurs:mde") == {breton.title}
    assert listed(region="84", actor="acheteurs:ville-de-rennes") == set()


def test_heading_names_the_scope_and_the_more_link_keeps_the_filters(client, index, widget_url):
    parks = factories.ThemeFactory(name="Espaces verts", slug="espaces-verts")
    factories.FichePageFactory(parent=index, themes=[parks], **LEAN)

    html = client.get(widget_url, {"region": "53", "theme": "espaces-verts"}).content.decode()
    assert "— Bretagne, Espaces verts" in html
    assert f'href="{index.url}?region=53&amp;theme=espaces-verts"' in html

    buyer = factories.BuyerFactory(name="Ville de Rennes", slug="ville-de-rennes")
    factories.FichePageFactory(parent=index, **{**LEAN, "buyers": [buyer]})
    html = client.get(widget_url, {"actor": "acheteurs:ville-de-rennes"}).content.decode()
    assert "— Ville de Rennes" in html
    assert f'href="{buyer.get_absolute_url()}" target="_blank"' in html


def test_a_language_without_content_shows_the_default_one(client, index):
    factories.FichePageFactory(parent=index, title="Entretien des parcs", **LEAN)
    with translation.override("en"):
        url = reverse("widget_fiches")
    assert url.startswith("/en/")
    response = client.get(url)
    assert response.status_code == 200
    assert titles(response) == ["Entretien des parcs"]


def test_says_so_when_no_fiche_matches(client, index, widget_url):
    response = client.get(widget_url, {"region": "11"})
    assert response.status_code == 200
    assert "Aucune fiche publiée ne correspond pour l'instant." in response.content.decode()


# --- options and their validation --------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "99"}, "Région inconnue : « 99 »"),
        ({"theme": "nope"}, "Thématique inconnue : « nope »"),
        ({"actor": "acheteurs"}, "Acteur inconnu : « acheteurs »"),
        ({"actor": "maires:ville-de-rennes"}, "Acteur inconnu : « maires:ville-de-rennes »"),
        ({"actor": "acheteurs:personne"}, "Acteur inconnu : « acheteurs:personne »"),
        ({"limit": "0"}, "Nombre de fiches invalide : « 0 »"),
        ({"limit": "11"}, "Nombre de fiches invalide : « 11 »"),
        ({"limit": "abc"}, "Nombre de fiches invalide : « abc »"),
        ({"limit": "²"}, "Nombre de fiches invalide : « ² »"),
        ({"style": "blue"}, "Apparence inconnue : « blue »"),
        ({"accent": "zzz"}, "Couleur invalide : « zzz »"),
        ({"accent": "ffff00"}, "La couleur #ffff00 n&#x27;est pas assez contrastée sur fond clair"),
        (
            {"accent": "#0e5a57", "style": "dark"},
            "La couleur #0e5a57 n&#x27;est pas assez contrastée sur fond sombre",
        ),
    ],
)
def test_bad_options_get_a_french_message_inside_the_widget(
    client, index, widget_url, params, message
):
    factories.FichePageFactory(parent=index, **LEAN)
    response = client.get(widget_url, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce module ne peut pas s'afficher" in html
    assert message in html
    assert titles(response) == []
    # Still a page a partner site can frame.
    assert "X-Frame-Options" not in response
    assert csp_directives(response)["frame-ancestors"] == ["*"]


def test_refused_colours_never_show_the_minimum_ratio(client, index, widget_url):
    # #767676 is 4.54:1 on white (accepted); #777777 is 4.48:1, shown rounded down.
    assert client.get(widget_url, {"accent": "767676"}).status_code == 200
    response = client.get(widget_url, {"accent": "777777"})
    assert response.status_code == 400
    assert "(4,4:1, il faut au moins 4,5:1)" in response.content.decode()


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_style_compact_and_accent(client, index, widget_url):
    factories.FichePageFactory(parent=index, **LEAN)
    html = client.get(widget_url).content.decode()
    assert '<body class="widget widget--light">' in html
    assert "<style>" not in html

    response = client.get(widget_url, {"style": "dark", "compact": "1", "accent": "#ABC"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<body class="widget widget--dark widget--compact">' in html
    style = re.search(r"<style>(.*?)</style>", html).group(1)
    assert style == "body.widget{--w-accent:#aabbcc}"
    # The inline style is allowed by its hash, and nothing else inline is.
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert csp_directives(response)["style-src"] == ["'self'", f"'sha256-{digest}'"]


# --- headers: framing and caching --------------------------------------------------------------


def test_the_widget_may_be_framed_by_any_site_and_is_publicly_cacheable(client, index, widget_url):
    response = client.get(widget_url)
    assert "X-Frame-Options" not in response
    directives = csp_directives(response)
    assert directives["frame-ancestors"] == ["*"]
    # The rest of the policy is the site's.
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=300" in cache_control


def test_the_rest_of_the_site_still_forbids_framing(client, fiche, index, builder_url):
    for url in (
        "/fr/",
        index.url,
        fiche.url,
        builder_url,
        fiche.buyer_links.first().actor.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Frame-Options"] == "DENY", url
        assert csp_directives(response)["frame-ancestors"] == ["'self'"], url


def test_pages_served_again_by_the_page_cache_stay_frameable(client, index, widget_url, settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    factories.FichePageFactory(parent=index, **LEAN)
    first = client.get(widget_url, {"accent": "0e5a57"})
    second = client.get(widget_url, {"accent": "0e5a57"})
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content
    assert "X-Frame-Options" not in second
    assert csp_directives(second) == csp_directives(first)
    assert csp_directives(second)["frame-ancestors"] == ["*"]
    # And a page of the site keeps its own policy when it comes from the cache.
    client.get(index.url)
    cached = client.get(index.url)
    assert cached["X-Cache"] == "HIT"
    assert cached["X-Frame-Options"] == "DENY"
    assert csp_directives(cached)["frame-ancestors"] == ["'self'"]


def test_read_only(client, db, widget_url, builder_url):
    for url in (widget_url, builder_url):
        assert client.head(url).status_code == 200
        assert client.post(url).status_code == 405


# --- query counts ------------------------------------------------------------------------------


def query_count(client, url, params):
    assert client.get(url, params).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "10"},
        {"limit": "10", "region": "53", "theme": "parcs", "actor": "acheteurs:rennes"},
    ],
)
def test_the_widget_does_not_query_per_fiche(client, index, widget_url, params):
    theme = factories.ThemeFactory(name="Parcs", slug="parcs")
    buyer = factories.BuyerFactory(name="Rennes", slug="rennes")

    def add(count):
        for _ in range(count):
            factories.FichePageFactory(
                parent=index,
                themes=[theme],
                buyers=[buyer],
                suppliers=[],
                operators=[],
                criteria=[],
                indicators=[],
            )

    add(2)
    small = query_count(client, widget_url, params)
    add(6)
    large = query_count(client, widget_url, params)
    assert len(small) == len(large), "\n".join(sql for sql in large if sql not in small)
    assert len(large) <= 10


# --- the builder page --------------------------------------------------------------------------


def test_builder_shows_the_default_snippet_and_a_preview(client, fiche, builder_url, widget_url):
    response = client.get(builder_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="page-head__title">Intégrer les fiches sur votre site</h1>' in html
    snippet = unescape(re.search(r'id="widget-snippet"[^>]*>(.*?)</textarea>', html, re.S)[1])
    assert snippet.startswith(f'<iframe src="http://testserver{widget_url}" ')
    assert 'title="Fiches REX : dernières fiches"' in snippet
    assert 'width="100%"' in snippet and 'loading="lazy"' in snippet
    assert re.search(r'height="\d+"', snippet)
    resize = unescape(re.search(r'id="widget-resize-snippet"[^>]*>(.*?)</textarea>', html, re.S)[1])
    assert (
        resize.strip()
        == '<script src="http://testserver/static/js/widget-resize.js" async></script>'
    )
    assert f'<iframe class="widget-builder__preview" src="{widget_url}"' in html
    # The actors of published fiches are offered, by kind.
    buyer = fiche.buyer_links.first().actor
    assert f'<option value="acheteurs:{buyer.slug}">{buyer.name}</option>' in unescape(html)
    assert response["X-Frame-Options"] == "DENY"
    assert "public" in response["Cache-Control"]


def test_every_page_links_to_the_builder_in_its_footer(client, fiche, builder_url):
    html = client.get(fiche.url).content.decode()
    assert f'<a href="{builder_url}">Intégrer les fiches sur votre site</a>' in html


def test_builder_form_without_javascript_rebuilds_the_snippet(
    client, fiche, builder_url, widget_url
):
    theme = factories.ThemeFactory(name="Espaces verts", slug="espaces-verts")
    params = {
        "region": "53",
        "theme": "espaces-verts",
        "actor": "",
        "limit": "3",
        "style": "dark",
        "accent": "#F2C46D",
        "compact": "on",
    }
    html = client.get(builder_url, params).content.decode()
    query = "region=53&theme=espaces-verts&limit=3&style=dark&accent=f2c46d&compact=1"
    snippet = unescape(re.search(r'id="widget-snippet"[^>]*>(.*?)</textarea>', html, re.S)[1])
    # What is copied is HTML: "&" is written "&amp;" in the attribute.
    assert f'src="http://testserver{widget_url}?{query.replace("&", "&amp;")}"' in snippet
    assert f'title="Fiches REX : dernières fiches — Bretagne, {theme.name}"' in snippet
    # The form shows the options chosen.
    assert '<option value="53" selected>' in html
    assert '<option value="dark" selected>' in html
    assert 'name="compact" id="id_compact" checked' in html
    # The preview shows the same widget.
    assert f'src="{widget_url}?{query.replace("&", "&amp;")}"' in html


def test_builder_shows_errors_next_to_the_fields_and_no_snippet(client, fiche, builder_url):
    response = client.get(builder_url, {"region": "99", "accent": "ffff00"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Erreur : Intégrer les fiches sur votre site" in html
    assert "Région inconnue : « 99 »" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_region_error"' in html
    assert '<a href="#id_region">' in html
    assert "widget-snippet" not in html
    assert "widget-builder__preview" not in html
