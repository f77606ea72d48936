"""The test databases migrated once, then copied (installed by ``tests/conftest.py``).

Migrating takes about 50 s, and each pytest-xdist worker has its own database. The first
worker to get there migrates and keeps the result under a key made of every migration file
and every project file that is not a template, a static file or a catalogue (data migrations
read reference data from the code): an SQLite file in ``.pytest-db/``, or on PostgreSQL a
database ``<test name>_tpl_<key>`` (``CREATE DATABASE … TEMPLATE``). The other workers, and
later runs with the same key, start from that copy and still run ``migrate``, a no-op that
checks it. A database that already has tables (``--reuse-db``) is left to ``migrate`` alone;
``NO_DB_TEMPLATE=1`` turns the copies off.
"""

import fcntl
import hashlib
import os
import re
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = ROOT / ".pytest-db"
PROJECT_SOURCES = ("cms", "fiches", "home")
NOT_READ_BY_MIGRATIONS = {"templates", "static", "locale", "__pycache__"}
NOT_READ_SUFFIXES = {".pyc", ".html", ".css", ".js", ".po", ".mo"}


def template_key(vendor):
    """A digest of what the migrated database depends on."""
    import django
    from django.apps import apps

    digest = hashlib.sha256(f"{vendor} {django.__version__} {sys.version}".encode())
    digest.update(sqlite3.sqlite_version.encode())
    folders = {Path(app.path) / "migrations" for app in apps.get_app_configs()}
    folders |= {ROOT / name for name in PROJECT_SOURCES}
    for folder in sorted(folders):
        for path in sorted(folder.rglob("*")):
            if (
                path.is_file()
                and not NOT_READ_BY_MIGRATIONS & set(path.parts)
                and path.suffix not in NOT_READ_SUFFIXES
            ):
                digest.update(str(path.relative_to(folder.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def migrating_from_copies(call_command):
    """``call_command`` whose first ``migrate`` of each test database starts from the copy."""
    done = set()

    def wrapped(name, *args, **options):
        from django.db import connections

        alias = options.get("database", "default")
        connection = connections[alias]
        if name != "migrate" or alias in done or connection.vendor not in COPIES:
            return call_command(name, *args, **options)
        done.add(alias)  # a test that runs `migrate` itself gets the real command
        if os.environ.get("NO_DB_TEMPLATE") or connection.introspection.table_names():
            return call_command(name, *args, **options)
        TEMPLATE_DIR.mkdir(exist_ok=True)
        with (TEMPLATE_DIR / "lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one worker migrates, the others wait for its copy
            return COPIES[connection.vendor](
                connection,
                template_key(connection.vendor),
                lambda: call_command(name, *args, **options),
            )

    return wrapped


def _sqlite(connection, key, migrate):
    template = TEMPLATE_DIR / f"sqlite-{key}.sqlite3"
    connection.ensure_connection()
    if template.exists():
        with sqlite3.connect(template) as source:
            source.backup(connection.connection)
        return migrate()
    result = migrate()
    partial = template.with_suffix(f".{os.getpid()}.tmp")
    with sqlite3.connect(partial) as target:
        connection.connection.backup(target)
    for old in TEMPLATE_DIR.glob("sqlite-*.sqlite3"):
        old.unlink()
    partial.replace(template)
    return result


def _postgresql(connection, key, migrate):
    name = connection.settings_dict["NAME"]
    prefix = re.sub(r"_gw\d+$", "", name)[:40] + "_tpl_"
    template = prefix + key
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE left(datname, %s) = %s", [len(prefix), prefix]
        )
        existing = {row[0] for row in cursor.fetchall()}
    if template in existing:
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return migrate()
    result = migrate()
    connection.close()  # a template has no other session
    with connection._nodb_cursor() as cursor:
        for old in existing:
            cursor.execute(f'DROP DATABASE IF EXISTS "{old}"')
        cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
    return result


COPIES = {"sqlite": _sqlite, "postgresql": _postgresql}
