"""Body blocks: to_python → clean → render, without the database unless an image or an embed is
involved. Assertions look at the semantic HTML (elements and text), not at CSS classes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test.html import Element, parse_html
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from fiches import blocks, factories


def find_all(html, name):
    """Every element called ``name`` in the rendered HTML, as parsed by Django's test utils."""
    found = []

    def walk(element):
        if element.name == name:
            found.append(element)
        for child in element.children:
            if isinstance(child, Element):
                walk(child)

    # parse_html returns the element itself when the fragment has a single root.
    walk(parse_html(html))
    return found


def text_of(element):
    parts = []
    for child in element.children:
        parts.append(text_of(child) if isinstance(child, Element) else child)
    return " ".join(part.strip() for part in parts if part.strip())


def attrs(element):
    return dict(element.attributes)


def render(block, raw):
    """What an editor's saved value becomes on the page."""
    return block.render(block.clean(block.to_python(raw)))


class TestHeadingBlock:
    @pytest.mark.parametrize("level", ["h2", "h3", "h4"])
    def test_renders_the_chosen_level(self, level):
        html = render(blocks.HeadingBlock(), {"text": "Le contexte", "level": level})
        headings = [
            element for name in ("h1", "h2", "h3", "h4", "h5") for element in find_all(html, name)
        ]
        assert [(element.name, text_of(element)) for element in headings] == [
            (level, "Le contexte")
        ]

    def test_text_is_escaped(self):
        html = render(blocks.HeadingBlock(), {"text": "<script>x</script>", "level": "h2"})
        assert "<script>" not in html
        assert find_all(html, "script") == []

    @pytest.mark.parametrize("level", ["h1", "h5", ""])
    def test_only_h2_to_h4(self, level):
        block = blocks.HeadingBlock()
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"text": "Titre", "level": level}))
        assert list(caught.value.block_errors) == ["level"]

    def test_text_is_required(self):
        block = blocks.HeadingBlock()
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"text": "", "level": "h2"}))
        assert list(caught.value.block_errors) == ["text"]


class TestParagraphBlock:
    def test_renders_rich_text(self):
        block = blocks.ParagraphBlock()
        html = render(block, "<p>Un marché <b>réservé</b>.</p>")
        paragraphs = find_all(html, "p")
        assert [text_of(p) for p in paragraphs] == ["Un marché réservé ."]
        assert find_all(html, "b") or find_all(html, "strong")


class TestTestimonyBlock:
    def test_renders_quote_and_author_in_a_blockquote(self):
        html = render(
            blocks.TestimonyBlock(),
            {
                "quote": "Le marché réservé nous a permis de pérenniser dix postes.",
                "author": "Marie Durand",
                "role": "Directrice, ESAT des Olonnes",
            },
        )
        (quote,) = find_all(html, "blockquote")
        assert "Le marché réservé nous a permis de pérenniser dix postes." in text_of(quote)
        assert "Marie Durand" in html
        assert "Directrice, ESAT des Olonnes" in html
        assert "Marie Durand" not in text_of(quote)

    def test_role_is_optional(self):
        html = render(
            blocks.TestimonyBlock(), {"quote": "Une citation.", "author": "Paul", "role": ""}
        )
        assert "Paul" in html
        assert len(find_all(html, "blockquote")) == 1

    def test_only_the_quote_is_required(self):
        block = blocks.TestimonyBlock()
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"quote": "", "author": "", "role": ""}))
        assert set(caught.value.block_errors) == {"quote"}
        value = block.clean(block.to_python({"quote": "Merci.", "author": "", "role": ""}))
        assert value["author"] == ""

    def test_an_unnamed_speaker_is_shown_by_the_role(self):
        html = render(
            blocks.TestimonyBlock(),
            {"quote": "Une citation.", "author": "", "role": "Responsable des achats"},
        )
        (caption,) = find_all(html, "figcaption")
        assert text_of(caption).strip() == "Responsable des achats"

    def test_a_speaker_neither_named_nor_described_is_said_unnamed(self):
        html = render(blocks.TestimonyBlock(), {"quote": "Une citation.", "author": "", "role": ""})
        (caption,) = find_all(html, "figcaption")
        assert text_of(caption).strip() == "Témoin non nommé"


class TestKeyFiguresBlock:
    def test_renders_values_units_and_labels(self):
        html = render(
            blocks.KeyFiguresBlock(),
            {
                "title": "En bref",
                "figures": [
                    {"value": "34", "unit": "", "label": "collèges livrés"},
                    {"value": "105000", "unit": "€", "label": "par an"},
                ],
            },
        )
        items = [text_of(item) for item in find_all(html, "li")]
        assert len(items) == 2
        assert "34" in items[0]
        assert "collèges livrés" in items[0]
        # French grouping: 105 000 (a no-break space of some kind between the groups).
        compact = "".join(items[1].split()).replace("\xa0", "").replace("\u202f", "")
        assert "105000€" in compact
        assert "par an" in items[1]
        assert "En bref" in html

    def test_at_least_one_figure(self):
        block = blocks.KeyFiguresBlock()
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"title": "", "figures": []}))
        assert list(caught.value.block_errors) == ["figures"]

    def test_at_most_six_figures(self):
        block = blocks.KeyFiguresBlock()
        figures = [{"value": str(n), "unit": "", "label": f"chiffre {n}"} for n in range(7)]
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"title": "", "figures": figures}))
        assert list(caught.value.block_errors) == ["figures"]


class TestKeyFigurePrecision:
    """Key figures with their precision (exact, about, more/less than, range), and figures stored
    before the precision existed ({value, unit, label}), read as exact values."""

    OLD_SHAPE = {"value": "34", "unit": "", "label": "collèges livrés"}

    def test_a_figure_of_the_old_shape_is_an_exact_value(self):
        block = blocks.KeyFigureBlock()
        value = block.to_python(self.OLD_SHAPE)
        assert value["kind"] == "exact"
        assert value["value_min"] is None and value["period"] == ""
        assert value.figure == "34"
        assert block.get_api_representation(value)["kind"] == "exact"
        block.clean(value)

    def test_a_stored_list_of_the_old_shape_renders(self):
        stored = {"title": "", "figures": [{"type": "item", "value": self.OLD_SHAPE, "id": "a"}]}
        html = render(blocks.KeyFiguresBlock(), stored)
        assert "34" in text_of(find_all(html, "li")[0])

    @pytest.mark.parametrize(
        ("figure", "expected"),
        [
            (
                {"kind": "fourchette", "value_min": "350", "value_max": "500",
                 "unit": "", "label": "personnes accompagnées"},
                "350 à 500 personnes accompagnées",
            ),
            (
                {"kind": "plus_de", "value": "400", "unit": "", "label": "machines réemployées"},
                "plus de 400 machines réemployées",
            ),
            (
                {"kind": "environ", "value": "8", "unit": "t", "label": "de biodéchets",
                 "period": "par jour", "source": "Bilan 2023"},
                "environ 8\u00a0t de biodéchets par jour Bilan 2023",
            ),
        ],
    )  # fmt: skip
    def test_renders_in_french(self, figure, expected):
        html = render(blocks.KeyFiguresBlock(), {"title": "", "figures": [figure]})
        text = " ".join(text_of(find_all(html, "li")[0]).split(" "))
        assert " ".join(text.split()) == " ".join(expected.split())

    @pytest.mark.parametrize(
        ("figure", "fields", "message"),
        [
            ({"kind": "fourchette", "value_min": "500", "value_max": "350"}, {"value_max"},
             "Le maximum (350) est inférieur au minimum (500)"),
            ({"kind": "fourchette", "value_min": "350"}, {"value_max"},
             "Une fourchette a deux bornes : indiquez le maximum."),
            ({"kind": "plus_de"}, {"value"}, "« Plus de » demande une valeur"),
            ({"kind": "exact"}, {"value"}, "Indiquez la valeur, en chiffres."),
        ],
    )  # fmt: skip
    def test_validation_in_french(self, figure, fields, message):
        block = blocks.KeyFigureBlock()
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"unit": "", "label": "personnes", **figure}))
        assert set(caught.value.block_errors) == fields
        messages = [str(error.message) for error in caught.value.block_errors.values()]
        assert any(message in text for text in messages)

    def test_values_are_typed_the_french_way(self):
        field = blocks.KeyFigureBlock().child_blocks["value"]
        assert field.clean("1 600 000,00") == Decimal("1600000.00")
        assert field.clean("1,5") == Decimal("1.5")
        with pytest.raises(ValidationError, match="la virgule sépare les décimales"):
            field.clean("1,600,000")
        assert field.get_form_state(Decimal("1600000.00")) == "1 600 000"


class TestCalloutBlock:
    @pytest.mark.parametrize(
        ("tone", "label"),
        [("info", "À savoir"), ("tip", "Conseil"), ("warning", "Point de vigilance")],
    )
    def test_renders_tone_label_and_text(self, tone, label):
        html = render(
            blocks.CalloutBlock(),
            {"tone": tone, "title": "", "text": "<p>Associez le facilitateur tôt.</p>"},
        )
        assert label in html
        assert "Associez le facilitateur tôt." in html

    def test_renders_its_title(self):
        html = render(
            blocks.CalloutBlock(),
            {"tone": "info", "title": "Le saviez-vous ?", "text": "<p>Texte.</p>"},
        )
        assert "Le saviez-vous ?" in html

    def test_text_is_required(self):
        block = blocks.CalloutBlock()
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"tone": "info", "title": "Titre", "text": ""}))
        assert list(caught.value.block_errors) == ["text"]


@pytest.mark.parametrize(
    "block_class",
    [
        blocks.ParagraphBlock,
        blocks.HeadingBlock,
        blocks.TestimonyBlock,
        blocks.KeyFiguresBlock,
        blocks.CalloutBlock,
    ],
)
def test_preview_value_is_valid_and_renders(block_class):
    """The admin's block previews use these values: they must pass validation."""
    block = block_class()
    value = block.normalize(block.meta.preview_value)
    assert block.render(block.clean(value)).strip()


def test_body_offers_every_block_type():
    assert list(blocks.FicheBodyBlock().child_blocks) == [
        "heading",
        "paragraph",
        "image",
        "callout",
        "document",
        "video",
        "testimony",
        "key_figures",
    ]
    assert list(blocks.ContentBodyBlock().child_blocks) == [
        "heading",
        "paragraph",
        "image",
        "callout",
        "document",
        "video",
    ]


def test_body_limits_headings():
    body = blocks.FicheBodyBlock()
    value = body.to_python(
        [{"type": "heading", "value": {"text": f"Titre {n}", "level": "h2"}} for n in range(31)]
    )
    with pytest.raises(StreamBlockValidationError):
        body.clean(value)


@pytest.mark.django_db
class TestVideoBlock:
    URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"

    def test_title_is_required(self):
        block = blocks.VideoBlock()
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"video": self.URL, "title": "", "transcript": ""}))
        assert list(caught.value.block_errors) == ["title"]

    def test_unknown_url_is_rejected(self, monkeypatch):
        # The oEmbed fallback must not reach the network: any call fails as offline.
        monkeypatch.setattr(
            "socket.socket.connect", lambda *args: (_ for _ in ()).throw(OSError("offline"))
        )
        block = blocks.VideoBlock()
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(
                block.to_python(
                    {"video": "https://example.org/video/1", "title": "Vidéo", "transcript": ""}
                )
            )
        assert list(caught.value.block_errors) == ["video"]

    def test_renders_the_privacy_friendly_player_and_the_title(self):
        html = render(
            blocks.VideoBlock(),
            {
                "video": self.URL,
                "title": "Reportage sur le chantier",
                "transcript": "Bonjour, je suis jardinier.",
            },
        )
        (iframe,) = find_all(html, "iframe")
        assert attrs(iframe)["src"] == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
        assert "Reportage sur le chantier" in html
        assert "Bonjour, je suis jardinier." in html

    def test_iframe_is_announced_by_its_title(self):
        """Screen readers announce an iframe by its ``title`` attribute (RGAA 2.1)."""
        html = render(
            blocks.VideoBlock(),
            {"video": self.URL, "title": "Reportage sur le chantier", "transcript": ""},
        )
        (iframe,) = find_all(html, "iframe")
        assert attrs(iframe).get("title") == "Reportage sur le chantier"


@pytest.mark.django_db
class TestFigureBlock:
    @pytest.fixture
    def image(self):
        return factories.ImageFactory(description="", credit="© CRESS Bretagne")

    def test_image_without_alt_text_and_not_decorative_is_rejected(self, image):
        block = blocks.FigureBlock()
        value = block.to_python(
            {
                "image": {"image": image.pk, "decorative": False, "alt_text": ""},
                "caption": "Une légende",
            }
        )
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(value)
        assert list(caught.value.block_errors) == ["image"]
        assert "alt_text" in caught.value.block_errors["image"].block_errors

    def test_decorative_image_needs_no_alt_text(self, image):
        html = render(
            blocks.FigureBlock(),
            {"image": {"image": image.pk, "decorative": True, "alt_text": ""}, "caption": ""},
        )
        (img,) = find_all(html, "img")
        assert attrs(img)["alt"] == ""

    def test_renders_alt_text_caption_and_credit(self, image):
        html = render(
            blocks.FigureBlock(),
            {
                "image": {"image": image.pk, "decorative": False, "alt_text": "Deux jardiniers"},
                "caption": "L'équipe sur le terrain",
            },
        )
        (img,) = find_all(html, "img")
        assert attrs(img)["alt"] == "Deux jardiniers"
        (caption,) = find_all(html, "figcaption")
        assert "L'équipe sur le terrain" in text_of(caption)
        assert "© CRESS Bretagne" in text_of(caption)

    def test_image_is_required(self):
        block = blocks.FigureBlock()
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(
                block.to_python(
                    {"image": {"image": None, "decorative": False, "alt_text": ""}, "caption": ""}
                )
            )
        assert list(caught.value.block_errors) == ["image"]


@pytest.mark.django_db
def test_document_block_links_to_the_file():
    document = factories.DocumentFactory(title="Cahier des charges")
    html = render(
        blocks.DocumentBlock(),
        {"document": document.pk, "title": "", "description": "Le CCTP du marché."},
    )
    (link,) = find_all(html, "a")
    assert attrs(link)["href"] == document.url
    assert "Cahier des charges" in text_of(link)
    assert "Le CCTP du marché." in html
