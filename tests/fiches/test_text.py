"""French typography (fiches.text.french_typography): the rules on plain text, HTML left
intact, and its effect on the rendered fiche page, the PDF and the other public pages that
show editors' text (one filter, ``french_typography``, in every template)."""

import io
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from wagtail.models import Page

from fiches import factories
from fiches.rendering.pdf.styles import _text
from fiches.text import NBSP, NON_BREAKING_HYPHEN, french_typography, french_typography_html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Résultat : réussi !", f"Résultat{NBSP}: réussi{NBSP}!"),
        ("Pourquoi ? Parce que ; voilà", f"Pourquoi{NBSP}? Parce que{NBSP}; voilà"),
        ("50 % du prix", f"50{NBSP}% du prix"),
        ("« Un vrai tremplin »", f"«{NBSP}Un vrai tremplin{NBSP}»"),
        ("art. L2113-13", f"art. L2113{NON_BREAKING_HYPHEN}13"),
        ("L2113-13-1", f"L2113{NON_BREAKING_HYPHEN}13{NON_BREAKING_HYPHEN}1"),
        ("1 600 000 €", f"1{NBSP}600{NBSP}000{NBSP}€"),
        ("3500 heures", f"3500{NBSP}heures"),
        ("le 1 décembre 2023", f"le 1er{NBSP}décembre 2023"),
        ("le 11 décembre", "le 11 décembre"),
        ("https://example.org/a?b=1 à 10:30", "https://example.org/a?b=1 à 10:30"),
    ],
)
def test_rules(text, expected):
    assert french_typography(text) == expected


def test_html_tags_and_attributes_are_untouched():
    html = (
        '<a href="https://example.org/?q=a :b" title="« x »">Voir : ici</a>'
        "<script>var a = b ? c : d;</script>"
    )
    assert french_typography_html(html) == (
        '<a href="https://example.org/?q=a :b" title="« x »">'
        f"Voir{NBSP}: ici</a><script>var a = b ? c : d;</script>"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("Marchés publics &amp; ESS", "Marchés publics &amp; ESS"),
        ("Le projet &quot;Fil&quot; : oui", f"Le projet &quot;Fil&quot;{NBSP}: oui"),
        ("Titulaire &lt;lot 2&gt;", "Titulaire &lt;lot 2&gt;"),
        ("l&#x27;ESS ; &#39; ok", f"l&#x27;ESS{NBSP}; &#39; ok"),
    ],
)
def test_character_references_are_left_whole(html, expected):
    """An escaped quote or ampersand ends with « ; », which is no semicolon to typeset: it
    became « &amp\u00a0; », shown as « & ; »."""
    assert french_typography_html(html) == expected


def test_the_home_pages_title_keeps_its_ampersand(client, home):
    content = client.get(home.url).content.decode()
    assert "Marchés publics &amp; ESS</h1>" in content


def test_the_fiche_page_and_the_pdf(client, index):
    fiche = factories.FichePageFactory(
        parent=index,
        title="Réemploi : un marché réservé (L2113-13) ?",
        chapo="« Un vrai tremplin », dit la directrice.",
    )
    content = unescape(client.get(fiche.url).content.decode())
    assert f"Réemploi{NBSP}: un marché réservé (L2113{NON_BREAKING_HYPHEN}13){NBSP}?" in content
    assert f"«{NBSP}Un vrai tremplin{NBSP}»" in content

    response = client.get(fiche.url + "pdf/")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    # The extracted text shows no-break spaces as spaces; the hyphen stays a hyphen (the
    # PDF's fonts have no non-breaking hyphen).
    assert "Réemploi : un marché réservé (L2113-13) ?" in text
    # What the PDF's paragraphs are made of (fiches.rendering.pdf.styles._text).
    assert _text("« Un vrai tremplin » : oui") == f"«{NBSP}Un vrai tremplin{NBSP}»{NBSP}: oui"


# ---------- The other public pages that show editors' text ----------

TITLE = "Réemploi : un marché réservé (L2113-13) ?"
TYPESET_TITLE = f"Réemploi{NBSP}: un marché réservé (L2113{NON_BREAKING_HYPHEN}13){NBSP}?"
ACTOR = "Ressourcerie « Le Grenier » : réemploi"
TYPESET_ACTOR = f"Ressourcerie «{NBSP}Le Grenier{NBSP}»{NBSP}: réemploi"


@pytest.fixture
def typeset_fiche(index):
    buyer = factories.BuyerFactory(name="Commune : Rennes ?")
    supplier = factories.ESSStructureFactory(
        name=ACTOR, short_description="Un atelier « solidaire » depuis 1 600 jours !"
    )
    return factories.FichePageFactory(
        parent=index,
        title=TITLE,
        chapo="« Un vrai tremplin », dit la directrice.",
        buyers=[buyer],
        suppliers=[supplier],
    )


def rendered(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_catalogue_and_its_cards(client, index, typeset_fiche):
    index.intro = "<p>Les fiches : des cas réels !</p>"
    index.save_revision().publish()
    content = rendered(client, index.url)
    assert f"Les fiches{NBSP}: des cas réels{NBSP}!" in content
    assert TYPESET_TITLE in content
    assert f"«{NBSP}Un vrai tremplin{NBSP}»" in content


def test_the_actor_page_and_the_directory(client, typeset_fiche):
    supplier = typeset_fiche.supplier_links.get().actor
    content = rendered(client, supplier.get_absolute_url())
    assert TYPESET_ACTOR in content
    assert f"Un atelier «{NBSP}solidaire{NBSP}» depuis 1{NBSP}600{NBSP}jours{NBSP}!" in content
    # The fiche's card on the actor page, with the actor's role.
    assert TYPESET_TITLE in content
    assert f"Rôle{NBSP}:" in content

    content = rendered(client, reverse("actor_directory"))
    assert TYPESET_ACTOR in content
    assert f"Commune{NBSP}: Rennes{NBSP}?" in content


def test_the_region_pages(client, typeset_fiche):
    region = typeset_fiche.region
    content = rendered(client, reverse("region_detail", args=[region.slug]))
    assert TYPESET_TITLE in content
    assert TYPESET_ACTOR in content
    assert f"Commune{NBSP}: Rennes{NBSP}?" in content


def test_the_home_page_and_the_news(client, home, typeset_fiche):
    from home import factories as home_factories

    home.intro = "<p>Des achats responsables : voici comment !</p>"
    home.save_revision().publish()
    news = home_factories.NewsIndexPageFactory(parent=home)
    article = home_factories.ArticlePageFactory(
        parent=news, title="Rencontre : « achats solidaires » ?", chapo="Le 1 décembre 2025 !"
    )
    content = rendered(client, home.url)
    assert f"Des achats responsables{NBSP}: voici comment{NBSP}!" in content
    assert TYPESET_TITLE in content
    assert f"Rencontre{NBSP}: «{NBSP}achats solidaires{NBSP}»{NBSP}?" in content

    content = rendered(client, news.url)
    assert f"Le 1er{NBSP}décembre 2025{NBSP}!" in content

    content = rendered(client, article.url)
    assert f"Rencontre{NBSP}: «{NBSP}achats solidaires{NBSP}»{NBSP}?" in content
    assert f"Le 1er{NBSP}décembre 2025{NBSP}!" in content


def test_a_content_page(client, home):
    from home.models import ContentPage

    page = ContentPage(title="Qui sommes-nous ?", intro="Un réseau : le nôtre.", slug="qui")
    home.add_child(instance=page)
    page.save_revision().publish()
    content = rendered(client, page.url)
    assert f"Qui sommes-nous{NBSP}?" in content
    assert f"Un réseau{NBSP}: le nôtre." in content


def test_the_site_search(client, typeset_fiche):
    content = rendered(client, reverse("site_search") + "?q=réemploi")
    # The searched word is marked: <mark>Réemploi</mark>.
    assert TYPESET_TITLE in re.sub(r"</?mark[^>]*>", "", content)


def test_english_pages_are_left_alone(client, typeset_fiche):
    supplier = typeset_fiche.supplier_links.get().actor
    with translation.override("en"):
        url = supplier.get_absolute_url()
    content = rendered(client, url)
    assert ACTOR in content


@pytest.mark.parametrize("key", ["accessibility", "site_map"])
def test_the_statement_and_the_site_map(client, home, key):
    from home.public_content import BY_KEY

    spec = BY_KEY[key]
    page = Page.objects.get(
        translation_key=spec.translation_key, locale__language_code="fr"
    ).specific
    page.title, page.intro = "Plan : le nôtre ?", "Un site ; des pages !"
    page.save_revision().publish()
    content = rendered(client, page.url)
    assert f"Plan{NBSP}: le nôtre{NBSP}?" in content
    assert f"Un site{NBSP}; des pages{NBSP}!" in content
