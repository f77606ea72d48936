"""Sharing and reuse in templates: the meta tags of a page (canonical URL, OpenGraph, Twitter
card), the schema.org JSON-LD of fiches and actors, and the link to a fiche's PDF. They read what
the page's selector has loaded: none of them queries the database."""

from django import template
from wagtail.models import Page

from fiches.discovery import seo
from fiches.rendering import pdf

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(
    context, *, title="", description="", image=None, logo=None, image_alt="", og_type="website"
):
    """The metadata of the page being shown (see ``seo.page_meta``), for
    ``templates/includes/meta.html``. Defaults come from the Wagtail ``page`` of the context;
    ``image`` is a photo (shared at 1200×630, large Twitter card), ``logo`` a logo (kept whole,
    small card)."""
    request = context.get("request")
    if request is None:
        return {}
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    if logo is not None:
        shared = seo.image_meta(request, logo, seo.LOGO_IMAGE_SPEC, alt=image_alt)
    else:
        shared = seo.image_meta(request, image, seo.SHARE_IMAGE_SPEC, alt=image_alt)
    return seo.page_meta(
        request=request,
        page=page,
        title=title,
        description=description,
        image=shared,
        og_type=og_type,
        translations=context.get("translations") or (),
        large_image=logo is None,
    )


@register.simple_tag(takes_context=True)
def fiche_json_ld(context, meta=None):
    """The ``<script type="application/ld+json">`` of the fiche page being shown; ``meta`` is
    the result of ``page_meta`` (its image is reused)."""
    data = seo.fiche_json_ld(
        request=context["request"],
        fiche=context["page"],
        buyers=context.get("buyers", ()),
        suppliers=context.get("suppliers", ()),
        operators=context.get("operators", ()),
        cpv_codes=context.get("cpv_codes", ()),
        image=(meta or {}).get("image"),
    )
    return seo.json_ld_script(data)


@register.simple_tag(takes_context=True)
def actor_json_ld(context, actor, meta=None):
    """The ``<script type="application/ld+json">`` of an actor page: the actor as a schema.org
    organisation (a public buyer as a government organisation)."""
    from fiches.models import Buyer

    data = seo.actor_organisation(context["request"], actor, government=isinstance(actor, Buyer))
    image = (meta or {}).get("image")
    if image:
        data["logo"] = image["url"]
    return seo.json_ld_script({"@context": "https://schema.org", **data})


@register.simple_tag(takes_context=True)
def fiche_pdf_link(context, fiche):
    """``{"url": …, "size": …}`` for the « Télécharger la fiche en PDF » link; ``size`` (bytes)
    only once the PDF has been built (it is read from the cache, never computed here)."""
    request = context["request"]
    url = fiche.get_url(request)
    if not url:
        return None
    return {
        "url": url + fiche.reverse_subpage("pdf"),
        "size": pdf.cached_size(fiche=fiche, request=request),
    }
