"""Plain values the open-data exports share: the licence, text out of rich text and out of the
body, numbers, the public contact and the hero image.

They read only what ``fiches.opendata.selectors.export_fiches`` loaded: no query here.
"""

import html
import re
from decimal import Decimal

from django.conf import settings
from django.utils.html import strip_tags

from fiches.choices import FigureKind


def licence():
    """The licence of the open data, from the ``OPEN_DATA_LICENCE*`` settings."""
    return {
        "name": getattr(settings, "OPEN_DATA_LICENCE", "Licence Ouverte 2.0"),
        "url": getattr(
            settings,
            "OPEN_DATA_LICENCE_URL",
            "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        ),
    }


def plain_text(rich_text):
    """Plain text from rich text: paragraphs separated by a blank line, entities decoded."""
    text = re.sub(r"</(p|h[1-6]|li)>", "\n\n", rich_text or "")
    text = re.sub(r"<br\s*/?>", "\n", text)
    return html.unescape(strip_tags(text)).strip().replace("\n\n\n", "\n\n")


def number(value):
    """A JSON number from a decimal: an integer when it has no fraction."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def full_url(fiche, request):
    return fiche.get_full_url(request=request) or ""


def contact(fiche):
    """The contact of the fiche, only when it is marked public (RGPD)."""
    if not fiche.contact_is_public:
        return None
    return {
        "nom": fiche.contact_name,
        "fonction": fiche.contact_role,
        "email": fiche.contact_email,
        "telephone": fiche.contact_phone,
    }


def hero_image(fiche, request=None):
    """The hero image as ``{url, texte_alternatif, credit}``, or ``None``. The URL is the
    original file's: an export builds no rendition."""
    if not fiche.hero_image_id:
        return None
    image = fiche.hero_image
    url = image.file.url
    if request is not None:
        url = request.build_absolute_uri(url)
    return {
        "url": url,
        "texte_alternatif": fiche.hero_alt or None,
        "credit": image.credit or None,
    }


# The body is read from its raw JSON, not its blocks: converting it would load its images and
# documents, one query per fiche, for text only.


def body_blocks(fiche, block_type):
    """The raw values of the body blocks of one type, in order."""
    return [block["value"] for block in fiche.body.raw_data if block["type"] == block_type]


def body_text(fiche):
    """The paragraphs and headings of the body as plain text."""
    parts = []
    for block in fiche.body.raw_data:
        if block["type"] == "paragraph":
            parts.append(plain_text(block["value"]))
        elif block["type"] == "heading":
            parts.append(block["value"]["text"])
    return "\n\n".join(part for part in parts if part)


def testimonies(fiche):
    """The testimony blocks as ``{citation, auteur, role}``."""
    return [
        {
            "citation": value.get("quote", ""),
            "auteur": value.get("author") or None,
            "role": value.get("role") or None,
        }
        for value in body_blocks(fiche, "testimony")
    ]


def _stored_number(raw):
    return number(Decimal(str(raw))) if raw not in (None, "") else None


def key_figures(fiche):
    """Every figure of the key-figure blocks as ``{precision, valeur, minimum, maximum, unite,
    libelle, periode, source, bloc}``; a figure stored before its kind existed is exact."""
    figures = []
    for value in body_blocks(fiche, "key_figures"):
        for item in value.get("figures", []):
            # A ListBlock stores ``{"type": "item", "value": ...}`` items (older data: bare).
            figure = item.get("value", item) if "type" in item else item
            figures.append(
                {
                    "precision": figure.get("kind") or FigureKind.EXACT.value,
                    "valeur": _stored_number(figure.get("value")),
                    "minimum": _stored_number(figure.get("value_min")),
                    "maximum": _stored_number(figure.get("value_max")),
                    "unite": figure.get("unit") or None,
                    "libelle": figure.get("label", ""),
                    "periode": figure.get("period") or None,
                    "source": figure.get("source") or None,
                    "bloc": value.get("title") or None,
                }
            )
    return figures


def figure_text(*, kind, value, value_min, value_max, unit):
    """A figure on one line of a CSV cell, with plain numbers: « 350 à 500 personnes »,
    « plus de 400 machines », « 3500 heures »."""
    if kind == FigureKind.RANGE:
        text = f"{number(value_min)} à {number(value_max)}"
    else:
        text = "" if value is None else f"{number(value)}"
        prefix = {
            FigureKind.ABOUT: "environ",
            FigureKind.MORE_THAN: "plus de",
            FigureKind.LESS_THAN: "moins de",
        }.get(kind)
        text = f"{prefix} {text}" if prefix and text else text
    return " ".join(part for part in (text, unit or "") if part)


def testimony_text(item):
    """One testimony on one line: « quote » — author, role."""
    who = ", ".join(part for part in (item["auteur"], item["role"]) if part)
    return f"« {item['citation']} » — {who}" if who else f"« {item['citation']} »"


def key_figure_text(item):
    figure = figure_text(
        kind=item["precision"],
        value=item["valeur"],
        value_min=item["minimum"],
        value_max=item["maximum"],
        unit=item["unite"],
    )
    text = " ".join(part for part in (figure, item["libelle"], item["periode"] or "") if part)
    return f"{text} ({item['source']})" if item["source"] else text
