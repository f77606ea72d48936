"""Long work done by a background task (``fiches.opendata.tasks``), with its state on a row
that the admin status page reads: the spreadsheet import of fiches."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """One import of a spreadsheet: the file (kept in the database, never under a media URL),
    who started it, how far the task is and what it found or did (``report``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lancé par"),
    )
    catalogue = models.ForeignKey(
        "fiches.FicheIndexPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("catalogue"),
    )
    filename = models.CharField(_("fichier"), max_length=255)
    data = models.BinaryField(_("contenu du fichier"), editable=False)
    commit = models.BooleanField(_("import pour de bon"), default=False)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    phase = models.CharField(_("étape"), max_length=10, blank=True)
    done = models.PositiveIntegerField(_("lignes traitées"), default=0)
    total = models.PositiveIntegerField(_("lignes"), default=0)
    report = models.JSONField(_("compte rendu"), default=dict, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import de fiches")
        verbose_name_plural = _("imports de fiches")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0
