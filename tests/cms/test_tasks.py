"""cms.tasks.enqueue_once: one waiting task is enough for work that reads the content when it
runs (the export files' rebuild, the stored figures' refresh)."""

from unittest import mock

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult

from cms.tasks import enqueue_once
from fiches.opendata import tasks


def waiting():
    return DBTaskResult.objects.ready().filter(task_path=tasks.rebuild_exports.module_path)


def test_a_task_already_waiting_is_not_enqueued_again(settings, db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    assert enqueue_once(tasks.rebuild_exports)
    assert not enqueue_once(tasks.rebuild_exports)

    assert waiting().count() == 1


def test_a_task_is_enqueued_again_once_the_waiting_one_has_run(settings, db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    enqueue_once(tasks.rebuild_exports)
    DBTaskResult.objects.update(status="SUCCESSFUL")

    assert enqueue_once(tasks.rebuild_exports)


def test_nothing_is_enqueued_with_the_immediate_backend(db):
    task = mock.Mock()
    task.get_backend.return_value = mock.Mock(spec=ImmediateBackend)

    assert not enqueue_once(task)
    task.enqueue.assert_not_called()
