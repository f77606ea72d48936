"""The download of a fiche's PDF and its cache: one PDF per published revision, language and
address, kept in Django's cache (see the package docstring)."""

import hashlib

from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import get_language

from cms import pagecache

from .document import render_fiche_pdf
from .header import source_url

#: How long a generated PDF stays in the cache (a new revision gets a new key anyway).
CACHE_SECONDS = 7 * 24 * 3600


def cache_key(*, fiche, request):
    """Changes with the published revision, the language, the address the PDF points to and
    the version of everything public pages show (actors, images, themes: cms.pagecache)."""
    revision = fiche.live_revision_id or str(fiche.last_published_at or "")
    url = hashlib.sha256(source_url(fiche=fiche, request=request).encode()).hexdigest()[:16]
    return f"fiche-pdf:{fiche.pk}:{revision}:{get_language()}:{url}:{pagecache.current_version()}"


def fiche_pdf(*, fiche, request):
    """The PDF of a published fiche, as bytes: from the cache, or built and then cached."""
    key = cache_key(fiche=fiche, request=request)
    content = django_cache.get(key)
    if content is None:
        content = render_fiche_pdf(fiche=fiche, request=request)
        django_cache.set_many({key: content, f"{key}:size": len(content)}, CACHE_SECONDS)
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
    return django_cache.get(f"{cache_key(fiche=fiche, request=request)}:size")
