"""The PDF document: its sections in order and its pages (footer, running title)."""

import io
from functools import partial

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    SimpleDocTemplate,
)

from fiches import selectors

from .actors import _stakeholders
from .body import _body
from .card import _technical_card
from .header import _header, _source, source_url
from .sections import _added_value, _contact, _lessons
from .styles import FONT, LINE, MARGIN, MUTED, PAGE_HEIGHT, PAGE_WIDTH


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
        author=fiche.public_author.name if fiche.public_author else settings.OPEN_DATA_PUBLISHER,
        subject=fiche.chapo,
        creator=site_name,
        lang=get_language(),
    )
    document.build(
        flowables,
        canvasmaker=partial(_NumberedCanvas, site_name=site_name, title=fiche.title),
    )
    return buffer.getvalue()
