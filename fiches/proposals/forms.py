"""The public form « Proposer un retour d'expérience »: who proposes (kept private), the
contract's key facts (« non renseigné » where the proposer does not know), a short story,
files, the RGPD consent, and two checks against robots: a honeypot field and the time taken to
fill the form in (a signed timestamp, ``started_token``)."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fiches import numbers
from fiches.choices import Lever, Nature, ReservedArticle
from fiches.models import CPVCode, ProposerRole, Region
from fiches.widgets import FrenchDecimalField

from .uploads import ProposalDocumentsField, ProposalImagesField

#: The honeypot: hidden from people (and from screen readers), filled in by robots.
HONEYPOT = "website"
#: The signed time at which the form was shown.
STARTED = "started"
SALT = "fiches.proposals.started"
STORY_MIN = 80
STORY_MAX = 5000
FIRST_YEAR = 1990


def started_token(at=None):
    """The signed time (seconds) at which the form is shown."""
    return signing.dumps(int(at if at is not None else time.time()), salt=SALT)


def seconds_since(token):
    """Seconds since ``token`` was made; ``None`` when it is missing, forged or too old."""
    try:
        started = signing.loads(token, salt=SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(started, int):
        return None
    elapsed = time.time() - started
    if not 0 <= elapsed <= settings.PROPOSAL_MAX_HOURS * 3600:
        return None
    return elapsed


def is_robot(data):
    """Whether the honeypot was filled in: the submission is answered as accepted and
    dropped."""
    return bool(data.get(HONEYPOT, "").strip())


class ProposalForm(forms.Form):
    required_css_class = "required"

    role = forms.ChoiceField(
        label=_("Vous êtes"), choices=ProposerRole.choices, widget=forms.RadioSelect
    )
    organisation = forms.CharField(
        label=_("Votre organisation"),
        max_length=200,
        help_text=_("La collectivité, la structure ou le réseau pour lequel vous travaillez."),
    )
    contact_name = forms.CharField(label=_("Vos nom et prénom"), max_length=120)
    contact_email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_("Pour l'accusé de réception, les questions de l'équipe et le lien final."),
    )
    contact_phone = forms.CharField(
        label=_("Votre téléphone"), max_length=30, required=False, help_text=_("Facultatif.")
    )

    title = forms.CharField(
        label=_("Titre du retour d'expérience"),
        max_length=200,
        help_text=_(
            "En quelques mots : ce qui a été acheté et comment, par exemple « Entretien des "
            "espaces verts réservé à un ESAT »."
        ),
    )
    buyer_name = forms.CharField(
        label=_("Acheteur public"),
        max_length=200,
        help_text=_("La collectivité ou l'établissement qui a passé le marché."),
    )
    supplier_name = forms.CharField(
        label=_("Structure de l'ESS titulaire"),
        max_length=200,
        help_text=_("La structure qui a remporté le marché (ou le mandataire du groupement)."),
    )
    region = forms.ModelChoiceField(
        label=_("Région d'exécution"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("Non renseignée"),
    )
    nature = forms.ChoiceField(label=_("Nature du marché"), choices=Nature.choices)
    levers = forms.MultipleChoiceField(
        label=_("Leviers utilisés"),
        choices=Lever.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez ceux que vous connaissez ; aucun si vous ne savez pas."),
    )
    reserved_article = forms.ChoiceField(
        label=_("Article du marché réservé"),
        choices=[("", _("Non renseigné")), *ReservedArticle.choices],
        required=False,
        help_text=_("Seulement pour un marché réservé, si vous le connaissez."),
    )
    cpv = forms.CharField(
        label=_("Code CPV"),
        max_length=20,
        required=False,
        help_text=_("Facultatif : 8 chiffres, par exemple « 77310000 »."),
    )
    year = forms.IntegerField(
        label=_("Année d'attribution"),
        required=False,
        help_text=_("Facultatif : l'année où le marché a été notifié, par exemple « 2023 »."),
    )
    amount = FrenchDecimalField(
        label=_("Montant HT (€)"),
        required=False,
        max_digits=numbers.MAX_DIGITS,
        decimal_places=numbers.DECIMAL_PLACES,
        min_value=0,
        help_text=_("Facultatif : « 120 000 », « 1,6 M€ ». Laissez vide si vous ne le savez pas."),
    )
    story = forms.CharField(
        label=_("Votre récit"),
        min_length=STORY_MIN,
        max_length=STORY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Quelques paragraphes : le besoin, le choix du levier, la structure retenue, ce que "
            "le marché a changé (%(min)d à %(max)d caractères)."
        )
        % {"min": STORY_MIN, "max": STORY_MAX},
    )
    images = ProposalImagesField(label=_("Images"))
    documents = ProposalDocumentsField(label=_("Documents"))
    consent = forms.BooleanField(
        label=_(
            "J'accepte que mes coordonnées soient conservées pour traiter ma proposition, "
            "dans les conditions ci-dessus."
        ),
        error_messages={
            "required": _(
                "Cochez la case du consentement : sans elle, nous ne pouvons pas garder vos "
                "coordonnées pour traiter votre proposition."
            )
        },
    )
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("images", "documents"):
            self.fields[name].help_text = self.fields[name].describe()
        if not self.is_bound:
            self.initial[STARTED] = started_token()

    def clean_cpv(self):
        value = self.cleaned_data["cpv"].replace(" ", "")
        return CPVCode.normalize(value) if value else None

    def clean_year(self):
        value = self.cleaned_data["year"]
        last = timezone.now().year + 1
        if value is not None and not FIRST_YEAR <= value <= last:
            raise ValidationError(
                _("Indiquez une année entre %(first)d et %(last)d, ou laissez le champ vide.")
                % {"first": FIRST_YEAR, "last": last},
                code="invalid_year",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        elapsed = seconds_since(self.data.get(STARTED, ""))
        if elapsed is None:
            raise ValidationError(
                _(
                    "Le formulaire a expiré ou n'est pas complet : vérifiez vos réponses puis "
                    "envoyez-le à nouveau."
                ),
                code="expired",
            )
        if elapsed < settings.PROPOSAL_MIN_SECONDS:
            raise ValidationError(
                _(
                    "Le formulaire a été envoyé trop vite pour avoir été rempli : relisez vos "
                    "réponses, puis envoyez-le à nouveau."
                ),
                code="too_fast",
            )
        if cleaned.get("reserved_article") and Lever.RESERVED not in cleaned.get("levers", []):
            self.add_error(
                "reserved_article",
                _(
                    "Vous indiquez un article de marché réservé : cochez aussi le levier "
                    "« Marché réservé », ou choisissez « Non renseigné »."
                ),
            )
        return cleaned

    def restart(self):
        """A new timestamp, for the form shown again with its errors: the visitor's
        correction is timed from now."""
        data = self.data.copy()
        data[STARTED] = started_token()
        self.data = data
