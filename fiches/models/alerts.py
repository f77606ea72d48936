"""Alerts (``fiches.alerts``): a visitor's e-mail subscription to a catalogue search, without an
account. The row holds only what sending the digest needs; it is deleted on unsubscribe, and an
unconfirmed one after ``ALERTS_CONFIRM_DAYS`` (docs/alerts.md « Données personnelles »)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key():
    return secrets.token_urlsafe(24)


class AlertSubscription(models.Model):
    """One address subscribed to one search of one catalogue. ``query`` is the canonical query
    string of the search (``fiches.catalogue.facets.Query.search_querystring``: the catalogue's
    own parameters, read again by ``facets.parse`` for each digest). ``key`` is the secret the
    links of its messages are signed with: forgetting the row forgets every link."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Chaque semaine")
        PUBLICATION = "publication", _("À chaque nouvelle publication")

    email = models.EmailField(_("adresse électronique"))
    catalogue = models.ForeignKey(
        "fiches.FicheIndexPage", on_delete=models.CASCADE, related_name="+"
    )
    # The search is at most 200 characters, each up to 9 once percent-encoded (3 bytes).
    query = models.CharField(_("recherche"), max_length=2400, blank=True)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    frequency = models.CharField(
        _("fréquence"), max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    key = models.CharField(max_length=64, default=new_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    #: The digest sends the fiches first published after this (the confirmation, then each run).
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement aux alertes")
        verbose_name_plural = _("abonnements aux alertes")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "catalogue", "query"], name="alert_one_per_search"
            )
        ]
        indexes = [models.Index(fields=["frequency", "confirmed_at"])]

    def __str__(self):
        return f"alert {self.pk}"
