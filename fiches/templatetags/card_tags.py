"""The technical card of a fiche for its page template (see ``fiches.rendering.card``)."""

from django import template

from fiches.rendering import card

register = template.Library()


@register.simple_tag
def technical_card(fiche, criteria, cpv_codes):
    """``{% technical_card page criteria cpv_codes as card_rows %}``: the card's rows, computed
    where the template reads them (inside its fragment: a fragment from the cache reads
    nothing)."""
    return card.technical_card(fiche=fiche, criteria=criteria, cpv_codes=cpv_codes)
