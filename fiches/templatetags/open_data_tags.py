"""Download links of the open-data exports, for the catalogue and the « Données ouvertes » page."""

from django import template

from fiches.opendata import views as open_data_views

register = template.Library()


@register.simple_tag
def export_links(params=None):
    """Every export format's link, keeping the catalogue filters of ``params`` (no query)."""
    return open_data_views.export_links(params)
