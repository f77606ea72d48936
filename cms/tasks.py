"""Background tasks enqueued once: for work that reads the content as it is when it runs (a
rebuild, a refresh), one waiting task is enough."""

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def enqueue_once(task):
    """Enqueues ``task`` (a django-tasks task taking no argument) for a worker, unless one is
    already waiting in the queue table of the database backend; with the immediate backend
    (development, tests) nothing is enqueued: the task would run inside the request that changed
    the content. Returns whether it was enqueued."""
    backend = task.get_backend()
    if isinstance(backend, ImmediateBackend):
        return False
    if isinstance(backend, DatabaseBackend) and _waiting(task):
        return False
    task.enqueue()
    return True


def _waiting(task):
    return DBTaskResult.objects.ready().filter(task_path=task.module_path).exists()
