"""The stakeholders in the PDF: buyers, ESS structures and operators, with their logos."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib.units import cm
from reportlab.platypus import (
    Image,
    Paragraph,
    Table,
    TableStyle,
)

from fiches.models import ACTOR_KINDS

from .flowables import _rendition, _section, _subheading
from .styles import FRAME_WIDTH, LINE, _styles, _text

LOGO_SPEC = "max-240x120|format-png"
LOGO_BOX = (2.8 * cm, 1.4 * cm)

#: The heading of each kind's stakeholders (``ActorKind.key``), as on the fiche page.
HEADINGS = {
    "buyer": gettext_lazy("Acheteurs"),
    "ess_structure": gettext_lazy("Structures de l'ESS"),
    "operator": gettext_lazy("Opérateurs et accompagnateurs"),
}


def _logo(actor):
    """The actor's logo scaled into the logo box, or ``None``."""
    if not actor.logo_id:
        return None
    rendition, content = _rendition(actor.logo, LOGO_SPEC)
    if content is None:
        return None
    scale = min(LOGO_BOX[0] / rendition.width, LOGO_BOX[1] / rendition.height)
    return Image(content, width=rendition.width * scale, height=rendition.height * scale)


def _stakeholders(data):
    styles = _styles()
    groups = [(HEADINGS[kind.key], data[kind.group]) for kind in ACTOR_KINDS]
    flowables = []
    for title, links in groups:
        links = list(links)
        if not links:
            continue
        rows = []
        for link in links:
            actor = link.actor
            text = [Paragraph(f"<b>{_text(actor.name)}</b>", styles["body"])]
            where = actor.commune or (actor.region.label if actor.region_id else "")
            kind = " · ".join(part for part in (str(actor.kind_label), where) if part)
            text.append(Paragraph(_text(kind), styles["small"]))
            text.append(
                Paragraph(
                    f"{_text(_('Rôle dans ce marché :'))} <b>{_text(link.get_role_display())}</b>",
                    styles["body"],
                )
            )
            if link.presentation:
                text.append(Paragraph(_text(link.presentation), styles["body"]))
            rows.append([_logo(actor) or "", text])
        table = Table(rows, colWidths=[LOGO_BOX[0] + 12, FRAME_WIDTH - LOGO_BOX[0] - 12])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        flowables += [_subheading(title), table]
    return _section(_("Parties prenantes"), flowables)
