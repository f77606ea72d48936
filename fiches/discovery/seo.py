"""What search engines and social networks read about a page: canonical URL, OpenGraph and
Twitter card metadata, and the schema.org JSON-LD of a fiche. Nothing here queries the database:
the images, actors and taxonomy it reads are loaded by the selectors of each page.

Absolute URLs are built from the host of the request (Django checks it against ALLOWED_HOSTS),
so that they are right behind any proxy or CDN without configuring Wagtail's Site record."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fiches.catalogue import filters as catalogue_filters

#: The catalogue's query parameters that make a distinct, indexable list: its filters
#: (``fiches.catalogue.filters``). Search terms, sorting, pagination and tracking parameters are
#: left out of its canonical URL.
CATALOGUE_CANONICAL_PARAMS = catalogue_filters.NAMES
#: OpenGraph wants a territory with the language.
OG_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
#: Social networks show images of about this size (1.91:1); JPEG is read by all of them.
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg"
#: Logos keep their proportions and their transparency.
LOGO_IMAGE_SPEC = "max-600x600|format-png"
DESCRIPTION_LENGTH = 300
CPV_SCHEME = "https://simap.ted.europa.eu/cpv"

# Characters that could close the <script> element or start an HTML comment or entity inside
# a JSON-LD block; JSON reads these escapes back as the same characters.
_JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def absolute_url(request, url):
    """``url`` (a path, or already absolute) as an absolute URL on the host of ``request``."""
    return request.build_absolute_uri(url)


def canonical_url(request, *, keep=()):
    """The absolute URL of the current path, with only the query parameters named in ``keep``
    (in that order, empty values dropped): page numbers, sorting and tracking parameters such as
    ``utm_source`` never make a new canonical page."""
    params = [
        (name, value) for name in keep for value in request.GET.getlist(name) if value.strip()
    ]
    url = absolute_url(request, request.path)
    if params:
        query = request.GET.copy()
        query.clear()
        for name, value in params:
            query.appendlist(name, value)
        url = f"{url}?{query.urlencode()}"
    return url


def og_locale(language_code):
    return OG_LOCALES.get(language_code, language_code)


def image_meta(request, image, spec, *, alt=""):
    """The URL (absolute), size and text alternative of a rendition of ``image`` for sharing;
    ``None`` without image. Reads renditions already prefetched by the page's selector."""
    if image is None:
        return None
    rendition = image.get_rendition(spec)
    return {
        "url": absolute_url(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt,
    }


def describe(text):
    """A plain-text description of reasonable length for meta tags."""
    text = " ".join(strip_tags(str(text or "")).split())
    return Truncator(text).chars(DESCRIPTION_LENGTH)


def page_meta(
    *,
    request,
    page=None,
    title="",
    description="",
    image=None,
    og_type="website",
    translations=(),
    large_image=True,
):
    """Everything the ``meta`` block of ``base.html`` shows, as a dict.

    ``title`` and ``description`` default to those of the Wagtail ``page``; ``image`` is the
    result of :func:`image_meta`; ``translations`` the list built by
    ``selectors.page_translations`` (its other languages become ``og:locale:alternate``).
    ``large_image`` asks for Twitter's large-image card when there is an image (photos); logos
    are shown in the small ``summary`` card."""
    if page is not None:
        title = title or page.seo_title or page.title
        description = description or (
            page.search_description or getattr(page, "chapo", "") or getattr(page, "intro", "")
        )
    language = get_language() or settings.LANGUAGE_CODE
    keep = CATALOGUE_CANONICAL_PARAMS if _is_catalogue(page) else ()
    return {
        "title": title,
        "description": describe(description),
        "canonical": canonical_url(request, keep=keep),
        "og_type": og_type,
        "og_locale": og_locale(language),
        "og_locale_alternates": [
            og_locale(item["language_code"])
            for item in translations
            if item["language_code"] != language
        ],
        "image": image,
        "twitter_card": "summary_large_image" if image and large_image else "summary",
    }


def _is_catalogue(page):
    from fiches.models import FicheIndexPage

    return isinstance(page, FicheIndexPage)


# --- schema.org JSON-LD ---------------------------------------------------------------------


def json_ld_script(data):
    """``<script type="application/ld+json">`` holding ``data``, safe to put in HTML whatever
    the text it contains (``</script>`` cannot close it early). Django's ``json_script`` writes
    ``type="application/json"``, which search engines do not read as structured data."""
    serialised = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=False)
    return mark_safe(  # noqa: S308 - the only markup-significant characters are escaped above
        '<script type="application/ld+json">'
        + serialised.translate(_JSON_SCRIPT_ESCAPES)
        + "</script>"
    )


def _compact(data):
    """``data`` without empty values: JSON-LD validators flag empty strings and lists."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def site_organisation(request):
    """The publisher: the site itself."""
    return {
        "@type": "Organization",
        "name": settings.OPEN_DATA_PUBLISHER,
        "url": absolute_url(request, reverse("wagtail_serve", args=[""])),
        "logo": absolute_url(request, static("images/logo.svg")),
    }


def actor_organisation(request, actor, *, government=False, with_address=True):
    """An actor as a schema.org organisation, with its SIRET as identifier when it has one.
    Its address reads ``actor.region``: pass ``with_address=False`` when it is not loaded."""
    address = None
    if with_address:
        address = _compact(
            {
                "@type": "PostalAddress",
                "addressLocality": actor.commune,
                "addressRegion": actor.region.label if actor.region_id else "",
                "addressCountry": "FR",
            }
        )
    identifier = (
        {"@type": "PropertyValue", "propertyID": "SIRET", "value": actor.siret}
        if actor.siret
        else None
    )
    return _compact(
        {
            "@type": "GovernmentOrganization" if government else "Organization",
            "name": actor.name,
            "url": absolute_url(request, actor.get_absolute_url()),
            "sameAs": actor.website,
            "description": describe(actor.short_description),
            "identifier": identifier,
            "address": address,
        }
    )


def fiche_json_ld(*, request, fiche, buyers, suppliers, operators, cpv_codes, image=None):
    """A fiche as a schema.org ``Article``: headline, summary, dates, language, image, its
    author (the CRESS or network that wrote it) and publisher (the site), the CPV codes it is
    about, the place of the contract, and the buyers, ESS structures and operators it mentions.

    ``buyers``, ``suppliers`` and ``operators`` are the stakeholder links and ``cpv_codes`` the
    codes loaded by ``selectors.fiche_page``; ``image`` the result of :func:`image_meta`."""
    url = absolute_url(request, fiche.get_url(request))
    publisher = site_organisation(request)
    author = (
        actor_organisation(request, fiche.public_author, with_address=False)
        if fiche.public_author
        else publisher
    )
    region = fiche.region.label if fiche.region_id else ""
    place = _compact(
        {
            "@type": "Place",
            "name": fiche.commune or region,
            "address": _compact(
                {
                    "@type": "PostalAddress",
                    "addressLocality": fiche.commune,
                    "addressRegion": region,
                    "addressCountry": "FR",
                }
            ),
        }
    )
    keywords = [theme.name for theme in fiche.themes.all()]
    keywords += [str(label) for _code, label in fiche.levers]
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": f"{url}#fiche",
        "url": url,
        "mainEntityOfPage": url,
        "headline": Truncator(fiche.title).chars(110),
        "name": fiche.title,
        "description": describe(fiche.search_description or fiche.chapo),
        "inLanguage": get_language() or settings.LANGUAGE_CODE,
        "datePublished": fiche.first_published_at,
        "dateModified": fiche.last_published_at or fiche.first_published_at,
        "genre": _("Fiche retour d'expérience"),
        "keywords": ", ".join(keywords),
        "author": author,
        "publisher": publisher,
        "about": [
            {
                "@type": "DefinedTerm",
                "termCode": cpv.code,
                "name": cpv.label,
                "inDefinedTermSet": CPV_SCHEME,
            }
            for cpv in cpv_codes
        ],
        "contentLocation": place if len(place) > 1 else None,
        "mentions": [
            *(actor_organisation(request, link.actor, government=True) for link in buyers),
            *(actor_organisation(request, link.actor) for link in suppliers),
            *(actor_organisation(request, link.actor) for link in operators),
        ],
    }
    if image:
        data["image"] = {
            "@type": "ImageObject",
            "url": image["url"],
            "width": image["width"],
            "height": image["height"],
        }
    return _compact(data)
