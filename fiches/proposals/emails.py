"""The two e-mails a proposer receives: the acknowledgement of the proposal, and the link to
the fiche once a moderator has published it. Plain text, in the language of the form, sent to
the contact kept on the ``Proposal`` (none once it has been purged)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


def _send(proposal, *, subject, template, context):
    if not proposal.contact_email:
        return False
    with translation.override(proposal.language or settings.LANGUAGE_CODE):
        body = render_to_string(
            template,
            {
                "proposal": proposal,
                "retention_days": settings.PROPOSAL_CONTACT_RETENTION_DAYS,
                "site_name": _("Fiches REX"),
                **context,
            },
        )
        send_mail(
            str(subject()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [proposal.contact_email],
        )
    return True


def send_acknowledgement(proposal):
    """« Nous avons bien reçu votre proposition »: what happens next, and how long the contact
    is kept."""
    return _send(
        proposal,
        subject=lambda: _("Fiches REX : nous avons bien reçu votre proposition"),
        template="fiches/proposals/email/acknowledgement.txt",
        context={"title": proposal.fiche.title if proposal.fiche_id else ""},
    )


def send_publication(proposal, *, url):
    """« Votre retour d'expérience est publié », with the address of the fiche."""
    return _send(
        proposal,
        subject=lambda: _("Fiches REX : votre retour d'expérience est publié"),
        template="fiches/proposals/email/publication.txt",
        context={"title": proposal.fiche.title, "url": url},
    )
