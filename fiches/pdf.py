"""« Télécharger la fiche en PDF »: an A4 handout of a fiche for buyers' forums.

Title and summary on top, then the technical card, the description, the stakeholders with their
logos, the added value and indicators, the lessons, the contact when it is public, and where the
fiche is online; page numbers and the site's name in the footer. Built with ReportLab from what
``selectors.fiche_page`` loads (a constant number of queries), in the language of the URL, with
the Bitstream Vera fonts shipped with ReportLab (they have « œ ’ € » and every French letter).

A generated PDF is kept in the cache (cms.cache) under the fiche's published revision and the
release: publishing the fiche again, changing an actor, image or theme (the content version) or
deploying a new PDF layout makes the next download build a new one."""

import hashlib
import io
from functools import cache, partial
from html.parser import HTMLParser
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import reportlab
from django.conf import settings
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from cms.cache.backend import SafeCache
from cms.cache.keys import make_key
from fiches import selectors
from fiches.choices import AmountKind, ExecutionMode, Lever, Technique
from fiches.templatetags.fiche_tags import euros, number

#: How long a generated PDF stays in the cache (a new revision gets a new key anyway).
CACHE_SECONDS = 7 * 24 * 3600
HERO_SPEC = "fill-1200x500|format-jpeg"
LOGO_SPEC = "max-240x120|format-png"
LOGO_BOX = (2.8 * cm, 1.4 * cm)

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


# --- Cache -------------------------------------------------------------------------------------


def source_url(*, fiche, request):
    """The absolute URL of the fiche, printed in the PDF."""
    return request.build_absolute_uri(fiche.get_url(request))


def cache_parts(*, fiche, request):
    """What the PDF depends on besides the release, the language and the content version
    (actors, images, themes) that every key of cms.cache.keys holds: the published revision
    and the address the PDF points to."""
    revision = fiche.live_revision_id or str(fiche.last_published_at or "")
    url = hashlib.sha256(source_url(fiche=fiche, request=request).encode()).hexdigest()[:16]
    return [fiche.pk, revision, url]


def _cache():
    return SafeCache(settings.FRAGMENT_CACHE_ALIAS)


def fiche_pdf(*, fiche, request):
    """The PDF of a published fiche, as bytes: from the cache, or built and then cached."""
    parts = cache_parts(fiche=fiche, request=request)
    key = make_key("fiche-pdf", *parts, request=request)
    content = _cache().get(key)
    if content is None:
        content = render_fiche_pdf(fiche=fiche, request=request)
        size_key = make_key("fiche-pdf-size", *parts, request=request)
        _cache().set_many({key: content, size_key: len(content)}, CACHE_SECONDS)
    return content


def pdf_response(*, fiche, request):
    """The download: ``<slug>.pdf`` as an attachment, pointing search engines to the web page
    as the canonical version (a PDF has no ``<link rel="canonical">``)."""
    content = fiche_pdf(fiche=fiche, request=request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{fiche.slug}.pdf"
    )
    response["Link"] = f'<{source_url(fiche=fiche, request=request)}>; rel="canonical"'
    if fiche.last_published_at:
        response["Last-Modified"] = http_date(fiche.last_published_at.timestamp())
    return response


def cached_size(*, fiche, request):
    """The size in bytes of the PDF of ``fiche`` when it is already built, else ``None`` (so
    that the download link can say how big the file is without building it)."""
    parts = cache_parts(fiche=fiche, request=request)
    return _cache().get(make_key("fiche-pdf-size", *parts, request=request))


# --- Fonts and styles --------------------------------------------------------------------------


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
    return escape(str(value or "").replace("\u202f", "\u00a0"))


def _date(value):
    """``15 mars 2023``; datetimes in the site's time zone."""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return formats.date_format(value, "j F Y")


# --- Rich text ---------------------------------------------------------------------------------


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


def _amount(fiche):
    if fiche.amount_kind == AmountKind.RANGE:
        low, high = fiche.amount_min, fiche.amount_max
        if low is not None and high is not None:
            text = _("de %(min)s à %(max)s") % {"min": euros(low), "max": euros(high)}
        elif high is not None:
            text = _("jusqu'à %(max)s") % {"max": euros(high)}
        elif low is not None:
            text = _("au moins %(min)s") % {"min": euros(low)}
        else:
            return ""
        return f"{text} " + _("(minimum et maximum de l'accord-cadre)")
    if fiche.amount is None:
        return ""
    if fiche.amount_kind == AmountKind.ESTIMATED:
        return f"{_('environ %(amount)s') % {'amount': euros(fiche.amount)}} {_('(estimation)')}"
    return euros(fiche.amount)


def _technical_card(fiche, data):
    styles = _styles()

    def value(text):
        return Paragraph(_text(text), styles["body"])

    rows = [
        (_("Nature du marché"), value(fiche.get_nature_display())),
        (_("Procédure"), value(fiche.get_procedure_display())),
    ]
    technique = [
        label
        for field, none, label in (
            ("technique", Technique.NONE, fiche.get_technique_display()),
            ("execution_mode", ExecutionMode.NONE, fiche.get_execution_mode_display()),
        )
        if getattr(fiche, field) != none
    ]
    if technique:
        rows.append((_("Technique et modalité d'exécution"), value(" · ".join(technique))))
    if fiche.levers:
        lines = []
        for code, label, article in fiche.levers:
            if code == Lever.RESERVED and fiche.reserved_article:
                detail = _("art. %(article)s") % {"article": fiche.get_reserved_article_display()}
            elif article:
                detail = _("art. %(article)s du Code de la commande publique") % {
                    "article": article
                }
            else:
                detail = ""
            text = f"<b>{_text(label)}</b>" + (f" — {_text(detail)}" if detail else "")
            lines.append(Paragraph(text, styles["bullet"], bulletText="•"))
        rows.append((_("Leviers sociaux et environnementaux"), lines))
    if fiche.insertion_hours is not None:
        hours = ngettext("%(hours)s heure", "%(hours)s heures", fiche.insertion_hours) % {
            "hours": number(fiche.insertion_hours)
        }
        rows.append((_("Heures d'insertion"), value(hours)))
    criteria = list(data["criteria"])
    if criteria:
        lines = [
            Paragraph(
                f"{_text(criterion.name)} — "
                + (
                    f"<b>{_text(number(criterion.weight))} %</b>"
                    if criterion.weight is not None
                    else _text(_("non précisée"))
                ),
                styles["bullet"],
                bulletText="•",
            )
            for criterion in criteria
        ]
        rows.append((_("Critères d'attribution"), lines))
    cpv_codes = data["cpv_codes"]
    if cpv_codes:
        lines = []
        for position, cpv in enumerate(cpv_codes):
            main = position == 0 and fiche.main_cpv_id and len(cpv_codes) > 1
            text = f"<b>{_text(cpv.code)}</b> {_text(cpv.label)}"
            if main:
                text += f" <i>{_text(_('(principal)'))}</i>"
            lines.append(Paragraph(text, styles["body"]))
        label = ngettext("Code CPV", "Codes CPV", len(cpv_codes))
        rows.append((label, lines))
    if fiche.lots_count or fiche.lot_concerned:
        parts = []
        if fiche.lots_count:
            parts.append(
                ngettext("%(count)s lot", "%(count)s lots", fiche.lots_count)
                % {"count": fiche.lots_count}
            )
        if fiche.lot_concerned:
            parts.append(_("Lot concerné : %(lot)s") % {"lot": fiche.lot_concerned})
        rows.append((_("Allotissement"), [value(part) for part in parts]))
    if fiche.duration_months or fiche.duration_note:
        parts = []
        if fiche.duration_months:
            parts.append(
                ngettext("%(count)s mois", "%(count)s mois", fiche.duration_months)
                % {"count": fiche.duration_months}
            )
        if fiche.duration_note:
            parts.append(f"({fiche.duration_note})" if parts else fiche.duration_note)
        rows.append((_("Durée"), value(" ".join(parts))))
    amount = _amount(fiche)
    if amount:
        rows.append((_("Montant HT"), value(amount)))
    if fiche.notification_date:
        rows.append(
            (
                _("Date de notification"),
                value(formats.date_format(fiche.notification_date, "d/m/Y")),
            )
        )
    places = [fiche.commune] if fiche.commune else []
    places += [f"{department.name} ({department.code})" for department in fiche.departments.all()]
    if fiche.region_id:
        places.append(fiche.region.label)
    if places:
        rows.append((_("Lieu d'exécution"), value(" · ".join(places))))
    if fiche.decp_id:
        rows.append((_("Identifiant DECP"), value(fiche.decp_id)))
    rows = [(Paragraph(_text(label), styles["label"]), content) for label, content in rows]
    return [_heading(_("Caractéristiques techniques")), _rows_table(rows)]


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
            who = ", ".join(part for part in (value["author"], value.get("role")) if part)
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
                text = f"<b>{_text(number(figure['value']))}"
                if figure.get("unit"):
                    text += f"\u00a0{_text(figure['unit'])}"
                text += f"</b> {_text(figure['label'])}"
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


def _rendition(image, spec):
    """A rendition of ``image`` and its file's content, or ``(None, None)`` when its file
    cannot be read (the PDF is then built without the image)."""
    try:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            return rendition, io.BytesIO(handle.read())
    except (OSError, ValueError):
        return None, None


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
    groups = [
        (_("Acheteurs"), data["buyers"]),
        (_("Structures de l'ESS"), data["suppliers"]),
        (_("Opérateurs et accompagnateurs"), data["operators"]),
    ]
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
            amount = number(row.value) + (f"\u00a0{row.unit}" if row.unit else "")
            rows.append(
                [
                    Paragraph(_text(row.indicator), styles["body"]),
                    Paragraph(_text(amount), styles["body"]),
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


def _header(fiche, data):
    styles = _styles()
    flowables = [
        Paragraph(_text(_("Fiche retour d'expérience")).upper(), styles["eyebrow"]),
        Paragraph(_text(fiche.title), styles["title"]),
        Paragraph(_text(fiche.chapo), styles["chapo"]),
    ]
    facts = []
    if fiche.author_id:
        facts.append(f"{_('Rédigée par')} {fiche.author.name}")
    if fiche.first_published_at:
        published = f"{_('Publiée le')} {_date(fiche.first_published_at)}"
        if fiche.last_published_at and _date(fiche.last_published_at) != _date(
            fiche.first_published_at
        ):
            published += f" · {_('mise à jour le')} {_date(fiche.last_published_at)}"
        facts.append(published)
    themes = [theme.name for theme in fiche.themes.all()]
    if themes:
        facts.append(" · ".join(themes))
    flowables += [Paragraph(_text(fact), styles["small"]) for fact in facts]
    if fiche.hero_image_id:
        hero = fiche.hero_image
        rendition, content = _rendition(hero, HERO_SPEC)
        if content is not None:
            height = FRAME_WIDTH * rendition.height / rendition.width
            flowables += [Spacer(1, 8), Image(content, width=FRAME_WIDTH, height=height)]
            if hero.credit:
                flowables.append(Paragraph(_text(hero.credit), styles["small"]))
    return flowables


def _source(fiche, url):
    styles = _styles()
    lines = [
        Paragraph(
            _text(_("Fiche en ligne : %(url)s"))
            % {"url": f"<a href={quoteattr(url)} color='#0e5a57'>{_text(url)}</a>"},
            styles["body"],
        )
    ]
    if fiche.last_published_at:
        lines.append(
            Paragraph(
                _text(
                    _("Version publiée le %(date)s, document créé le %(today)s.")
                    % {
                        "date": _date(fiche.last_published_at),
                        "today": _date(timezone.now()),
                    }
                ),
                styles["small"],
            )
        )
    return [Spacer(1, 14), KeepTogether(_boxed(lines))]


# --- Document ----------------------------------------------------------------------------------


class _NumberedCanvas(Canvas):
    """Draws « Page n sur N » and the site's name in the footer once the page count is known,
    and the fiche's title at the top of the pages after the first."""

    def __init__(self, *args, site_name="", title="", **kwargs):
        super().__init__(*args, **kwargs)
        self._site_name = site_name
        self._title = title
        self._pages = []

    def showPage(self):  # noqa: N802 - ReportLab's API
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total):
        self.saveState()
        self.setStrokeColor(LINE)
        self.setLineWidth(0.5)
        self.line(MARGIN, 1.45 * cm, PAGE_WIDTH - MARGIN, 1.45 * cm)
        self.setFont(FONT, 7.5)
        self.setFillColor(MUTED)
        self.drawString(MARGIN, 1 * cm, self._site_name)
        self.drawRightString(
            PAGE_WIDTH - MARGIN,
            1 * cm,
            _("Page %(page)s sur %(pages)s") % {"page": self._pageNumber, "pages": total},
        )
        if self._pageNumber > 1:
            title = self._title if len(self._title) < 95 else f"{self._title[:94]}…"
            self.drawString(MARGIN, PAGE_HEIGHT - 1.2 * cm, title)
        self.restoreState()


def render_fiche_pdf(*, fiche, request):
    """Builds the PDF of ``fiche`` (bytes); reads everything through ``selectors.fiche_page``."""
    data = selectors.fiche_page(fiche=fiche)
    url = source_url(fiche=fiche, request=request)
    site_name = _("Fiches REX — réseau ESS France et CRESS")
    flowables = [
        *_header(fiche, data),
        *_technical_card(fiche, data),
        *_body(fiche, request),
        *_stakeholders(data),
        *_added_value(fiche, data),
        *_lessons(fiche),
        *_contact(fiche),
        *_source(fiche, url),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=1.8 * cm,
        bottomMargin=2 * cm,
        title=fiche.title,
        author=fiche.author.name if fiche.author_id else settings.OPEN_DATA_PUBLISHER,
        subject=fiche.chapo,
        creator=site_name,
        lang=get_language(),
    )
    document.build(
        flowables,
        canvasmaker=partial(_NumberedCanvas, site_name=site_name, title=fiche.title),
    )
    return buffer.getvalue()
