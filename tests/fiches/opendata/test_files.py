"""The whole-catalogue export files: built by a task when the content changes, served with
ETag / Last-Modified / 304, never stale, public content only."""

from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from wagtail.models import Locale

from fiches import factories
from fiches.opendata import files, tasks

BASE = "/api/v2/exports/"
NAMES = ["fiches.csv", "fiches.xlsx", "fiches.json", "fiches.decp.json", "fiches.ocds.json"]


@pytest.fixture
def published(index):
    return factories.FichePageFactory(parent=index, title="Fiche déjà publiée")


@pytest.mark.django_db
class TestServedFiles:
    @pytest.mark.parametrize("name", NAMES)
    def test_a_full_export_is_a_file_with_an_etag_and_a_304(self, client, published, name):
        response = client.get(BASE + name)

        assert response.status_code == 200
        assert response["ETag"].startswith('"') and response["Last-Modified"]
        assert "attachment" in response["Content-Disposition"]
        filename = response["Content-Disposition"].split('"')[1]
        stored = Path(settings.EXPORTS_ROOT) / "fr" / filename
        assert response.content == stored.read_bytes()
        assert not stored.is_relative_to(settings.MEDIA_ROOT)

        again = client.get(BASE + name, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == response["ETag"]
        assert client.get(BASE + name, HTTP_IF_NONE_MATCH='"other"').status_code == 200

    def test_filtered_exports_stay_live(self, client, published):
        response = client.get(BASE + "fiches.json?nature=services")

        assert response.status_code == 200
        assert "ETag" not in response
        assert not (Path(settings.EXPORTS_ROOT) / "fr").exists()

    def test_a_bad_locale_is_still_a_400(self, client, published):
        response = client.get(BASE + "fiches.csv?locale=xx")

        assert response.status_code == 400
        assert "Langue inconnue" in response.json()["erreur"]

    def test_the_decp_file_keeps_its_header(self, client, published):
        response = client.get(BASE + "fiches.decp.json")

        assert response["X-Fiches-Omises"] == str(len(files.decp.decp_document([published])[1]))


def commit_callbacks():
    """The rebuilds registered to run when the test's transaction commits."""
    connection = transaction.get_connection()
    return [f for _sids, f, _robust in connection.run_on_commit if f is files._after_commit]


@pytest.mark.django_db
class TestRebuild:
    def test_publishing_rebuilds_the_files_through_the_task(
        self, client, settings, index, published
    ):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        Locale.objects.get_or_create(language_code="en")
        first = client.get(BASE + "fiches.csv")

        factories.FichePageFactory(parent=index, title="Fiche publiée ensuite")
        factories.BuyerFactory(name="Acheteur renommé")
        (at_commit,) = commit_callbacks()  # one for the transaction, whatever it changed
        at_commit()  # the commit: one rebuild waits in the queue
        (queued,) = DBTaskResult.objects.filter(task_path=tasks.rebuild_exports.module_path)
        queued.task.call()  # what db_worker does with it

        with mock.patch.object(files, "build", side_effect=AssertionError("built by the view")):
            response = client.get(BASE + "fiches.csv", HTTP_IF_NONE_MATCH=first["ETag"])
        assert response.status_code == 200
        assert response["ETag"] != first["ETag"]
        assert "Fiche publiée ensuite" in response.content.decode("utf-8-sig")
        english = Path(settings.EXPORTS_ROOT) / "en" / "fiches-rex.ocds.json"
        assert english.exists()  # every locale

    def test_the_immediate_backend_leaves_the_build_to_the_next_download(
        self, client, index, published
    ):
        client.get(BASE + "fiches.json")
        factories.FichePageFactory(parent=index, title="Fiche publiée ensuite")

        with mock.patch.object(files, "build", side_effect=AssertionError("built at commit")):
            commit_callbacks()[0]()  # the commit: nothing built inside the publishing request
        assert "Fiche publiée ensuite" in client.get(BASE + "fiches.json").content.decode()

    def test_a_fiche_unpublished_leaves_the_files_at_once(self, client, published):
        assert "Fiche déjà publiée" in client.get(BASE + "fiches.json").content.decode()

        published.unpublish()

        response = client.get(BASE + "fiches.json")
        assert "Fiche déjà publiée" not in response.content.decode()
        assert response.json()["nombre"] == 0

    def test_drafts_never_reach_the_files(self, client, index, published):
        factories.FichePageFactory(parent=index, title="Brouillon caché", publish=False)
        tasks.rebuild_exports.enqueue()

        for name in NAMES:
            assert "Brouillon caché" not in client.get(BASE + name).content.decode(errors="ignore")

    def test_one_rebuild_waits_in_the_queue_for_many_changes(self, settings, index, published):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

        (at_commit,) = commit_callbacks()
        for _commit in range(3):
            at_commit()

        waiting = DBTaskResult.objects.filter(task_path=tasks.rebuild_exports.module_path)
        assert waiting.count() == 1
