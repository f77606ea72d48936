"""« Proposer un retour d'expérience » (``/fr/proposer/``): the public form, no account. A
submission that passes the checks (``forms.ProposalForm``) becomes a draft fiche in the
moderation queue (``services.submit``); the honeypot's robots are answered as if accepted and
nothing is kept; every address may post at most ``PROPOSAL_RATE_LIMIT`` times in the window
(``cms.throttle``), then gets a 429. CSRF is Django's (the form carries its token)."""

import logging

from django.conf import settings
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cms import throttle

from . import forms, services

TEMPLATE = "fiches/proposals/propose.html"
logger = logging.getLogger(__name__)


@never_cache
def propose(request):
    context = {
        "open": services.proposals_open(),
        "retention_days": settings.PROPOSAL_CONTACT_RETENTION_DAYS,
    }
    if request.method != "POST":
        context["form"] = forms.ProposalForm()
        return render(request, TEMPLATE, context)
    if forms.is_robot(request.POST):
        return redirect("propose_thanks")
    form = forms.ProposalForm(request.POST, request.FILES)
    if context["open"] and form.is_valid():
        try:
            services.submit(data=form.cleaned_data, language=get_language() or "fr")
        except services.ProposalsClosed:
            context["open"] = False
        except IntegrityError:
            # Two proposals naming the same new actor at the same moment: nothing was kept.
            logger.warning("Proposal not recorded (concurrent write)", exc_info=True)
            form.add_error(
                None,
                _(
                    "Votre proposition n'a pas pu être enregistrée : envoyez-la à nouveau dans "
                    "un instant."
                ),
            )
        else:
            return redirect("propose_thanks")
    form.restart()
    context["form"] = form
    return render(request, TEMPLATE, context, status=400 if context["open"] else 503)


@never_cache
def thanks(request):
    return render(
        request,
        "fiches/proposals/thanks.html",
        {"retention_days": settings.PROPOSAL_CONTACT_RETENTION_DAYS},
    )


def propose_view(request):
    """The form, throttled per address (the limits are read at each request)."""
    throttled = throttle.limit_failures(
        propose,
        scope="proposal",
        limit=settings.PROPOSAL_RATE_LIMIT,
        window=settings.PROPOSAL_RATE_WINDOW_SECONDS,
        failed=throttle.form_posted,
        template="429_proposal.html",
    )
    return throttled(request)
