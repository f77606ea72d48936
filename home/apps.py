from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Accueil et pages de contenu")

    def ready(self):
        from fiches.discovery import figures
        from home import figures as home_figures

        figures.register(home_figures.refresh_figures)
