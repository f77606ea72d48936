"""The spreadsheet import as a background task: the job row, its status page, its permissions
and the all-or-nothing write (the immediate backend runs the task inside the request)."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ReferenceIndex

from fiches import factories
from fiches.models import Buyer, FichePage, ImportJob
from fiches.opendata import columns, spreadsheets, tasks
from fiches.opendata.importer.write import Writing
from tests.helpers import make_user


def rows(count, overrides=None):
    """``count`` valid rows (the template's example), with their own references and titles."""
    result = []
    for number in range(count):
        values = dict(columns.template_rows()[0])
        values["reference_externe"] = f"JOB-{number}"
        values["titre"] = f"Fiche importée {number}"
        values["acheteur_nom"] = f"Commune {number}"
        values.update((overrides or {}).get(number, {}))
        result.append(values)
    return spreadsheets.write_csv(columns.COLUMN_NAMES, result)


def upload(data, name="fiches.csv"):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def cpv(db):
    return factories.cpv("77310000-6")


@pytest.fixture
def moderator(client, index):
    user = make_user("mona", "Modérateurs")
    client.force_login(user)
    return user


def job_page(client, job, **kwargs):
    return client.get(reverse("fiches_import_job", args=[job.pk]), **kwargs)


@pytest.mark.django_db
class TestImportJob:
    def test_a_dry_run_runs_as_a_task_and_its_page_shows_the_report(self, client, moderator, cpv):
        response = client.post(reverse("fiches_import"), {"file": upload(rows(3))})

        job = ImportJob.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("fiches_import_job", args=[job.pk])
        assert job.user == moderator and not job.commit
        assert job.status == ImportJob.Status.DONE
        assert (job.done, job.total) == (3, 3)
        assert job.report["ok"] and job.report["to_create"] == 3
        assert not FichePage.objects.filter(external_ref__startswith="JOB-").exists()
        for _reload in range(2):  # the page is the job's: reloading it shows the same report
            page = job_page(client, job)
            content = page.content.decode()
            assert page.status_code == 200
            assert "3 fiche(s) seraient créées" in content
            assert 'http-equiv="refresh"' not in content
            assert reverse("fiches_import_commit", args=[job.pk]) in content
        assert reverse("fiches_import_job", args=[job.pk]) in (
            client.get(reverse("fiches_import")).content.decode()
        )

    def test_a_valid_dry_run_is_imported_from_its_page(self, client, moderator, cpv):
        client.post(reverse("fiches_import"), {"file": upload(rows(2))})
        dry_run = ImportJob.objects.get()

        response = client.post(reverse("fiches_import_commit", args=[dry_run.pk]), follow=True)

        job = ImportJob.objects.exclude(pk=dry_run.pk).get()
        assert job.commit and job.status == ImportJob.Status.DONE
        assert "Import terminé : 2 fiche(s) créée(s)" in response.content.decode()
        created = FichePage.objects.filter(external_ref__startswith="JOB-")
        assert sorted(created.values_list("title", flat=True)) == [
            "Fiche importée 0",
            "Fiche importée 1",
        ]
        assert all(not page.live and page.owner == moderator for page in created)
        assert [pk for pk, _title in job.report["created"]] == sorted(p.pk for p in created)
        assert bytes(job.data) == b""  # a written import keeps no copy of its file

    def test_the_page_reloads_itself_while_the_task_runs(self, client, moderator):
        job = ImportJob.objects.create(user=moderator, filename="f.csv", data=b"x")

        content = job_page(client, job).content.decode()
        assert 'http-equiv="refresh"' in content
        assert "L'import va commencer" in content

        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.RUNNING, phase="validate", done=3, total=10
        )
        content = job_page(client, job).content.decode()
        assert 'http-equiv="refresh"' in content
        assert "ligne 3 sur 10" in content

    def test_only_its_author_or_an_administrator_sees_a_job(self, client, index, cpv):
        author = make_user("mona", "Modérateurs")
        job = ImportJob.objects.create(user=author, filename="f.csv", data=rows(1))

        client.force_login(make_user("marc", "Modérateurs"))
        # (Django's LocaleMiddleware answers a 404 under /admin/ with a redirection to its
        # /fr/ twin, which is a 404 too.)
        assert job_page(client, job, follow=True).status_code == 404
        commit_url = reverse("fiches_import_commit", args=[job.pk])
        assert client.post(commit_url, follow=True).status_code == 404
        assert not ImportJob.objects.filter(commit=True).exists()

        client.force_login(make_user("claire", "Contributeurs"))
        response = job_page(client, job)
        assert response.status_code == 302  # Wagtail's refusal: back to the dashboard
        assert response.url != reverse("fiches_import_job", args=[job.pk])

        client.force_login(author)
        assert job_page(client, job).status_code == 200
        admin = make_user("ada", is_staff=True, is_superuser=True)
        client.force_login(admin)
        assert job_page(client, job).status_code == 200

    def test_a_job_runs_once(self, index, cpv):
        job = ImportJob.objects.create(filename="f.csv", data=rows(1), commit=True)
        tasks.run_import.enqueue(job.pk)
        tasks.run_import.enqueue(job.pk)

        assert FichePage.objects.filter(external_ref="JOB-0").count() == 1


@pytest.mark.django_db
class TestAllOrNothing:
    def test_an_invalid_row_writes_nothing(self, client, moderator, cpv):
        data = rows(3, overrides={2: {"cpv_principal": "12345678"}})

        response = client.post(
            reverse("fiches_import"), {"file": upload(data), "commit": "on"}, follow=True
        )

        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.DONE and not job.report["ok"]
        assert [error[:2] for error in job.report["errors"]] == [[4, "cpv_principal"]]
        content = response.content.decode()
        assert "rien n&#x27;a été importé" in content and "12345678" in content
        assert not FichePage.objects.filter(external_ref__startswith="JOB-").exists()
        assert not Buyer.objects.exists()

    def test_a_row_refused_while_writing_rolls_back_the_rows_before_it(self, index, cpv):
        job = ImportJob.objects.create(filename="f.csv", data=rows(3), commit=True)
        write_plan = Writing._write_plan

        def refuse_the_last(self, plan, *args):
            if plan.reference == "JOB-2":
                raise ValidationError({"title": ["Refusé à l'écriture."]})
            return write_plan(self, plan, *args)

        with mock.patch.object(Writing, "_write_plan", refuse_the_last):
            tasks.run_import.enqueue(job.pk)

        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE
        assert job.report["errors"] == [[4, "titre", "Refusé à l'écriture."]]
        assert job.report["created"] == []
        assert not FichePage.objects.filter(external_ref__startswith="JOB-").exists()
        assert not Buyer.objects.exists()

    def test_an_unexpected_error_fails_the_job_and_writes_nothing(self, client, moderator, cpv):
        job = ImportJob.objects.create(user=moderator, filename="f.csv", data=rows(2), commit=True)

        with mock.patch.object(Writing, "_index", side_effect=RuntimeError("boom")):
            tasks.run_import.enqueue(job.pk)

        job.refresh_from_db()
        assert job.status == ImportJob.Status.FAILED
        assert not FichePage.objects.filter(external_ref__startswith="JOB-").exists()
        content = job_page(client, job).content.decode()
        assert "erreur inattendue" in content and 'http-equiv="refresh"' not in content


@pytest.mark.django_db
def test_the_revision_of_an_imported_fiche_holds_its_rows(index, cpv):
    """The write gives the revision the rows it has just saved, without reading them back."""
    job = ImportJob.objects.create(filename="f.csv", data=rows(1), commit=True)

    tasks.run_import.enqueue(job.pk)

    page = FichePage.objects.get(external_ref="JOB-0")
    revision = page.latest_revision.as_object()
    for relation in ("buyer_links", "supplier_links", "award_criteria", "additional_cpvs"):
        saved = list(getattr(page, relation).values_list("pk", flat=True))
        assert [row.pk for row in getattr(revision, relation).all()] == saved
    assert [link.actor.name for link in revision.buyer_links.all()] == ["Commune 0"]
    assert list(revision.themes.all()) == list(page.themes.all())
    assert list(revision.departments.all()) == list(page.departments.all())


@pytest.mark.django_db
def test_imported_fiches_are_indexed_once_written(index, cpv, django_capture_on_commit_callbacks):
    """Search and references are indexed once per object at the end of the write (the
    reference index by Wagtail's task at the commit), not at each save."""
    job = ImportJob.objects.create(filename="f.csv", data=rows(2), commit=True)

    with django_capture_on_commit_callbacks(execute=True):
        tasks.run_import.enqueue(job.pk)

    page = FichePage.objects.get(external_ref="JOB-1")
    buyer = Buyer.objects.get(name="Commune 1")
    used_by = ReferenceIndex.get_references_to(buyer).values_list("object_id", flat=True)
    assert str(page.pk) in set(used_by)
    found = FichePage.objects.search("Fiche importée 1")
    assert page.pk in [fiche.pk for fiche in found]


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_before_it_is_stored(client, moderator, settings):
    settings.FICHES_IMPORT_MAX_BYTES = 1024 * 1024

    response = client.post(reverse("fiches_import"), {"file": upload(b"x" * (1024 * 1024 + 1))})

    assert response.status_code == 200
    assert "au-delà de la limite de 1,0 Mo" in response.content.decode()
    assert not ImportJob.objects.exists()
