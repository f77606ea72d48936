"""Admin widgets and form fields."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fiches import numbers


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes with a search box that narrows the list as the editor types (words of the
    label, accents ignored). Without JavaScript it is a plain checkbox list."""

    # Under fiches/templates/: Django's form renderer looks in the apps' folders, not in DIRS.
    template_name = "fiches/widgets/searchable_checkboxes.html"

    def __init__(self, *args, search_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.search_label = search_label or _("Filtrer la liste")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_label"] = self.search_label
        return context

    class Media:
        js = ["js/searchable-checkboxes.js"]


class FrenchNumberMixin:
    """A text input read by :func:`fiches.numbers.parse_number`, never ``<input type="number">``,
    whose reading depends on the browser's language (Chromium in French read « 1 600 000,00 » as
    160000000). What the parser refuses comes back with its French message; the stored number is
    shown back in French."""

    widget = forms.TextInput
    inputmode = "decimal"
    number_types = (Decimal, int, float)

    def __init__(self, **kwargs):
        kwargs.pop("localize", None)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", self.inputmode)
        attrs.setdefault("autocomplete", "off")
        return attrs

    def parse(self, value):
        if value in self.empty_values:
            return None
        try:
            return numbers.parse_number(value)
        except numbers.NumberError as error:
            raise forms.ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value):
        if isinstance(value, self.number_types) and not isinstance(value, bool):
            return numbers.format_input(value)
        return value


class FrenchDecimalField(FrenchNumberMixin, forms.DecimalField):
    """A number typed the French way (« 1 600 000,00 », « 1,5 », « 1 600 000 € HT »)."""

    def to_python(self, value):
        return self.parse(value)


class FrenchIntegerField(FrenchNumberMixin, forms.IntegerField):
    """A whole number typed the French way (« 3 500 »): a browser number input would drop
    « 3 500 » (a space) without a word."""

    inputmode = "numeric"
    number_types = (int,)

    def to_python(self, value):
        number = self.parse(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise forms.ValidationError(
                _("« %(value)s » doit être un nombre entier, sans décimales.") % {"value": value},
                code="invalid",
            )
        return int(number)
