import csv
import fcntl
import hashlib
import os
import sqlite3
import sys
from pathlib import Path

import pytest
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from fiches import factories, services
from tests import search_index

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CPV_FILE = SHARED_DATA / "cpv2008.csv"


@pytest.fixture
def home(db):
    """The home page installed by the migrations (root of the default site)."""
    return Page.objects.get(depth=2).specific


@pytest.fixture
def index(home):
    """A published catalogue below the home page."""
    return factories.FicheIndexPageFactory(parent=home)


@pytest.fixture
def fiche(index):
    """A complete published fiche with one actor of each kind."""
    return factories.FichePageFactory(parent=index)


@pytest.fixture
def official_cpv(db):
    """The official CPV list from ../shared/data, loaded into the table (skipped when absent)."""
    if not CPV_FILE.exists():
        pytest.skip("../shared/data/cpv2008.csv is absent")
    with CPV_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    services.import_cpv(rows=rows)
    return CPV_FILE


# ---------- Search indexing: deferred until a test reads the index ----------


@pytest.fixture(autouse=True)
def _lazy_search_index(request):
    """Writes to the search index wait until the test searches (tests/search_index.py). Tests
    with a live server index at once: the server thread searches on its own connection."""
    if "live_server" in request.fixturenames or "transactional_db" in request.fixturenames:
        yield
        return
    search_index.defer()
    try:
        yield
    finally:
        search_index.stop()


def _enter_flushed(self, _enter=CaptureQueriesContext.__enter__):
    search_index.flush()  # a query count measures its block, not the index writes before it
    return _enter(self)


CaptureQueriesContext.__enter__ = _enter_flushed


# ---------- Test database: migrated once, then copied ----------
# Migrating takes about 50 s on SQLite, and each pytest-xdist worker has its own database. The
# first worker migrates and keeps the result in .pytest-db/ under a key made of every migration
# file and every project file (data migrations read reference data from the code); the other
# workers, and later runs with the same key, copy it and run `migrate` (a no-op that checks
# it). On PostgreSQL each worker migrates its own database (test_NAME_gwN).

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / ".pytest-db"
PROJECT_SOURCES = ("cms", "fiches", "home")
NOT_READ_BY_MIGRATIONS = {"templates", "static", "locale", "__pycache__"}


def _template_key():
    import django
    from django.apps import apps

    digest = hashlib.sha256(f"{django.__version__} {sys.version} {sqlite3.sqlite_version}".encode())
    folders = [Path(app.path) / "migrations" for app in apps.get_app_configs()]
    root = TEMPLATE_DIR.parent
    folders += [root / name for name in PROJECT_SOURCES]
    for folder in sorted(set(folders)):
        for path in sorted(folder.rglob("*")):
            if (
                path.is_file()
                and not NOT_READ_BY_MIGRATIONS & set(path.parts)
                and (path.suffix not in {".pyc", ".html", ".css", ".js", ".po", ".mo"})
            ):
                digest.update(str(path).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """Runs before pytest-django creates the test databases: their first ``migrate`` on SQLite
    starts from the migrated copy (see above)."""
    from django.core import management

    call_command = management.call_command
    management.call_command = _sqlite_migrate(call_command)
    try:
        yield
    finally:
        management.call_command = call_command


def _sqlite_migrate(call_command):
    """``call_command`` whose ``migrate`` of the SQLite test database starts from the copy."""

    done = set()

    def wrapped(name, *args, **options):
        from django.db import connections

        alias = options.get("database", "default")
        connection = connections[alias]
        if name != "migrate" or alias in done or connection.vendor != "sqlite":
            return call_command(name, *args, **options)
        done.add(alias)  # a test that runs `migrate` itself gets the real command
        if os.environ.get("NO_DB_TEMPLATE"):
            return call_command(name, *args, **options)
        TEMPLATE_DIR.mkdir(exist_ok=True)
        template = TEMPLATE_DIR / f"sqlite-{_template_key()}.sqlite3"
        with (TEMPLATE_DIR / "lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            connection.ensure_connection()
            if template.exists():
                with sqlite3.connect(template) as source:
                    source.backup(connection.connection)
                return call_command(name, *args, **options)
            result = call_command(name, *args, **options)
            partial = template.with_suffix(f".{os.getpid()}.tmp")
            with sqlite3.connect(partial) as target:
                connection.connection.backup(target)
            for old in TEMPLATE_DIR.glob("sqlite-*.sqlite3"):
                old.unlink()
            partial.replace(template)
            return result

    return wrapped
