"""The contributor guide inside the admin (``templates/fiches/admin/guide.html``): what each tab
of a fiche is for, how to say what the sources do not say, and a worked example. Reached from
the admin menu, the dashboard (``fiches.editorial.start``) and the help line at the top of each
tab of the fiche form (``fiches.editorial.panels.GuideLinkPanel``)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

#: The guide's sections, one per tab of the fiche form (anchors of the template), in order.
TAB_SECTIONS = {
    "content": "guide-contenu",
    "technical": "guide-caracteristiques",
    "stakeholders": "guide-parties-prenantes",
    "impact": "guide-impact",
    "promote": "guide-promotion",
    "settings": "guide-parametres",
}


@login_required
def guide_view(request):
    return render(request, "fiches/admin/guide.html", {"sections": TAB_SECTIONS})


def admin_urls():
    return [path("guide-contributeur/", guide_view, name="fiches_guide")]


def guide_menu_item():
    return MenuItem(
        _("Guide du contributeur"), reverse("fiches_guide"), icon_name="help", order=250
    )
