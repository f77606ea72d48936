"""What ``fiches.rendering`` builds for the templates: the technical card of a fiche for its page
(``fiches.rendering.card``), its card in the listings (``fiches.rendering.fiche_card``) and the
actors of a region page (``fiches.rendering.region_actor``)."""

from django import template

from fiches.rendering import card, fiche_card, region_actor

register = template.Library()


@register.simple_tag
def technical_card(fiche, criteria, cpv_codes):
    """``{% technical_card page criteria cpv_codes as card_rows %}``: the card's rows, computed
    where the template reads them (inside its fragment: a fragment from the cache reads
    nothing)."""
    return card.technical_card(fiche=fiche, criteria=criteria, cpv_codes=cpv_codes)


@register.simple_tag(takes_context=True)
def fiche_card_html(context, fiche, heading, role, query):
    """``{% fiche_card_html fiche heading role query %}``: the card of ``fiche`` in a listing
    (``includes/fiche_card.html``), its link relative to the request's site."""
    return fiche_card.render(
        fiche, heading=heading, role=role, query=query, request=context.get("request")
    )


@register.simple_tag
def region_actor_items(actors):
    """``{% region_actor_items buyers %}``: the ``<li>`` of each actor of a region page."""
    return region_actor.render(actors)
