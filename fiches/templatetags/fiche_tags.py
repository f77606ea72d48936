"""Presentation helpers for the public templates. None of them touches the database."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

register = template.Library()


@register.filter
def number(value):
    """A number with locale grouping and at most two decimals, dropped when it is whole:
    ``105000`` → ``105 000``, ``12.5`` → ``12,50`` in French."""
    if value in (None, ""):
        return ""
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    decimals = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def euros(value):
    """An amount in euros, formatted with :func:`number`: ``105000`` → ``105 000 €``."""
    if value in (None, ""):
        return ""
    # A literal no-break space: xgettext would extract "\u00a0" as written.
    return gettext("%(amount)s €") % {"amount": number(value)}


@register.simple_tag(takes_context=True)
def nav_current(context, item):
    """The ``aria-current`` value of a navigation item for the page being shown: ``page`` on the
    item itself, ``true`` on its descendants, empty elsewhere or outside Wagtail pages (tree paths
    are compared, so nothing is queried)."""
    page = context.get("page")
    path = getattr(page, "path", None)
    if not path:
        return ""
    if item.pk == page.pk:
        return "page"
    if path.startswith(item.path):
        return "true"
    return ""


@register.simple_tag
def url_replace(query, **kwargs):
    """The query string of the current request with some parameters replaced, e.g. the page
    number in the pagination links, so that filters and search terms are kept."""
    params = query.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag
def elided_page_range(page_obj, on_each_side=1, on_ends=1):
    """The page numbers to link to, with ``…`` where a run of pages is left out."""
    return page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=on_each_side, on_ends=on_ends
    )
