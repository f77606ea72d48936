"""The PDF's page geometry, colours, fonts and paragraph styles, and how plain text is made
safe for ReportLab's markup."""

from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.utils import formats, timezone
from django.utils.translation import get_language
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from fiches.text import NON_BREAKING_HYPHEN, french_typography

FONT = "FichesVera"
INK = colors.HexColor("#1c2628")
MUTED = colors.HexColor("#4a5759")
TEAL = colors.HexColor("#0e5a57")
TEAL_DARK = colors.HexColor("#0b3b39")
TEAL_LIGHT = colors.HexColor("#edf6f4")
LINE = colors.HexColor("#ded6c7")
OCHRE_LIGHT = colors.HexColor("#fbeccd")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 2 * cm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN


@cache
def _fonts():
    """Registers Vera (regular, bold, italic, bold italic) once per process."""
    folder = Path(reportlab.__file__).parent / "fonts"
    faces = {
        FONT: "Vera.ttf",
        f"{FONT}-Bold": "VeraBd.ttf",
        f"{FONT}-Italic": "VeraIt.ttf",
        f"{FONT}-BoldItalic": "VeraBI.ttf",
    }
    for name, filename in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=f"{FONT}-Bold",
        italic=f"{FONT}-Italic",
        boldItalic=f"{FONT}-BoldItalic",
    )
    return FONT


@cache
def _styles():
    font = _fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13.5, textColor=INK)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=11, textColor=MUTED),
        "eyebrow": ParagraphStyle(
            "eyebrow", parent=body, fontName=f"{font}-Bold", fontSize=8, textColor=TEAL
        ),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=f"{font}-Bold",
            fontSize=19,
            leading=24,
            textColor=TEAL_DARK,
            spaceBefore=2,
            spaceAfter=6,
        ),
        "chapo": ParagraphStyle("chapo", parent=body, fontSize=11.5, leading=16, spaceAfter=6),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=f"{font}-Bold",
            fontSize=13,
            leading=17,
            textColor=TEAL_DARK,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=body,
            fontName=f"{font}-Bold",
            fontSize=10.5,
            leading=14,
            textColor=TEAL,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "paragraph": ParagraphStyle("paragraph", parent=body, spaceAfter=5),
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=2
        ),
        "label": ParagraphStyle("label", parent=body, fontName=f"{font}-Bold", fontSize=8.5),
        "quote": ParagraphStyle(
            "quote", parent=body, fontName=f"{font}-Italic", fontSize=10.5, leading=15
        ),
    }


def _text(value):
    """Plain text made safe for ReportLab's paragraph markup. ReportLab breaks lines at the
    narrow no-break space Django puts in French numbers (« 120 000 € »): a no-break space
    keeps them whole."""
    text = str(value or "")
    if (get_language() or "").startswith("fr"):
        # The PDF's fonts have no non-breaking hyphen: ReportLab does not break at hyphens.
        text = french_typography(text).replace(NON_BREAKING_HYPHEN, "-")
    return escape(text.replace("\u202f", "\u00a0"))


def _date(value):
    """``15 mars 2023``; datetimes in the site's time zone."""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return formats.date_format(value, "j F Y")
