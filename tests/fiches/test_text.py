"""French typography (fiches.text.french_typography): the rules on plain text, HTML left
intact, and its effect on the rendered fiche page and the PDF."""

import io
from html import unescape

import pytest
from pypdf import PdfReader

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
