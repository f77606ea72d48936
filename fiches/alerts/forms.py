"""The subscription form: the address and the frequency (the search comes with the page's
address, read by the catalogue's parser)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fiches.models import AlertSubscription


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        max_length=254,
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _("Cette adresse électronique n'est pas valide (ex. nom@exemple.fr)."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("Fréquence"),
        choices=AlertSubscription.Frequency.choices,
        initial=AlertSubscription.Frequency.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez une fréquence."),
            "invalid_choice": _("Fréquence inconnue : choisissez-en une de la liste."),
        },
    )
