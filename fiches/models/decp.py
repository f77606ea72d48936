"""Contracts found in the official data (DECP, données essentielles de la commande publique)
that are worth a fiche: reserved, with social considerations, or won by a known ESS structure.

Written only by ``fiches.opendata.decp_import`` (``manage.py import_decp``); listed in the admin
view « À documenter » (``fiches.opendata.candidates_views``)."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from fiches.dates import PartialDateField

from .reference import Region


class DecpCandidate(models.Model):
    """One DECP record kept by the import, as the file gave it (``record``), with the columns
    the admin view counts and filters on. Its key is the record's own: the kind of contract,
    the buyer's SIRET and the DECP id (an id is the buyer's internal number, unique per buyer).
    A re-import updates the row; the fiche started from it stays linked (``fiche``)."""

    class Kind(models.TextChoices):
        CONTRACT = "marche", _("Marché")
        CONCESSION = "concession", _("Contrat de concession")

    kind = models.CharField(_("type de contrat"), max_length=12, choices=Kind.choices)
    decp_id = models.CharField(_("identifiant DECP"), max_length=64)
    buyer_siret = models.CharField(_("SIRET de l'acheteur"), max_length=14)
    holder_sirets = models.JSONField(_("SIRET des titulaires"), default=list, blank=True)
    subject = models.TextField(_("objet"), blank=True)
    cpv = models.CharField(_("code CPV"), max_length=10, blank=True)
    cpv_division = models.CharField(_("division CPV"), max_length=2, blank=True, db_index=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("région d'exécution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True, db_index=True)
    notification_date = PartialDateField(_("date de notification ou de signature"))
    amount = models.DecimalField(
        _("montant HT (€)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    # The levers the record declares (its considerations), and whether a holder is an ESS
    # structure of the directory: what makes it a candidate.
    reserved = models.BooleanField(_("marché réservé"), default=False)
    social_clause = models.BooleanField(_("clause sociale"), default=False)
    social_criterion = models.BooleanField(_("critère social"), default=False)
    environmental_clause = models.BooleanField(_("clause environnementale"), default=False)
    environmental_criterion = models.BooleanField(_("critère environnemental"), default=False)
    innovative = models.BooleanField(_("marché innovant"), default=False)
    ess_holder = models.BooleanField(_("titulaire connu de l'ESS"), default=False)
    record = models.JSONField(_("données DECP"), encoder=DjangoJSONEncoder)
    fiche = models.OneToOneField(
        "fiches.FichePage",
        verbose_name=_("fiche"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decp_candidate",
        help_text=_("La fiche préparée à partir de ce contrat."),
    )
    first_imported_at = models.DateTimeField(_("premier import"), auto_now_add=True)
    imported_at = models.DateTimeField(_("dernier import"), auto_now=True)

    class Meta:
        verbose_name = _("contrat à documenter")
        verbose_name_plural = _("contrats à documenter")
        # Newest first, undated last on every database.
        ordering = [models.F("notification_date").desc(nulls_last=True), "decp_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "buyer_siret", "decp_id"], name="unique_decp_candidate"
            )
        ]

    def __str__(self):
        return f"{self.decp_id} ({self.buyer_siret})"
