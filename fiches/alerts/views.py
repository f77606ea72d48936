"""The public pages of the alerts (URLs under the language prefix, see cms/urls.py):

- ``alertes/?catalogue=<id>&<search>``: the form « Recevoir les nouvelles fiches de cette
  recherche » (the search as the catalogue reads it; a value the catalogue would drop is
  refused with its French notice); POST records it and sends the confirmation link, and always
  redirects to the same « check your mailbox » page (no enumeration); throttled per visitor
  address (cms.throttle);
- ``alertes/confirmation/<token>/``: GET shows the button, POST confirms (a link scanner that
  opens the link confirms nothing);
- ``alertes/desabonnement/<token>/``: GET shows the button, POST deletes the subscription —
  also the RFC 8058 one-click POST of the mail clients (no CSRF token: the signed token is the
  proof).
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.coreutils import get_supported_content_language_variant

from cms import throttle
from fiches.alerts import selectors, services
from fiches.alerts.forms import SubscribeForm
from fiches.alerts.services import Outcome

SUBSCRIBE = "fiches/alerts/subscribe.html"
MESSAGE = "fiches/alerts/message.html"


def _message(request, title, text, *, status=200, button=None):
    return render(request, MESSAGE, {"title": title, "text": text, "button": button}, status=status)


def _catalogue(raw):
    try:
        page_id = int(raw)
    except (TypeError, ValueError):
        return None
    if not 0 < page_id < 2**31:
        return None
    return selectors.public_catalogue(page_id)


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The subscription form, throttled per visitor address: every POST counts."""
    view = throttle.limit_failures(
        _subscribe,
        scope="alerts-subscribe",
        limit=settings.ALERTS_SUBSCRIBE_PER_ADDRESS,
        window=settings.ALERTS_SUBSCRIBE_WINDOW_SECONDS,
        failed=throttle.form_posted,
        template="fiches/alerts/429.html",
    )
    return view(request)


def _subscribe(request):
    catalogue = _catalogue(request.GET.get("catalogue"))
    if catalogue is None:
        return _message(
            request,
            _("Recherche introuvable"),
            _(
                "Ce lien ne désigne aucun catalogue de fiches : ouvrez le catalogue, faites votre "
                "recherche puis choisissez « Recevoir les nouvelles fiches de cette recherche »."
            ),
            status=400,
        )
    query, reference = selectors.search_of(request.GET, catalogue)
    context = {
        "catalogue": catalogue,
        "criteria": services.criteria_labels(query, reference),
        "catalogue_url": catalogue.get_url(request)
        + (f"?{query.search_querystring()}" if query.is_filtered else ""),
        "notices": query.notices,
    }
    if query.notices:
        # The catalogue would show more than was asked: subscribe to nothing rather than to
        # another search.
        return render(request, SUBSCRIBE, context, status=400)
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        services.subscribe(
            email=form.cleaned_data["email"],
            catalogue=catalogue,
            query=query,
            reference=reference,
            language=_language(),
            frequency=form.cleaned_data["frequency"],
        )
        return redirect(reverse("alerts_sent"))
    status = 400 if form.is_bound else 200
    return render(request, SUBSCRIBE, {**context, "form": form}, status=status)


def _language():
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return settings.LANGUAGE_CODE


@never_cache
@require_http_methods(["GET"])
def sent(request):
    """The same answer whether the address was new, waiting or already subscribed."""
    return _message(
        request,
        _("Vérifiez votre boîte aux lettres"),
        _(
            "Si cette adresse peut recevoir cette alerte, un message vient de lui être envoyé "
            "avec un lien de confirmation, valable %(days)s jours. Aucune fiche ne vous sera "
            "envoyée avant que vous ayez confirmé."
        )
        % {"days": settings.ALERTS_CONFIRM_DAYS},
    )


def _link_problem(request, outcome):
    texts = {
        Outcome.EXPIRED: _(
            "Ce lien de confirmation a expiré (il est valable %(days)s jours) : rien n'a changé. "
            "Abonnez-vous à nouveau depuis le catalogue."
        )
        % {"days": settings.ALERTS_CONFIRM_DAYS},
        Outcome.INVALID: _(
            "Ce lien n'est pas valide (il a peut-être été coupé ou mal copié) : rien n'a changé."
        ),
        Outcome.GONE: _(
            "Ce lien ne correspond à aucun abonnement en cours (il a peut-être déjà été "
            "résilié) : rien n'a changé."
        ),
    }
    status = 200 if outcome == Outcome.GONE else 400
    return _message(request, _("Lien sans effet"), texts[outcome], status=status)


def _link(request, token, *, check, act, ask, done, unchanged):
    """The page of a link: GET ``check``s ``token`` and shows ``ask`` (title, text, button),
    POST ``act``s on it and shows ``done`` (title, text); ``unchanged`` (outcome, title, text)
    answers the link that has nothing left to do, any other outcome is a problem."""
    if request.method == "GET":
        outcome, (title, text, button) = check(token), ask
    else:
        outcome, (title, text), button = act(token), done, None
    if outcome == Outcome.DONE:
        return _message(request, title, text, button=button)
    if outcome == unchanged[0]:
        return _message(request, *unchanged[1:])
    return _link_problem(request, outcome)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    return _link(
        request,
        token,
        check=services.check_confirmation,
        act=services.confirm,
        ask=(
            _("Confirmer votre abonnement"),
            _("Confirmez pour recevoir par e-mail les nouvelles fiches de cette recherche."),
            _("Confirmer mon abonnement"),
        ),
        done=(
            _("Abonnement confirmé"),
            _(
                "Vous recevrez les nouvelles fiches de cette recherche. Chaque message "
                "contient un lien pour vous désabonner en un clic."
            ),
        ),
        unchanged=(
            Outcome.ALREADY,
            _("Abonnement déjà confirmé"),
            _("Cet abonnement est déjà confirmé : rien n'a changé."),
        ),
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    return _link(
        request,
        token,
        check=services.check_unsubscribe,
        act=services.unsubscribe,
        ask=(
            _("Se désabonner"),
            _(
                "Vous ne recevrez plus les nouvelles fiches de cette recherche et votre "
                "adresse sera supprimée."
            ),
            _("Me désabonner"),
        ),
        done=(
            _("Désabonnement effectué"),
            _(
                "Votre adresse a été supprimée : vous ne recevrez plus de message pour "
                "cette recherche."
            ),
        ),
        unchanged=(
            Outcome.GONE,
            _("Déjà désabonné"),
            _("Cette adresse ne reçoit plus cette recherche : rien n'a changé."),
        ),
    )
