"""The fiche card of the listings (``templates/includes/fiche_card.html``: the catalogue, the
home page, region, actor, article and fiche pages), built here rather than by template tags
(issue 16: the cold render path, where a page shows up to a dozen cards and the template
machinery cost two milliseconds each).

The HTML is the one the template gave: the same markup and escaping, the search's words marked
(``fiches.catalogue.search.highlight``), the chapô cut at 40 words (``truncatewords``), the same
accessibility attributes, and French typography (``fiches.text``) applied to each text between
two tags, as the ``french_typography`` filter did over the whole card: tags and attributes are
left untouched. The fixed labels and the choices' labels are translated and typeset once per
language, not once per card. The image is Wagtail's ``{% srcset_image %}`` output, built from
the renditions the listing prefetched (``selectors.prefetch_cards``); Wagtail finds or makes the
ones missing. Nothing here queries when the listing was read by its selectors."""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import truncatewords
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.images.models import Filter

from fiches.catalogue.search import highlight
from fiches.choices import Lever
from fiches.models import FichePage
from fiches.selectors import CARD_RENDITION_SPECS
from fiches.text import french_typography_html

#: The card image's ``sizes``, as the grids lay the cards out (three columns from 64rem, two
#: from 40rem).
IMAGE_SIZES = "(min-width: 64rem) 22rem, (min-width: 40rem) 45vw, 100vw"

# Wagtail parses the specs of ``{% srcset_image %}`` into operations on every call: once here.
_FILTERS = tuple(Filter(spec=spec) for spec in CARD_RENDITION_SPECS)

_PLACEHOLDER = '<div class="card__placeholder" aria-hidden="true"></div>'


def render(fiche, *, heading="h3", role="", query="", request=None):
    """The card of ``fiche`` (a ``FichePage`` read as ``includes/fiche_card.html`` says), its
    title in ``heading`` (``"h2"``, ``"h3"`` or ``"h4"``; h3 for anything else), with ``role``
    (the role of an actor in it) when given and the words of ``query`` marked; its link relative
    to the site of ``request``, as ``{% pageurl %}`` gives it."""
    text = _texts(get_language())
    typeset = text["typeset"]
    tag = heading if heading in ("h2", "h4") else "h3"
    url = escape(fiche.get_url(request=request))
    title = typeset(highlight(fiche.title, query))
    parts = [
        '<article class="card">\n    <div class="card__body">\n        ',
        f'<{tag} class="card__title"><a class="card__link" href="{url}">{title}</a></{tag}>\n',
    ]
    if role:
        role_text = typeset(text["role"] % {"role": conditional_escape(role)})
        parts.append(f'        <p class="card__role">{role_text}</p>\n')
    chapo = typeset(highlight(truncatewords(fiche.chapo, 40), query))
    parts.append(f'        <p class="card__chapo">{chapo}</p>\n')
    parts.append(_facts(fiche, text))
    parts.append(_lists(fiche, text))
    parts.append('    </div>\n    <div class="card__media">\n        ')
    parts.append(_image(fiche) if fiche.hero_image_id else _PLACEHOLDER)
    parts.append("\n    </div>\n</article>")
    return mark_safe("".join(parts))  # every value is escaped above


def _facts(fiche, text):
    typeset = text["typeset"]
    fact = '            <li><span class="visually-hidden">{}</span>{}</li>\n'
    parts = [f'        <ul class="card__facts" aria-label="{text["facts"]}">\n']
    if fiche.region_id:
        parts.append(fact.format(text["region"], typeset(escape(fiche.region.label))))
    nature = text["natures"].get(fiche.nature)
    if nature is None:
        nature = typeset(escape(fiche.get_nature_display()))
    parts.append(fact.format(text["nature"], nature))
    if fiche.notification_date:
        date = fiche.notification_date
        time = f'<time datetime="{escape(date)}">{typeset(escape(date[:4]))}</time>'
        parts.append(fact.format(text["awarded"], time))
    parts.append("        </ul>\n")
    if fiche.main_cpv_id:
        cpv = fiche.main_cpv
        parts.append(
            f'        <p class="card__cpv"><span class="visually-hidden">{text["cpv"]}</span>'
            f'<span class="card__cpv-code">{typeset(escape(cpv.code))}</span>'
            f"{typeset(' ' + escape(cpv.label))}</p>\n"
        )
    return "".join(parts)


def _lists(fiche, text):
    typeset = text["typeset"]
    parts = []
    themes = getattr(fiche, "card_themes", None)
    if themes:
        tags = "".join(f'<li class="tag">{typeset(escape(theme.name))}</li>' for theme in themes)
        parts.append(
            f'        <ul class="tags" aria-label="{text["themes"]}">\n'
            f"            {tags}\n        </ul>\n"
        )
    levers = fiche.levers
    if levers:
        labels = text["levers"]
        badges = "".join(
            f'            <li class="badge badge--{escape(code)}">'
            f"{labels.get(code) or typeset(escape(str(label)))}</li>\n"
            for code, label in levers
        )
        parts.append(
            f'        <ul class="badges" aria-label="{text["levers_label"]}">\n'
            f"{badges}        </ul>\n"
        )
    return "".join(parts)


def _image(fiche):
    """``{% srcset_image fiche.hero_image fill-{320x180,640x360} sizes=… alt=fiche.hero_alt
    loading="lazy" class="card__image" %}``, as Wagtail renders it."""
    image = fiche.hero_image
    if not image:
        return ""
    renditions = _prefetched_renditions(image)
    if renditions is None:
        renditions = list(image.get_renditions(*_FILTERS).values())
    urls = [rendition.url for rendition in renditions]
    attrs = {
        "src": urls[0],
        "width": renditions[0].width,
        "height": renditions[0].height,
        "alt": fiche.hero_alt,
        "sizes": IMAGE_SIZES,
        "loading": "lazy",
        "class": "card__image",
    }
    if len(renditions) > 1:
        attrs["srcset"] = ", ".join(
            f"{url} {rendition.width}w" for url, rendition in zip(urls, renditions, strict=True)
        )
    return f"<img{_flatatt(attrs)}>"


def _prefetched_renditions(image):
    """The renditions of ``_FILTERS`` among those the listing prefetched, picked as Wagtail's
    ``find_existing_renditions`` does (by spec and focal point), or ``None`` when one is missing
    or none was prefetched."""
    # What Wagtail's Image._get_prefetched_renditions reads, without the related manager and
    # queryset that ``renditions.all()`` builds on each call.
    prefetched = getattr(image, "_prefetched_objects_cache", {}).get("renditions")
    if prefetched is None:
        prefetched = getattr(image, "prefetched_renditions", None)
    if prefetched is None:
        return None
    found = []
    for image_filter in _FILTERS:
        key = image_filter.get_cache_key(image)
        for rendition in prefetched:
            if rendition.filter_spec == image_filter.spec and rendition.focal_point_key == key:
                found.append(rendition)
                break
        else:
            return None
    return found


def _flatatt(attrs):
    """Django's ``flatatt``, which Wagtail's ``Rendition.img_tag`` calls: the attributes sorted
    and escaped, ``None`` left out, a boolean as its bare name (after the others) or nothing."""
    values = sorted(item for item in attrs.items() if not isinstance(item[1], bool))
    html = "".join(
        f' {key}="{conditional_escape(value)}"' for key, value in values if value is not None
    )
    return html + "".join(f" {key}" for key, value in sorted(attrs.items()) if value is True)


@functools.cache
def _texts(language):
    """The card's fixed texts in ``language`` (the active one, passed to key the cache), each as
    the card shows it (typeset where it is a text of its own, as is in an attribute), and the
    function that typesets the others: ``french_typography_html`` on a French page, as the
    filter did (the texts are escaped HTML), nothing in another language."""
    french = (language or "").startswith("fr")
    typeset = french_typography_html if french else _same
    natures = FichePage._meta.get_field("nature").flatchoices
    return {
        "typeset": typeset,
        "role": _("Rôle : %(role)s"),
        "facts": _("En bref"),
        "region": typeset(_("Région :") + " "),
        "nature": typeset(_("Nature :") + " "),
        "awarded": typeset(_("Attribué en") + " "),
        "cpv": typeset(_("Code CPV principal :") + " "),
        "themes": _("Thématiques"),
        "levers_label": _("Leviers mobilisés"),
        "natures": {value: typeset(escape(str(label))) for value, label in natures},
        # Keyed by member: a choice hashes by its name, not by its value.
        "levers": {lever: typeset(escape(str(lever.label))) for lever in Lever},
    }


def _same(text):
    return text


@receiver(setting_changed)
def _forget_texts(setting, **kwargs):
    # As Django forgets its catalogues when a test changes the languages or their files.
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _texts.cache_clear()
