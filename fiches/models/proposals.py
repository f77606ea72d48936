"""The cases proposed through the public form « Proposer un retour d'expérience »
(``fiches.proposals``): who proposed which draft fiche, with their contact, which is never
public and is deleted after the retention period (``PROPOSAL_CONTACT_RETENTION_DAYS``)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string


class ProposerRole(models.TextChoices):
    """Who proposes a case: one of the three kinds of actors of a fiche."""

    BUYER = "acheteur", _("Un acheteur public")
    ESS_STRUCTURE = "structure_ess", _("Une structure de l'ESS")
    OPERATOR = "operateur", _("Un opérateur, un accompagnateur ou un réseau")


def contact_retention():
    """How long a proposer's contact is kept after the proposal: the one rule that both
    ``Proposal.contact_kept_until`` and ``ProposalQuerySet.contact_expired`` apply."""
    return timedelta(days=settings.PROPOSAL_CONTACT_RETENTION_DAYS)


class ProposalQuerySet(models.QuerySet):
    def contact_expired(self, now=None):
        """The proposals whose contact is still kept though its ``contact_kept_until`` has
        come."""
        now = now or timezone.now()
        return self.filter(
            submitted_at__lte=now - contact_retention(), contact_purged_at__isnull=True
        )

    def with_contact(self):
        return self.filter(contact_purged_at__isnull=True).exclude(contact_email="")


class Proposal(models.Model):
    """One case proposed by a visitor: the draft fiche (and draft actors) it created in the
    moderation queue, the story as it was written, the files sent, and the proposer's contact
    (for the moderators only: no public output, API or export reads this model)."""

    fiche = models.OneToOneField(
        "fiches.FichePage",
        verbose_name=_("fiche proposée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )
    role = models.CharField(_("proposé par"), max_length=20, choices=ProposerRole.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    contact_name = models.CharField(_("nom"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    story = models.TextField(_("récit proposé"), blank=True)
    language = models.CharField(_("langue"), max_length=10, default="fr")
    images = models.ManyToManyField(
        "fiches.CustomImage", verbose_name=_("images"), blank=True, related_name="+"
    )
    documents = models.ManyToManyField(
        get_document_model_string(), verbose_name=_("documents"), blank=True, related_name="+"
    )
    consent_at = models.DateTimeField(_("consentement donné le"))
    submitted_at = models.DateTimeField(_("proposée le"), default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(_("accusé de réception envoyé le"), null=True)
    publication_notified_at = models.DateTimeField(_("publication annoncée le"), null=True)
    contact_purged_at = models.DateTimeField(_("coordonnées effacées le"), null=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition de retour d'expérience")
        verbose_name_plural = _("propositions de retours d'expérience")
        ordering = ["submitted_at", "pk"]

    def __str__(self):
        return self.fiche.title if self.fiche_id else str(self._meta.verbose_name)

    @property
    def contact_kept_until(self):
        """When the purge deletes the contact (``fiches.proposals.services``)."""
        return self.submitted_at + contact_retention()
