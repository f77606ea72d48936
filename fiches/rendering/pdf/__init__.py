"""« Télécharger la fiche en PDF »: an A4 handout of a fiche for buyers' forums.

Title and summary on top, then the technical card, the description, the stakeholders with their
logos, the added value and indicators, the lessons, the contact when it is public, and where the
fiche is online; page numbers and the site's name in the footer. Built with ReportLab from what
``selectors.fiche_page`` loads (a constant number of queries), in the language of the URL, with
the Bitstream Vera fonts shipped with ReportLab (they have « œ ’ € » and every French letter).

A generated PDF is kept in Django's cache under the fiche's published revision: publishing the
fiche again (or changing an actor, image or theme, which renews the page-cache version) makes
the next download build a new one."""

from .document import render_fiche_pdf
from .flowables import rich_text
from .header import source_url
from .response import CACHE_SECONDS, cache_parts, cached_size, fiche_pdf, pdf_response

__all__ = [
    "CACHE_SECONDS",
    "cache_parts",
    "cached_size",
    "fiche_pdf",
    "pdf_response",
    "render_fiche_pdf",
    "rich_text",
    "source_url",
]
