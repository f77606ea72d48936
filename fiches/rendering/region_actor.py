"""The actors listed on a region page (``templates/fiches/region_detail.html``: its buyers and
ESS structures, sixty at most), each item built here rather than by an included template (issue
16: the cold render path, a quarter of a millisecond an item). The HTML is the one the template
gave; the page's ``french_typography`` filter typesets it with the rest of the page."""

from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

_ITEM = (
    '\n<li class="region-actors__item">\n'
    '    <a class="region-actors__name" href="{url}">{name}</a>\n'
    '    <p class="region-actors__meta">\n'
    "        {kind}{place}\n"
    "        · {fiches}\n"
    "    </p>\n"
    "</li>\n"
)


def render(actors):
    """The items of ``actors`` (each with its ``fiche_count``, as
    ``fiches.discovery.selectors`` reads them): its link, its kind, its commune and how many
    fiches it appears in."""
    return mark_safe(  # every value is escaped
        "".join(
            _ITEM.format(
                url=escape(actor.get_absolute_url()),
                name=escape(actor.name),
                kind=escape(str(actor.kind_label)),
                place=f" · {escape(actor.commune)}" if actor.commune else "",
                # As {% blocktranslate count %}: the number escaped, not the translation.
                fiches=ngettext("%(count)s fiche", "%(count)s fiches", actor.fiche_count)
                % {"count": escape(localize(actor.fiche_count))},
            )
            for actor in actors
        )
    )
