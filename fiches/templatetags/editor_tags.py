"""Tags of the admin templates: the « Nouvelle fiche » button of the catalogue's explorer page."""

from django import template

from fiches.editorial import start

register = template.Library()


@register.inclusion_tag("fiches/admin/new_fiche_button.html", takes_context=True)
def new_fiche_button(context, page):
    """A labelled « Nouvelle fiche » button when ``page`` is a catalogue the user may add to."""
    request = context.get("request")
    if request is None or not start.is_catalogue(page):
        return {"url": None}
    if not start.can_add_fiche(request.user, page):
        return {"url": None}
    return {"url": start.new_fiche_url(page)}
