"""The download of a fiche's PDF and its cache: one PDF per published revision, language and
address, kept in the cache (cms.cache) under keys that also hold the release and the content
version (see the package docstring)."""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header, http_date

from cms.cache.backend import SafeCache
from cms.cache.keys import make_key

from .document import render_fiche_pdf
from .header import source_url

#: How long a generated PDF stays in the cache (a new revision gets a new key anyway).
CACHE_SECONDS = 7 * 24 * 3600


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
