"""The description of the contract in the PDF: the fiche's body blocks."""

from xml.sax.saxutils import quoteattr

from django.utils.translation import gettext as _
from reportlab.platypus import (
    Paragraph,
)

from .flowables import _boxed, _section, _subheading, rich_text
from .styles import OCHRE_LIGHT, _styles, _text


def _body(fiche, request):
    """The description of the contract: text blocks; images and videos are left to the web
    page (a video becomes its address)."""
    styles = _styles()
    flowables = []
    for block in fiche.body:
        value = block.value
        if block.block_type == "heading":
            flowables.append(_subheading(value["text"]))
        elif block.block_type == "paragraph":
            flowables += rich_text(value)
        elif block.block_type == "testimony":
            who = ", ".join(part for part in (value.get("author"), value.get("role")) if part) or _(
                "Témoin non nommé"
            )
            flowables += _boxed(
                [
                    Paragraph(f"« {_text(value['quote'])} »", styles["quote"]),
                    Paragraph(f"— {_text(who)}", styles["small"]),
                ],
                background=OCHRE_LIGHT,
            )
        elif block.block_type == "key_figures":
            if value.get("title"):
                flowables.append(_subheading(value["title"]))
            for figure in value["figures"]:
                text = f"<b>{_text(figure.figure)}</b> {_text(figure['label'])}"
                if figure.get("period"):
                    text += f" {_text(figure['period'])}"
                if figure.get("source"):
                    text += f" ({_text(figure['source'])})"
                flowables.append(Paragraph(text, styles["bullet"], bulletText="•"))
        elif block.block_type == "callout":
            inner = [Paragraph(_text(value["title"]), styles["label"])] if value["title"] else []
            flowables += _boxed(inner + rich_text(value["text"]))
        elif block.block_type == "video" and value["video"]:
            title = value.get("title") or _("Vidéo")
            url = value["video"].url
            flowables.append(
                Paragraph(
                    f"{_text(title)} : <a href={quoteattr(url)} color='#0e5a57'>{_text(url)}</a>",
                    styles["paragraph"],
                )
            )
        elif block.block_type == "document" and value["document"]:
            document = value["document"]
            url = request.build_absolute_uri(document.url)
            flowables.append(
                Paragraph(
                    f"{_text(value.get('title') or document.title)} : "
                    f"<a href={quoteattr(url)} color='#0e5a57'>{_text(url)}</a>",
                    styles["paragraph"],
                )
            )
    return _section(_("Le marché"), flowables)
