"""Canonical URLs, OpenGraph and Twitter card metadata, and schema.org JSON-LD."""

import json
import re
from html.parser import HTMLParser

from wagtail.models import Locale

from fiches import factories
from fiches.discovery import seo
from tests.helpers import small_image

BASE = "http://testserver"


class Head(HTMLParser):
    """The ``<meta>`` and ``<link>`` tags of a page and its ``<script>`` elements."""

    def __init__(self, html):
        super().__init__()
        self.meta = {}
        self.meta_lists = {}
        self.links = {}
        self.scripts = []
        self._script = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, attrs.get("content"))
                self.meta_lists.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.links["canonical"] = attrs["href"]
        elif tag == "script":
            self._script = {"attrs": attrs, "text": ""}

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(self._script)
            self._script = None

    def json_ld(self):
        return [
            json.loads(script["text"])
            for script in self.scripts
            if script["attrs"].get("type") == "application/ld+json"
        ]


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Head(response.content.decode())


class TestCanonical:
    def test_a_fiche_drops_every_query_parameter(self, client, fiche):
        page = head(client, f"{fiche.url}?utm_source=lettre&fbclid=abc&page=2")

        assert page.links["canonical"] == f"{BASE}{fiche.url}"
        assert page.meta["og:url"] == f"{BASE}{fiche.url}"

    def test_the_catalogue_keeps_its_filters_but_not_sorting_paging_search_or_tracking(
        self, client, index
    ):
        factories.FichePageFactory(parent=index)
        url = f"{index.url}?page=1&order=amount&nature=services&utm_medium=email&q=jardin&region=53"

        page = head(client, url)

        assert page.links["canonical"] == f"{BASE}{index.url}?region=53&nature=services"

    def test_canonical_url_keeps_listed_parameters_in_a_stable_order(self, rf):
        request = rf.get("/fr/fiches/", {"theme": "btp", "lever": "marche_reserve", "x": "1"})
        assert (
            seo.canonical_url(request, keep=seo.CATALOGUE_CANONICAL_PARAMS)
            # The order of the catalogue's own links (fiches.catalogue.filters.FILTERS).
            == "http://testserver/fr/fiches/?theme=btp&lever=marche_reserve"
        )
        assert seo.canonical_url(request) == "http://testserver/fr/fiches/"


class TestOpenGraph:
    def test_a_fiche_with_a_hero_image_is_an_article_with_a_large_card(self, client, index):
        theme = factories.ThemeFactory(name="Espaces verts")
        fiche = factories.FichePageFactory(
            parent=index,
            # Full size: renditions are never enlarged, and networks want 1200×630.
            hero_image=factories.ImageFactory(title="Parc"),
            hero_image_alt="Une équipe taille une haie",
            themes=[theme],
        )

        page = head(client, fiche.url)

        assert page.meta["og:type"] == "article"
        assert page.meta["og:title"] == fiche.title
        assert page.meta["og:description"] == fiche.chapo
        assert page.meta["description"] == fiche.chapo
        assert page.meta["og:locale"] == "fr_FR"
        assert page.meta["og:site_name"] == "Fiches REX"
        image = page.meta["og:image"]
        assert image.startswith(f"{BASE}/media/images/") and image.endswith(".jpg")
        rendition = fiche.hero_image.get_rendition(seo.SHARE_IMAGE_SPEC)
        assert image == f"{BASE}{rendition.url}"
        assert rendition.width == 1200
        assert page.meta["og:image:width"] == "1200"
        assert page.meta["og:image:height"] == str(rendition.height)
        assert page.meta["og:image:alt"] == "Une équipe taille une haie"
        assert page.meta["twitter:card"] == "summary_large_image"
        assert page.meta["article:published_time"].startswith(f"{fiche.first_published_at.year}-")
        assert page.meta_lists["article:tag"] == ["Espaces verts"]

    def test_a_fiche_without_image_has_the_small_card(self, client, fiche):
        page = head(client, fiche.url)

        assert "og:image" not in page.meta
        assert page.meta["twitter:card"] == "summary"

    def test_the_other_languages_are_locale_alternates(self, client, home, index, fiche):
        english = Locale.objects.get_or_create(language_code="en")[0]
        for parent in (home, index):
            parent.copy_for_translation(english).save_revision().publish()
        fiche_en = fiche.copy_for_translation(english)
        fiche_en.save_revision().publish()
        fiche_en.refresh_from_db()

        french = head(client, fiche.url)
        english_page = head(client, fiche_en.url)

        assert french.meta["og:locale"] == "fr_FR"
        assert french.meta_lists["og:locale:alternate"] == ["en_GB"]
        assert english_page.meta["og:locale"] == "en_GB"
        assert english_page.meta_lists["og:locale:alternate"] == ["fr_FR"]
        assert english_page.links["canonical"] == f"{BASE}{fiche_en.url}"

    def test_an_actor_shares_its_name_presentation_and_logo(self, client, index):
        buyer = factories.BuyerFactory(
            name="Ville de Rennes", logo=small_image("Logo"), siret="73282932000074"
        )
        factories.FichePageFactory(parent=index, buyers=[buyer])

        page = head(client, buyer.get_absolute_url())

        assert page.links["canonical"] == f"{BASE}{buyer.get_absolute_url()}"
        assert page.meta["og:title"] == "Ville de Rennes"
        assert page.meta["og:description"] == buyer.short_description
        assert page.meta["og:image"].endswith(".png")
        assert page.meta["twitter:card"] == "summary"
        (organisation,) = page.json_ld()
        assert organisation["@type"] == "GovernmentOrganization"
        assert organisation["name"] == "Ville de Rennes"
        assert organisation["identifier"]["value"] == "73282932000074"
        assert organisation["logo"] == page.meta["og:image"]

    def test_a_content_page_gets_the_defaults(self, client, home):
        page = head(client, "/fr/")

        assert page.links["canonical"] == f"{BASE}/fr/"
        assert page.meta["og:type"] == "website"
        assert page.meta["og:title"] == home.title


class TestJsonLd:
    def test_a_fiche_is_an_article_that_mentions_its_actors(self, client, index):
        author = factories.OperatorFactory(name="CRESS Bretagne")
        buyer = factories.BuyerFactory(name="Ville de Rennes", siret="73282932000074")
        supplier = factories.ESSStructureFactory(name="Jardins du Breil")
        fiche = factories.FichePageFactory(
            parent=index,
            author=author,
            buyers=[buyer],
            suppliers=[supplier],
            hero_image=small_image("Parc"),
            additional_cpvs=[factories.cpv("77211300-5")],
        )

        (article,) = head(client, fiche.url).json_ld()

        assert article["@context"] == "https://schema.org"
        assert article["@type"] == "Article"
        assert article["headline"] == fiche.title
        assert article["description"] == fiche.chapo
        assert article["inLanguage"] == "fr"
        assert article["url"] == f"{BASE}{fiche.url}"
        assert article["datePublished"].startswith(str(fiche.first_published_at.year))
        assert "dateModified" in article
        assert article["author"] == {
            "@type": "Organization",
            "name": "CRESS Bretagne",
            "url": f"{BASE}{author.get_absolute_url()}",
            "description": author.short_description,
        }
        assert article["publisher"]["url"] == f"{BASE}/fr/"
        assert article["image"]["url"].endswith(".jpg")
        assert [term["termCode"] for term in article["about"]] == ["77310000-6", "77211300-5"]
        mentioned = {item["name"]: item for item in article["mentions"]}
        assert mentioned["Ville de Rennes"]["@type"] == "GovernmentOrganization"
        assert mentioned["Ville de Rennes"]["identifier"] == {
            "@type": "PropertyValue",
            "propertyID": "SIRET",
            "value": "73282932000074",
        }
        assert mentioned["Jardins du Breil"]["@type"] == "Organization"
        assert "identifier" not in mentioned["Jardins du Breil"]
        assert mentioned["Jardins du Breil"]["address"]["addressRegion"] == "Bretagne"
        assert article["contentLocation"]["name"] == "Rennes"

    def test_text_cannot_close_the_script_element(self, client, index):
        title = "Fin </script><script>alert(1)</script> & <!-- « œ »"
        fiche = factories.FichePageFactory(parent=index, title=title)

        html = client.get(fiche.url).content.decode()
        page = Head(html)

        assert "<script>alert(1)" not in html
        (article,) = page.json_ld()
        assert article["headline"] == title

    def test_serialiser_escapes_markup_characters(self):
        script = seo.json_ld_script({"name": "</script>&<!--\u2028"})

        body = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', script).group(1)
        assert "<" not in body and ">" not in body and "&" not in body
        assert json.loads(body) == {"name": "</script>&<!--\u2028"}


class TestContentSecurityPolicy:
    def test_the_only_inline_script_is_the_json_ld_data_block(self, client, fiche):
        response = client.get(fiche.url)
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()

        # Browsers never execute a data block, so the strict policy (no 'unsafe-inline', no
        # nonce) does not apply to it: every other script must come from a file.
        assert script_src == ["'self'"]
        inline = [s for s in Head(response.content.decode()).scripts if "src" not in s["attrs"]]
        assert [s["attrs"].get("type") for s in inline] == ["application/ld+json"]
