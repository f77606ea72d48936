"""The background tasks of open data (django-tasks): the spreadsheet import, run from an
``ImportJob`` row, and the rebuild of the whole-catalogue export files (``files``).

They run at once with the immediate backend (development, tests) and in ``manage.py
db_worker`` with the database backend (production), see docs/deployment.md."""

import logging
import time

from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from fiches.models import ImportJob
from fiches.opendata import files, services

logger = logging.getLogger(__name__)

#: Seconds between two writes of the progress on the job's row.
PROGRESS_EVERY = 1.0
#: Errors kept in the report (the status page shows the first ones; the count is kept).
KEPT_ERRORS = 1000


def report_data(report):
    """An ``ImportReport`` as the JSON stored on the job and rendered by the status page."""
    return {
        "ok": report.ok,
        "dry_run": report.dry_run,
        "rows": report.rows,
        "summary": report.summary(),
        "error_count": len(report.errors),
        "errors": [[e.line, e.column, e.message] for e in report.errors[:KEPT_ERRORS]],
        "to_create": len(report.to_create),
        "to_update": len(report.to_update),
        "created": [[page.pk, page.title] for page in report.created],
        "updated": [[page.pk, page.title] for page in report.updated],
        "actors_created": report.actors_created,
    }


class Progress:
    """Writes how far the import is on the job's row, at most every ``PROGRESS_EVERY``
    seconds. The write itself is one transaction: what it records in it is seen by the status
    page once it commits, so the job says « write » (from another connection) before it starts."""

    def __init__(self, job):
        self.job = job
        self.last = 0.0

    def __call__(self, phase, done, total):
        now = time.monotonic()
        finished = done == total
        if not finished and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        if phase == "validate" and finished and self.job.commit:
            phase, done = "write", 0
        ImportJob.objects.filter(pk=self.job.pk).update(phase=phase, done=done, total=total)


@task()
def run_import(job_id):
    """Runs the import of ``ImportJob`` ``job_id`` (dry run or commit) and stores its report.
    A job runs once: a job that is no longer pending is left alone."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("user", "catalogue").get(pk=job_id)
    with translation.override("fr"):
        try:
            report = services.import_fiches(
                data=bytes(job.data),
                filename=job.filename,
                index=job.catalogue,
                commit=job.commit,
                user=job.user,
                progress=Progress(job),
            )
            data = report_data(report)
        except Exception:
            logger.exception("import %s failed", job_id)
            ImportJob.objects.filter(pk=job_id).update(
                status=ImportJob.Status.FAILED,
                finished_at=timezone.now(),
                report={
                    "ok": False,
                    "summary": _(
                        "L'import s'est arrêté sur une erreur inattendue : rien n'a été écrit. "
                        "Réessayez ; si l'erreur revient, transmettez le fichier à l'équipe "
                        "technique."
                    ),
                },
            )
            raise
    finished = {"status": ImportJob.Status.DONE, "finished_at": timezone.now(), "report": data}
    if job.commit:
        # A written import is not run again: its file is no longer needed.
        finished["data"] = b""
    ImportJob.objects.filter(pk=job_id).update(done=F("total"), **finished)


@task()
def rebuild_exports():
    """Builds the whole-catalogue export files of every locale again."""
    files.build_all()
