"""The bench's database and server: its folders, the database (PostgreSQL if it answers, else
SQLite; reset before a run), the environment of the production settings, gunicorn serving the
site, its log's worker incidents and the wait until it is idle again."""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

from bench import endpoints as bench_endpoints
from cms.settings.database import PLANNER_SETTINGS

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
WORK_DIR = RESULTS_DIR / "work"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/fiches_rex_bench"


def step(message):
    """A progress line on stderr, so that stdout keeps only the report."""
    print(f"» {message}", file=sys.stderr, flush=True)


def postgres_reachable(url):
    """Whether the PostgreSQL server of ``url`` answers (its maintenance database)."""
    try:
        with _maintenance_connection(url):
            return True
    except psycopg.OperationalError:
        return False


@contextmanager
def _maintenance_connection(url):
    config = dj_database_url.parse(url)
    connection = psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
        connect_timeout=3,
    )
    try:
        yield connection
    finally:
        connection.close()


def choose_database(url):
    """The URL of the bench database: the one given, else the local PostgreSQL, else SQLite."""
    if url:
        return url
    if postgres_reachable(DEFAULT_DATABASE_URL):
        return DEFAULT_DATABASE_URL
    step(
        "PostgreSQL injoignable sur 127.0.0.1:5432 : mesure sur SQLite, "
        "moins représentative de la production."
    )
    return f"sqlite:///{WORK_DIR / 'bench.sqlite3'}"


def reset_database(url):
    """Drops and recreates the bench database (or deletes the SQLite file), and the export
    files built from the previous one."""
    shutil.rmtree(WORK_DIR / "exports", ignore_errors=True)
    config = dj_database_url.parse(url)
    if "sqlite" in config["ENGINE"]:
        Path(config["NAME"]).unlink(missing_ok=True)
        return
    name = sql.Identifier(config["NAME"])
    with _maintenance_connection(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def server_environment(*, database_url, conn_max_age, page_cache_seconds=0):
    """The environment of both this process and gunicorn: production settings, with what a
    production deployment sets, for a local run over plain HTTP. The full-page cache is off
    unless ``page_cache_seconds`` is given: the targets are for uncached pages."""
    return {
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        # Production turns fragments off without Redis (several processes would not share
        # them); the bench measures them on unless FRAGMENT_CACHE_SECONDS=0 is given.
        "FRAGMENT_CACHE_SECONDS": os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"),
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": str(conn_max_age),
        # The planner's options advised for production (cms/settings/database.py), unless the
        # environment sets them (an empty value: the server's own settings).
        **{
            name: os.environ.get(name, str(advised))
            for name, (_, advised) in PLANNER_SETTINGS.items()
        },
        "SECRET_KEY": f"bench-{secrets.token_urlsafe(32)}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "BENCH": "1",
        "MEDIA_ROOT": str(WORK_DIR / "media"),
        # The whole-catalogue exports are files (fiches.opendata.files): no worker runs here,
        # so the first request of each builds it, and the others download it.
        "EXPORTS_ROOT": str(WORK_DIR / "exports"),
        "STATIC_ROOT": str(WORK_DIR / "static"),
        "LOG_LEVEL": "WARNING",
    }


def seeded_database_url():
    """The database the harness seeded: ``BENCH_DATABASE_URL``, as for ``bench.run``, or its
    default (the in-process measures: ``bench.fragments``, ``bench.publish``)."""
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL


def setup_in_process(database_url, **overrides):
    """Django set up in this process as the bench server is (production settings on the
    seeded database, its media and static folders unless ``BENCH_MEDIA_ROOT`` /
    ``BENCH_STATIC_ROOT`` say otherwise), with ``overrides`` of the environment."""
    env = server_environment(database_url=database_url, conn_max_age=60)
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        env[name] = os.environ.get(f"BENCH_{name}", env[name])
    os.environ.update({**env, **overrides})
    import django

    django.setup()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_status(port, path):
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@contextmanager
def gunicorn(*, env, workers, log_path):
    """Serves the site on a free port of 127.0.0.1 until the block ends; yields the port."""
    port = free_port()
    log_path.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "cms.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--timeout=30",
        "--log-level=info",
        f"--error-logfile={log_path}",
    ]
    # The application's own log (errors with their traceback) in the same file as gunicorn's.
    app_log = log_path.open("a")
    process = subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=app_log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn s'est arrêté :\n{log_path.read_text()[-3000:]}")
            try:
                if get_status(port, "/bench/floor/") == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn n'a pas répondu en 60 s")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        app_log.close()


def worker_incidents(log_text, *, workers):
    """Worker timeouts and restarts in a gunicorn error log (boots beyond the first ones)."""
    boots = len(re.findall(r"Booting worker with pid", log_text))
    return {
        "timeouts": len(re.findall(r"WORKER TIMEOUT", log_text)),
        "restarts": max(0, boots - workers),
    }


def wait_until_idle(port, workers, *, quick=0.1, patience=120):
    """Waits until every worker answers the floor at once within ``quick`` seconds: requests
    of a slow endpoint still queued when its measure ends (8 clients × several seconds) must
    not be charged to the next one. Returns the seconds waited."""
    from concurrent.futures import ThreadPoolExecutor

    def timed(_):
        start = time.perf_counter()
        get_status(port, bench_endpoints.FLOOR_PATH)
        return time.perf_counter() - start

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while time.perf_counter() - started < patience:
            if max(pool.map(timed, range(workers))) < quick:
                break
            time.sleep(0.2)
    return time.perf_counter() - started
