"""Admin import of fiches from a spreadsheet, for moderators: dry run first, then the import,
and the downloadable template. Registered by ``fiches.wagtail_hooks``.

The upload is stored on an ``ImportJob`` row (in the database, never under a media URL) and
imported by a background task (``tasks.run_import``); the browser is sent to the job's status
page, which reloads itself while the task runs and then shows its report."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from fiches.models import ImportJob
from fiches.opendata import columns, csv_xlsx, spreadsheets, tasks
from fiches.opendata.files import XLSX_TYPE
from fiches.opendata.importer import default_catalogue

SHOWN_ERRORS = 200
RECENT_JOBS = 5
#: Seconds between two reloads of the status page while the import runs.
REFRESH_SECONDS = 2


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

    def clean_file(self):
        """A file over the limit is refused here, before it is stored on a job."""
        upload = self.cleaned_data["file"]
        try:
            spreadsheets.check_size(upload.size)
        except spreadsheets.SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


def can_import(user):
    """Moderators: people who may publish in the catalogue that receives the import."""
    index = default_catalogue()
    return index is not None and index.permissions_for_user(user).can_publish()


def _start(request, *, filename, data, commit):
    """Stores the file on a new job, enqueues its import and sends the browser to its page."""
    job = ImportJob.objects.create(
        user=request.user,
        catalogue=default_catalogue(),
        filename=filename[:255],
        data=data,
        commit=commit,
    )
    tasks.run_import.enqueue(job.pk)
    return redirect("fiches_import_job", job.pk)


def _own_job(request, job_id):
    """The job, only for the person who started it or an administrator (404 for others)."""
    if not can_import(request.user):
        raise PermissionDenied
    job = get_object_or_404(ImportJob.objects.select_related("user"), pk=job_id)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


def import_view(request):
    if not can_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        return _start(
            request, filename=upload.name, data=upload.read(), commit=form.cleaned_data["commit"]
        )
    recent = ImportJob.objects.filter(user=request.user).defer("data", "report")[:RECENT_JOBS]
    return render(
        request,
        "fiches/admin/import.html",
        {
            "form": form,
            "recent_jobs": recent,
            "columns": columns.COLUMNS,
            "separator": columns.LIST_SEPARATOR,
        },
    )


def job_view(request, job_id):
    """The status of an import: progress while it runs (the page reloads itself), then its
    report; a valid dry run offers to import the same file."""
    job = _own_job(request, job_id)
    report = job.report or {}
    errors = report.get("errors", [])
    shown = [{"line": line, "column": column, "message": msg} for line, column, msg in errors]
    return render(
        request,
        "fiches/admin/import_job.html",
        {
            "job": job,
            "report": report,
            "errors": shown[:SHOWN_ERRORS],
            "hidden_errors": max(0, report.get("error_count", 0) - SHOWN_ERRORS),
            "refresh_seconds": None if job.is_finished else REFRESH_SECONDS,
            "can_commit": _can_commit(job),
        },
    )


def _can_commit(job):
    return (
        job.status == ImportJob.Status.DONE
        and not job.commit
        and bool(job.report.get("ok"))
        and bool(job.data)
    )


@require_POST
def commit_view(request, job_id):
    """Imports for good the file of a valid dry run, as a new job."""
    job = _own_job(request, job_id)
    if not _can_commit(job):
        return redirect("fiches_import_job", job.pk)
    return _start(request, filename=job.filename, data=bytes(job.data), commit=True)


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
        path("import-fiches/<int:job_id>/", job_view, name="fiches_import_job"),
        path("import-fiches/<int:job_id>/importer/", commit_view, name="fiches_import_commit"),
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
