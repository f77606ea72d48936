"""The technical card in the PDF, from the same rows as the fiche page
(``fiches.rendering.card``)."""

from django.utils.translation import gettext as _
from reportlab.platypus import (
    Paragraph,
)

from fiches.rendering import card

from .flowables import _heading, _rows_table
from .styles import _styles, _text


def _technical_card(fiche, data):
    """The technical card: the rows of ``fiches.rendering.card``, labels on the left."""
    styles = _styles()
    rows = card.technical_card(fiche=fiche, criteria=data["criteria"], cpv_codes=data["cpv_codes"])
    table = [(Paragraph(_text(row.label), styles["label"]), _value(row, styles)) for row in rows]
    return [_heading(_("Caractéristiques techniques")), _rows_table(table)]


def _value(row, styles):
    """The value of a card row: one paragraph, or one per element of the rows that list."""
    if row.key == "levers":
        return [
            Paragraph(
                f"<b>{_text(item.text)}</b>" + (f" — {_text(item.detail)}" if item.detail else ""),
                styles["bullet"],
                bulletText="•",
            )
            for item in row.items
        ]
    if row.key == "criteria" and row.items:
        return [
            Paragraph(
                f"{_text(item.text)} — "
                + (f"<b>{_text(item.detail)}</b>" if item.known else _text(item.detail)),
                styles["bullet"],
                bulletText="•",
            )
            for item in row.items
        ]
    if row.key == "cpv":
        return [
            Paragraph(
                f"<b>{_text(item.code)}</b> {_text(item.text)}"
                + (f" <i>{_text(item.detail)}</i>" if item.detail else ""),
                styles["body"],
            )
            for item in row.items
        ]
    if row.key == "lots":
        return [Paragraph(_text(item.text), styles["body"]) for item in row.items]
    return Paragraph(_text(f"{row.text} {row.note}" if row.note else row.text), styles["body"])
