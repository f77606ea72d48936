"""Admin import of fiches from a spreadsheet, for moderators: dry run first, then the import,
and the downloadable template. Registered by ``fiches.wagtail_hooks``."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, re_path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from fiches.opendata import columns, csv_xlsx, services
from fiches.opendata.importer import default_catalogue
from fiches.opendata.views import XLSX_TYPE

SHOWN_ERRORS = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_("Une ligne par fiche, avec les colonnes du modèle à télécharger ci-dessous."),
    )
    commit = forms.BooleanField(
        label=_("Importer pour de bon"),
        required=False,
        help_text=_(
            "Laissez décoché pour vérifier le fichier sans rien écrire. Coché, les fiches sont "
            "importées en brouillon si tout le fichier est valide."
        ),
    )


def can_import(user):
    """Moderators: people who may publish in the catalogue that receives the import."""
    index = default_catalogue()
    return index is not None and index.permissions_for_user(user).can_publish()


def import_view(request):
    if not can_import(request.user):
        raise PermissionDenied
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = services.import_fiches(
            data=upload.read(),
            filename=upload.name,
            commit=form.cleaned_data["commit"],
            user=request.user,
        )
    return render(
        request,
        "fiches/admin/import.html",
        {
            "form": form,
            "report": report,
            "errors": report.errors[:SHOWN_ERRORS] if report else [],
            "hidden_errors": max(0, len(report.errors) - SHOWN_ERRORS) if report else 0,
            "columns": columns.COLUMNS,
            "separator": columns.LIST_SEPARATOR,
        },
    )


def template_view(request, extension):
    if not can_import(request.user):
        raise PermissionDenied
    if extension == "xlsx":
        response = HttpResponse(csv_xlsx.template_xlsx(), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(csv_xlsx.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="modele-import-fiches.{extension}"'
    return response


def admin_urls():
    return [
        path("import-fiches/", import_view, name="fiches_import"),
        re_path(
            r"^import-fiches/modele\.(?P<extension>csv|xlsx)$",
            template_view,
            name="fiches_import_template",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


def import_menu_item():
    return ImportMenuItem(
        _("Import de fiches"), reverse("fiches_import"), icon_name="upload", order=240
    )
