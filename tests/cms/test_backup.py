"""The documented backup and restore (`make backup`, `make restore`) on a seeded database:
everything is found again in an empty database and media folder. PostgreSQL only."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump and pg_restore need PostgreSQL: run with DATABASE_URL=postgres://…",
)

TABLES = [
    "wagtailcore_page",
    "wagtailcore_revision",
    "fiches_buyer",
    "fiches_essstructure",
    "fiches_operator",
    "fiches_customimage",
    "fiches_theme",
    "wagtaildocs_document",
]


def server_url(name):
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def admin_sql(statement):
    with psycopg.connect(server_url("postgres"), autocommit=True) as conn:
        conn.execute(statement)


def snapshot(name, media):
    """Row counts, page titles and image files of a database and its media folder."""
    with psycopg.connect(server_url(name)) as conn:
        counts = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in TABLES
        }
        titles = [
            row[0] for row in conn.execute("SELECT title FROM wagtailcore_page ORDER BY path")
        ]
        files = [row[0] for row in conn.execute("SELECT file FROM fiches_customimage ORDER BY id")]
    return counts, titles, {path: (media / path).read_bytes() for path in files}


def run(args, **env):
    result = subprocess.run(
        args, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def databases():
    suffix = uuid.uuid4().hex[:8]
    names = [f"fiches_rex_backup_src_{suffix}", f"fiches_rex_backup_dst_{suffix}"]
    for name in names:
        admin_sql(f'CREATE DATABASE "{name}"')
    yield names
    for name in names:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_an_empty_database_finds_everything(databases, tmp_path):
    source, target = databases
    media, restored_media, backup = tmp_path / "media", tmp_path / "restored", tmp_path / "backup"
    django_env = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": server_url(source),
        "MEDIA_ROOT": str(media),
    }
    run([sys.executable, "manage.py", "migrate", "--no-input"], **django_env)
    run([sys.executable, "manage.py", "seed_demo"], **django_env)

    run(["make", "--no-print-directory", "backup", f"BACKUP_DIR={backup}"], **django_env)
    assert (backup / "database.dump").stat().st_size > 0
    run(
        ["make", "--no-print-directory", "restore", f"BACKUP_DIR={backup}"],
        DATABASE_URL=server_url(target),
        MEDIA_ROOT=str(restored_media),
    )

    counts, titles, images = snapshot(source, media)
    assert counts["wagtailcore_page"] > 3
    assert counts["wagtailcore_revision"] > 0
    assert counts["fiches_customimage"] > 0
    assert min(counts[table] for table in TABLES[2:5]) > 0
    assert snapshot(target, restored_media) == (counts, titles, images)
    # The restored database is usable by the site, not just readable.
    run(
        [sys.executable, "manage.py", "migrate", "--check"],
        **{**django_env, "DATABASE_URL": server_url(target), "MEDIA_ROOT": str(restored_media)},
    )
