"""The related fiches of each fiche, stored when content is published
(``fiches.discovery.related``) rather than scored on every view of the fiche page."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RelatedFiche(models.Model):
    """One fiche of another fiche's « Fiches similaires »: its score (what they share, weighted
    by ``fiches.discovery.selectors.RELATED_WEIGHTS``) and its rank in the list (0 first).

    Rows are written by ``fiches.discovery.related.refresh`` (a task run when a fiche is
    published, unpublished, moved or deleted) and by ``manage.py refresh_related_fiches``; the
    fiche page still applies the visibility rule when it reads them."""

    fiche = models.ForeignKey(
        "fiches.FichePage",
        on_delete=models.CASCADE,
        related_name="related_rows",
        verbose_name=_("fiche"),
    )
    related = models.ForeignKey(
        "fiches.FichePage",
        on_delete=models.CASCADE,
        related_name="related_to_rows",
        verbose_name=_("fiche similaire"),
    )
    score = models.PositiveSmallIntegerField(_("score"))
    rank = models.PositiveSmallIntegerField(_("rang"))

    class Meta:
        ordering = ["fiche", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["fiche", "related"], name="related_fiche_once"),
        ]
        verbose_name = _("fiche similaire")
        verbose_name_plural = _("fiches similaires")

    def __str__(self):
        return f"{self.fiche_id} → {self.related_id} ({self.score})"
