"""Where a contributor starts: the « Nouvelle fiche » action (on the dashboard and on the
catalogue's page in the explorer) and the dashboard panel that offers it with the contributor
guide (``fiches.editorial.guide``)."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from fiches.models import FicheIndexPage, FichePage


def new_fiche_url(catalogue):
    """The creation form of a fiche under ``catalogue`` (a ``FicheIndexPage``)."""
    meta = FichePage._meta
    return reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, catalogue.pk])


def is_catalogue(page):
    return page is not None and issubclass(page.specific_class or type(page), FicheIndexPage)


def can_add_fiche(user, catalogue):
    return catalogue.permissions_for_user(user).can_add_subpage()


class StartPanel(Component):
    """The dashboard's « Rédiger une fiche » panel: one « Nouvelle fiche » button per catalogue
    the user may add to, and the contributor guide."""

    name = "fiches_start"
    template_name = "fiches/admin/start_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        # Imported here: the models import fiches.editorial.panels, and selectors the models.
        from fiches import selectors

        context = super().get_context_data(parent_context)
        catalogues = [
            catalogue
            for catalogue in selectors.fiche_catalogues()
            if can_add_fiche(self.user, catalogue)
        ]
        context["catalogues"] = [
            {"title": catalogue.title, "url": new_fiche_url(catalogue)} for catalogue in catalogues
        ]
        context["several"] = len(catalogues) > 1
        context["guide_url"] = reverse("fiches_guide")
        return context


def add_start_panel(request, panels):
    """The ``construct_homepage_panels`` hook: every editor sees it."""
    panels.append(StartPanel(request.user))
