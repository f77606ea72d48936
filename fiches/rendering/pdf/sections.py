"""The closing sections of the PDF: added value and indicators, lessons, contact."""

from django.utils.translation import gettext as _
from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    Paragraph,
    Table,
    TableStyle,
)

from .flowables import _boxed, _heading, _rich_subsections, _section, _subheading
from .styles import FRAME_WIDTH, LINE, TEAL_LIGHT, _styles, _text


def _added_value(fiche, data):
    styles = _styles()
    flowables = _rich_subsections(
        (
            (_("Pour l'acheteur"), fiche.added_value_buyer),
            (_("Pour la structure de l'ESS"), fiche.added_value_ess),
            (_("Pour le territoire"), fiche.added_value_territory),
        )
    )
    indicators = list(data["indicators"])
    if indicators:
        header = [
            Paragraph(_text(label), styles["label"])
            for label in (_("Indicateur"), _("Valeur"), _("Période"), _("Source"))
        ]
        rows = [header]
        for row in indicators:
            rows.append(
                [
                    Paragraph(_text(row.indicator), styles["body"]),
                    Paragraph(_text(row.figure), styles["body"]),
                    Paragraph(_text(row.period or "—"), styles["body"]),
                    Paragraph(_text(row.source or "—"), styles["body"]),
                ]
            )
        widths = [0.38, 0.18, 0.18, 0.26]
        table = Table(rows, colWidths=[FRAME_WIDTH * share for share in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), TEAL_LIGHT),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        flowables += [_subheading(_("Indicateurs d'impact")), table]
    return _section(_("Plus-value"), flowables)


def _lessons(fiche):
    lessons = _rich_subsections(
        (
            (_("Facteurs de réussite"), fiche.success_factors),
            (_("Difficultés rencontrées"), fiche.difficulties),
            (_("Conseils pour reproduire"), fiche.advice),
        )
    )
    return _section(_("Enseignements"), lessons)


def _contact(fiche):
    if not fiche.contact_is_public or not (
        fiche.contact_name or fiche.contact_email or fiche.contact_phone
    ):
        return []
    styles = _styles()
    lines = []
    if fiche.contact_name:
        lines.append(Paragraph(f"<b>{_text(fiche.contact_name)}</b>", styles["body"]))
    if fiche.contact_role:
        lines.append(Paragraph(_text(fiche.contact_role), styles["body"]))
    if fiche.contact_email:
        lines.append(
            Paragraph(f"{_text(_('E-mail :'))} {_text(fiche.contact_email)}", styles["body"])
        )
    if fiche.contact_phone:
        lines.append(
            Paragraph(f"{_text(_('Téléphone :'))} {_text(fiche.contact_phone)}", styles["body"])
        )
    return [CondPageBreak(3 * cm), _heading(_("Contact")), *_boxed(lines)]
