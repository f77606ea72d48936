from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FichesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fiches"
    verbose_name = _("Fiches REX")

    def ready(self):
        from fiches.alerts import tasks as alerts
        from fiches.discovery import figures, indexing, related
        from fiches.editorial import moderation
        from fiches.opendata import files
        from fiches.proposals import tasks as proposals

        indexing.connect()
        files.connect()
        related.connect()
        figures.connect()
        moderation.connect()
        proposals.connect()
        alerts.connect()
