"""The embeddable widget for partner sites and the page that builds its snippet.

``/fr/widget/fiches/`` is a small standalone page (no site header or footer) listing the latest
published fiches of a region, a theme or an actor, meant to be shown in an ``<iframe>`` on any
site: unlike the rest of the site, which forbids framing (X-Frame-Options DENY and CSP
``frame-ancestors 'self'``), it may be framed by anyone. ``/fr/widget/`` is the page « Intégrer
les fiches sur votre site »: a GET form whose answer shows the snippet to paste and a preview.

Both read through ``fiches.selectors`` (section « Widget »); the query string is validated by
``WidgetForm``, whose French messages the widget shows instead of the list.
"""

import base64
import hashlib
import math
import re
from urllib.parse import urlencode

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django import forms
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from fiches.catalogue.filters import (
    BY_NAME,
    FILTERS,
    FIRST_YEAR,
    LAST_YEAR,
    InvalidFilterValue,
    criteria,
)
from fiches.catalogue.reference import LiveReference
from fiches.discovery import selectors as discovery
from fiches.models import ACTOR_MODELS

CACHE_SECONDS = 300
DEFAULT_LIMIT = 5
MAX_LIMIT = 10
#: WCAG 2.1 AA contrast for normal text: the accent colour is the colour of the links.
MIN_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"#?(?P<digits>[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
ACTOR_KEY = re.compile(r"(?P<kind>[a-z-]+):(?P<slug>[-a-zA-Z0-9_]{1,200})")
STYLES = {
    "light": {"label": _("Clair"), "background": "#ffffff", "accent": "#0e5a57"},
    "dark": {"label": _("Sombre"), "background": "#1c2628", "accent": "#f2c46d"},
}
DEFAULT_STYLE = "light"
#: The snippet's iframe height (px): title and footer, then one row per fiche.
FRAME_CHROME = 100
ROW_HEIGHT = {False: 80, True: 48}


def contrast_ratio(first, second):
    """The WCAG contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""

    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        red, green, blue = (
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
        )
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class FilterField(forms.CharField):
    """A catalogue filter (``fiches.catalogue.filters``) as a field of the widget's form: a list
    of its values (a number for a year), checked by the filter's own parsing and message. The
    values are read when the list is drawn, the table of a filter only when it is given."""

    def __init__(self, spec, reference):
        self.spec, self.reference = spec, reference
        if spec.listed:
            widget = forms.Select(
                choices=lambda: [("", spec.all_label), *spec.values(reference).items()]
            )
        else:
            widget = forms.NumberInput(attrs={"min": FIRST_YEAR, "max": LAST_YEAR})
        super().__init__(label=spec.label, required=False, max_length=200, widget=widget)

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return ""
        try:
            return self.spec.parse(value, self.reference)
        except InvalidFilterValue as error:
            raise forms.ValidationError(str(error)) from error


class WidgetForm(forms.Form):
    """The widget's options: the query string of the widget and of the builder page alike:
    every catalogue filter (:class:`FilterField`), then the actor and the presentation.

    ``actor`` is ``<kind>:<slug>`` with the kind of the actor pages' URLs (``acheteurs``,
    ``structures-ess``, ``operateurs``); ``accent`` a hexadecimal colour, with or without ``#``,
    that must contrast enough with the background of the chosen ``style``."""

    actor = forms.CharField(
        label=_("Acteur"),
        required=False,
        max_length=220,
        widget=forms.Select,
        help_text=_("Les fiches où cet acheteur, cette structure ou cet opérateur apparaît."),
    )
    limit = forms.CharField(
        label=_("Nombre de fiches"),
        required=False,
        max_length=4,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_LIMIT}),
    )
    style = forms.ChoiceField(
        label=_("Apparence"),
        required=False,
        choices=[(value, spec["label"]) for value, spec in STYLES.items()],
        error_messages={"invalid_choice": _("Apparence inconnue : « %(value)s » (light ou dark).")},
    )
    accent = forms.CharField(
        label=_("Couleur d'accent (facultatif)"),
        required=False,
        max_length=7,
        help_text=_(
            "La couleur des liens, en hexadécimal (ex. #0e5a57). Elle doit être assez "
            "contrastée sur le fond choisi pour rester lisible."
        ),
    )
    compact = forms.BooleanField(
        label=_("Affichage compact : une ligne par fiche, sans la région"),
        label_suffix="",
        required=False,
    )

    def __init__(self, *args, locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale = locale
        self.reference = LiveReference(locale=locale)
        # Every catalogue filter, first, in the order of the catalogue's query string.
        filters = {spec.name: FilterField(spec, self.reference) for spec in FILTERS}
        self.fields = {**filters, **self.fields}

    def filter_fields(self):
        """The bound fields of the catalogue filters, for the builder's form."""
        return [self[spec.name] for spec in FILTERS]

    def filter_values(self):
        """``{name: value}`` of the catalogue filters chosen (valid ones only)."""
        data = getattr(self, "cleaned_data", {})
        return {spec.name: data[spec.name] for spec in FILTERS if data.get(spec.name)}

    def clean_actor(self):
        value = self.cleaned_data["actor"].strip()
        if not value:
            return None
        match = ACTOR_KEY.fullmatch(value)
        model = ACTOR_MODELS.get(match["kind"]) if match else None
        actor = (
            discovery.widget_actor(model=model, slug=match["slug"], locale=self.locale)
            if model
            else None
        )
        if actor is None:
            raise forms.ValidationError(
                _(
                    "Acteur inconnu : « %(value)s ». Donnez son type et son identifiant, "
                    "ex. acheteurs:ville-de-rennes (types : %(kinds)s)."
                ),
                params={"value": value, "kinds": ", ".join(ACTOR_MODELS)},
            )
        return actor

    def clean_limit(self):
        value = self.cleaned_data["limit"].strip()
        if not value:
            return DEFAULT_LIMIT
        if not value.isdecimal() or not 1 <= int(value) <= MAX_LIMIT:
            raise forms.ValidationError(
                _("Nombre de fiches invalide : « %(value)s ». Donnez un nombre de 1 à %(max)s."),
                params={"value": value, "max": MAX_LIMIT},
            )
        return int(value)

    def clean_style(self):
        return self.cleaned_data["style"] or DEFAULT_STYLE

    def clean_accent(self):
        value = self.cleaned_data["accent"].strip()
        if not value:
            return ""
        match = HEX_COLOUR.fullmatch(value)
        if match is None:
            raise forms.ValidationError(
                _("Couleur invalide : « %(value)s ». Donnez un code hexadécimal, ex. #0e5a57."),
                params={"value": value},
            )
        digits = match["digits"].lower()
        if len(digits) == 3:
            digits = "".join(digit * 2 for digit in digits)
        return f"#{digits}"

    def clean(self):
        cleaned = super().clean()
        accent, style = cleaned.get("accent"), cleaned.get("style")
        if accent and style:
            ratio = contrast_ratio(accent, STYLES[style]["background"])
            if ratio < MIN_CONTRAST:
                message = (
                    _(
                        "La couleur %(colour)s n'est pas assez contrastée sur fond clair "
                        "(%(ratio)s:1, il faut au moins 4,5:1) : choisissez-en une plus foncée."
                    )
                    if style == "light"
                    else _(
                        "La couleur %(colour)s n'est pas assez contrastée sur fond sombre "
                        "(%(ratio)s:1, il faut au moins 4,5:1) : choisissez-en une plus claire."
                    )
                )
                # Rounded down, so that a refused colour never shows 4,5:1.
                ratio_text = f"{math.floor(ratio * 10) / 10:.1f}".replace(".", ",")
                self.add_error(
                    "accent",
                    forms.ValidationError(message, params={"colour": accent, "ratio": ratio_text}),
                )
        return cleaned

    def query_string(self):
        """The options that differ from the defaults, as a query string (empty when none)."""
        data = self.cleaned_data
        params = self.filter_values()
        if data["actor"]:
            params["actor"] = f"{data['actor'].url_kind}:{data['actor'].slug}"
        if data["limit"] != DEFAULT_LIMIT:
            params["limit"] = data["limit"]
        if data["style"] != DEFAULT_STYLE:
            params["style"] = data["style"]
        if data["accent"]:
            # Without "#", which would have to be escaped in the URL.
            params["accent"] = data["accent"][1:]
        if data["compact"]:
            params["compact"] = "1"
        return urlencode(params)


def _scope(form):
    """What the widget is limited to, as names (each filter's value, the actor)."""
    scope = [
        str(BY_NAME[name].label_of(value, form.reference))
        for name, value in form.filter_values().items()
    ]
    actor = form.cleaned_data.get("actor")
    return [*scope, actor.name] if actor else scope


def _more_link(request, form, locale):
    """Where « Toutes les fiches » leads: the actor's page, or the catalogue filtered the same
    way (the filters have the catalogue's own parameters)."""
    if form.cleaned_data.get("actor"):
        return form.cleaned_data["actor"].get_absolute_url()
    catalogue = discovery.widget_catalogue(locale=locale)
    if catalogue is None:
        return reverse("wagtail_serve", args=[""])
    params = form.filter_values()
    url = catalogue.get_url(request)
    return f"{url}?{urlencode(params)}" if params else url


def _public(response):
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _frameable(response, *, inline_style=""):
    """Lets any site frame the response, and allows its one inline ``<style>`` by its hash.

    The policy is written by the view rather than by ``csp_replace``: django-csp's middleware
    keeps a header that is already there, and the full-page cache (cms.cache.pages) stores the
    view's headers, so pages it serves again stay frameable."""
    update = {}
    if inline_style:
        digest = base64.b64encode(hashlib.sha256(inline_style.encode()).digest()).decode()
        update["style-src"] = [f"'sha256-{digest}'"]
    policy = build_policy(update=update, replace={"frame-ancestors": ["*"]})
    if policy:
        response[CSP_HEADER] = policy
    return response


@xframe_options_exempt
@require_safe
def widget_fiches(request):
    """The widget: the latest published fiches matching the options, or what is wrong with
    them (400), in a page made to be framed by partner sites."""
    # The locale of the URL's language, or the default one when that language has no content
    # yet (the widget then lists the fiches of the default language).
    locale = Locale.get_active()
    form = WidgetForm(request.GET, locale=locale)
    valid = form.is_valid()
    data = form.cleaned_data
    style = data.get("style") or DEFAULT_STYLE
    accent = data.get("accent") or ""
    inline_style = f"body.widget{{--w-accent:{accent}}}" if accent else ""
    context = {
        "style": style,
        "compact": data.get("compact", False),
        "inline_style": inline_style,
        "scope": _scope(form),
        "errors": [error for errors in form.errors.values() for error in errors],
    }
    if valid:
        context["fiches"] = discovery.widget_fiches(
            locale=locale,
            limit=data["limit"],
            actor=data["actor"],
            **criteria(form.filter_values()),
        )
        context["more_url"] = _more_link(request, form, locale)
    response = render(request, "fiches/widget/fiches.html", context, status=200 if valid else 400)
    return _frameable(_public(response), inline_style=inline_style)


def _actor_choices(locale):
    choices = [("", gettext("Tous les acteurs"))]
    for model, actors in discovery.widget_actor_choices(locale=locale):
        if actors:
            group = [(f"{model.url_kind}:{slug}", name) for slug, name in actors]
            choices.append((str(model._meta.verbose_name_plural).capitalize(), group))
    return choices


@require_safe
def widget_builder(request):
    """« Intégrer les fiches sur votre site »: the options form (GET, works without
    JavaScript), the snippet to paste for the options chosen and a preview of the widget."""
    locale = Locale.get_active()
    data = {"limit": DEFAULT_LIMIT, "style": DEFAULT_STYLE, **request.GET.dict()}
    form = WidgetForm(data, locale=locale)
    form.fields["actor"].widget.choices = _actor_choices(locale)
    context = {"form": form}
    if form.is_valid():
        cleaned = form.cleaned_data
        query = form.query_string()
        widget_path = reverse("widget_fiches") + (f"?{query}" if query else "")
        scope = _scope(form)
        title = gettext("Fiches REX : dernières fiches")
        if scope:
            title = f"{title} — {', '.join(scope)}"
        height = FRAME_CHROME + cleaned["limit"] * ROW_HEIGHT[cleaned["compact"]]
        frame = {
            "src": request.build_absolute_uri(widget_path),
            "title": title,
            "height": height,
        }
        context.update(
            {
                "widget_path": widget_path,
                "frame": frame,
                "snippet": render_to_string("fiches/widget/snippet.html", {"frame": frame}).strip(),
                "resize_snippet": render_to_string(
                    "fiches/widget/resize_snippet.html",
                    {"src": request.build_absolute_uri(static("js/widget-resize.js"))},
                ).strip(),
            }
        )
    return _public(render(request, "fiches/widget/builder.html", context))
