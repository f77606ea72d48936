"""Admin widgets."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
