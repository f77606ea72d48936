"""The building blocks of the PDF's sections: rich text as paragraphs, headings, sections,
labelled tables, boxes and image renditions."""

import io
from html.parser import HTMLParser
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.units import cm
from reportlab.platypus import (
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .styles import FRAME_WIDTH, LINE, TEAL_LIGHT, _styles, _text


class _RichText(HTMLParser):
    """Wagtail rich text (paragraphs, h2-h4, lists, bold, italic, links) as ReportLab
    paragraphs. Links to external addresses are kept; links to pages and documents of the site
    keep their text only (resolving them would query the database)."""

    BLOCKS = {"p": "paragraph", "h2": "h3", "h3": "h3", "h4": "h3", "li": "bullet"}
    INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.style = None
        self.bullet = None
        self.markup = []
        self.open_links = []
        self.lists = []

    def flush(self):
        markup = "".join(self.markup).strip()
        if markup:
            self.blocks.append((self.style or "paragraph", markup, self.bullet))
        self.markup, self.style, self.bullet = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("ul", "ol"):
            self.flush()
            self.lists.append([tag, 0])
        elif tag in self.BLOCKS:
            self.flush()
            self.style = self.BLOCKS[tag]
            if tag == "li" and self.lists:
                kind = self.lists[-1]
                kind[1] += 1
                self.bullet = f"{kind[1]}." if kind[0] == "ol" else "•"
        elif tag in self.INLINE:
            self.markup.append(f"<{self.INLINE[tag]}>")
        elif tag == "br":
            self.markup.append("<br/>")
        elif tag == "a":
            href = attrs.get("href") or ""
            external = href.startswith(("http://", "https://", "mailto:"))
            self.open_links.append(external)
            if external:
                self.markup.append(f'<a href={quoteattr(href)} color="#0e5a57">')

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag in self.BLOCKS:
            self.flush()
        elif tag in self.INLINE:
            self.markup.append(f"</{self.INLINE[tag]}>")
        elif tag == "a" and self.open_links and self.open_links.pop():
            self.markup.append("</a>")

    def handle_data(self, data):
        self.markup.append(_text(data))


def _paragraph(markup, style, bullet=None):
    """A paragraph; markup ReportLab refuses (unbalanced tags) falls back to its plain text."""
    try:
        return Paragraph(markup, style, bulletText=bullet)
    except ValueError:
        parser = HTMLParser()
        plain = []
        parser.handle_data = plain.append
        parser.feed(markup)
        return Paragraph(escape("".join(plain)), style, bulletText=bullet)


def rich_text(html):
    """Flowables for a rich text field or block value."""
    parser = _RichText()
    parser.feed(str(getattr(html, "source", html) or ""))
    parser.close()
    parser.flush()
    styles = _styles()
    return [_paragraph(markup, styles[style], bullet) for style, markup, bullet in parser.blocks]


# --- Sections ----------------------------------------------------------------------------------


def _heading(text):
    return Paragraph(_text(text), _styles()["h2"])


def _subheading(text):
    return Paragraph(_text(text), _styles()["h3"])


def _section(title, flowables):
    """``flowables`` under the heading ``title``; nothing when there are none."""
    return [_heading(title), *flowables] if flowables else []


def _rich_subsections(parts):
    """A subheading and its rich text for each ``(title, html)`` of ``parts`` that has text."""
    flowables = []
    for title, html in parts:
        if html:
            flowables += [_subheading(title), *rich_text(html)]
    return flowables


def _rows_table(rows, *, first_column=4.6 * cm):
    """A two-column table of labels and values (flowables or lists of flowables)."""
    table = Table(rows, colWidths=[first_column, FRAME_WIDTH - first_column], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), TEAL_LIGHT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _boxed(flowables, *, background=TEAL_LIGHT):
    table = Table([[flowables]], colWidths=[FRAME_WIDTH], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), background),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return [table, Spacer(1, 6)]


def _rendition(image, spec):
    """A rendition of ``image`` and its file's content, or ``(None, None)`` when its file
    cannot be read (the PDF is then built without the image)."""
    try:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            return rendition, io.BytesIO(handle.read())
    except (OSError, ValueError):
        return None, None
