"""The benchmark harness: ``python -m bench.run`` (``make bench``, ``make bench-load``).

Resets and seeds a separate database, serves the site with gunicorn and the production settings,
measures each endpoint of ``bench.endpoints`` from this process (wrk or the Python driver), counts
the SQL queries of each endpoint with Django's test client, and prints the table that
``bench.report`` renders (also written as JSON under ``bench/results/``).
"""

import argparse
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from http.client import HTTPConnection
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

from bench import endpoints as bench_endpoints
from bench import load, report

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
WORK_DIR = RESULTS_DIR / "work"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/fiches_rex_bench"
NOT_THERE = {400, 404, 405, 410}
# An endpoint whose first answer takes longer is reported in error rather than loaded.
SLOW_PROBE_SECONDS = 10
#: The two tables of a run: fragment caches on (``chaud``), and the cold render path
#: (``froid``: FRAGMENT_CACHE_SECONDS=0, page cache off, issue 16).
WARM = "chaud"
COLD = "froid"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Mesure le site servi par gunicorn sur une base de démonstration dédiée.",
    )
    parser.add_argument(
        "--fiches",
        type=int,
        default=int(os.environ.get("N", "1000")),
        help="nombre de fiches (variable N, 1000 par défaut)",
    )
    parser.add_argument("--images", type=int, default=50, help="images générées, réutilisées")
    parser.add_argument(
        "--duration", type=int, help="secondes par point d'accès (10 ; 60 pour --load)"
    )
    parser.add_argument("--concurrency", type=int, help="clients simultanés (8 ; 32 pour --load)")
    parser.add_argument("--workers", type=int, default=2, help="processus gunicorn")
    parser.add_argument(
        "--endpoints",
        nargs="+",
        metavar="NOM",
        help="seulement ces points d'accès (et le plancher)",
    )
    parser.add_argument(
        "--load",
        action="store_true",
        help="test de charge : la fiche, le catalogue et l'API ensemble (32 clients, 60 s "
        "par défaut, ou --concurrency/--duration)",
    )
    parser.add_argument("--driver", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="base dédiée, effacée et recréée (BENCH_DATABASE_URL ; PostgreSQL "
        "fiches_rex_bench en local par défaut, SQLite s'il est injoignable)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="garde la base si elle a déjà le bon nombre de fiches",
    )
    parser.add_argument(
        "--conn-max-age",
        default=os.environ.get("DB_CONN_MAX_AGE", "60"),
        help="DB_CONN_MAX_AGE des processus gunicorn (connexions persistantes)",
    )
    parser.add_argument(
        "--profile",
        metavar="NOM",
        help="profile ce point d'accès avec pyinstrument (requêtes par le client de test)",
    )
    parser.add_argument(
        "--modes",
        nargs="+",
        choices=[WARM, COLD],
        default=[WARM, COLD],
        help="tables à mesurer : « chaud » (caches de fragments actifs, comme en production "
        "avec Redis) et « froid » (FRAGMENT_CACHE_SECONDS=0, cache de pages coupé : ce que "
        "voit chaque visiteur après une publication, sur les points d'accès ayant un objectif "
        "à froid) ; les deux par défaut",
    )
    parser.add_argument(
        "--profile-mode",
        choices=[WARM, COLD],
        default=COLD,
        help="caches du profil de --profile (froid par défaut)",
    )
    parser.add_argument("--no-progress", action="store_true", help="sans barre de progression")
    args = parser.parse_args(argv)
    args.concurrency = args.concurrency or (32 if args.load else 8)
    args.duration = args.duration or (60 if args.load else 10)
    return args


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


def prepare(args):
    """Database, Django, migrations, static files, seed and renditions; returns the run's meta."""
    database_url = choose_database(args.database_url)
    env = server_environment(database_url=database_url, conn_max_age=args.conn_max_age)
    os.environ.update(env)
    WORK_DIR.mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.db import DatabaseError, connection

    from bench import seed

    reuse = False
    if args.reuse:
        try:
            reuse = seed.fiche_count() == args.fiches
        except DatabaseError:
            reuse = False
        connection.close()
    if not reuse:
        step(f"Base dédiée remise à zéro : {dj_database_url.parse(database_url)['NAME']}")
        reset_database(database_url)
    from django.core.management import call_command

    step("Migrations et fichiers statiques")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if reuse:
        step(f"Base réutilisée ({args.fiches} fiches)")
        summary = None
        # A database seeded before the stored related fiches (fiches 0009) gets them now.
        if seed.fill_related_fiches_if_empty():
            step("Fiches similaires calculées pour la base réutilisée")
    else:
        step(f"Création de {args.fiches} fiches")
        summary = seed.seed(fiches=args.fiches, images=args.images, progress=not args.no_progress)
        step(f"Contenu créé en {summary.seconds} s")
    specs = seed.rendition_specs([BASE_DIR / "templates", BASE_DIR / "fiches", BASE_DIR / "home"])
    seed.pregenerate_renditions(specs, progress=not args.no_progress)

    return env, {
        "date": datetime.now().isoformat(timespec="seconds"),
        "fiches": args.fiches,
        "database": f"{connection.vendor} " + ".".join(map(str, connection.get_database_version())),
        "seed": summary.as_dict() if summary else "réutilisée",
        "renditions": specs,
        "gunicorn_workers": args.workers,
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "db_conn_max_age": args.conn_max_age,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "commit": _commit(),
    }


def _commit():
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return ""
    return completed.stdout.strip()


def placeholders():
    """The values of the endpoints' placeholders, from the seeded content."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils import translation

    from bench import seed

    objects = seed.reference_objects()
    manifest = staticfiles_storage.hashed_files
    stylesheet = (
        "css/site.css"
        if "css/site.css" in manifest
        else next(name for name in sorted(manifest) if name.endswith(".css"))
    )
    with translation.override("fr"):
        return {
            "fiche_url": objects["fiche"].get_url(),
            "fiche_id": objects["fiche"].pk,
            "actor_url": objects["actor"].get_absolute_url(),
            "static_url": staticfiles_storage.url(stylesheet),
        }


@contextmanager
def fragments_off(off=True):
    """This process's fragment caches off (``FRAGMENT_CACHE_SECONDS=0``) while in the block."""
    from django.conf import settings

    kept = settings.FRAGMENT_CACHE_SECONDS
    if off:
        settings.FRAGMENT_CACHE_SECONDS = 0
    try:
        yield
    finally:
        settings.FRAGMENT_CACHE_SECONDS = kept


def count_queries(path, *, cold=False):
    """The SQL queries of one request to ``path`` by a warm process (Django's test client);
    with ``cold``, with the fragment caches off."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with fragments_off(cold):
        client.get(path)
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
    return response.status_code, len(context.captured_queries)


def probe(chosen, context, port, workers, *, queries=True, cold=False):
    """Each endpoint's status on the running server; the reachable ones are warmed up and, with
    ``queries``, their SQL queries counted."""
    results = []
    for endpoint in chosen:
        path = endpoint.resolve(context)
        started = time.monotonic()
        try:
            status = get_status(port, path)
        except OSError as error:
            status = None
            notes = [f"pas de réponse : {error}"]
        else:
            notes = []
        seconds = time.monotonic() - started
        if seconds > SLOW_PROBE_SECONDS:
            notes.append(f"première réponse en {seconds:.1f} s")
        result = report.EndpointResult(
            name=endpoint.name,
            path=path,
            status=report.MEASURED,
            http_status=status,
            target=endpoint.target,
            notes=notes,
        )
        if status in NOT_THERE:
            result.status = report.SKIPPED
        elif status is None or status >= 500 or seconds > SLOW_PROBE_SECONDS:
            result.status = report.FAILED
        else:
            for _ in range(4 * workers):
                get_status(port, path)
            if queries:
                code, result.queries = count_queries(path, cold=cold)
                if code != status:
                    result.notes.append(f"client de test : HTTP {code}")
        results.append(result)
    return results


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


def measure(results, *, port, args, floor_rps=None):
    """Loads each reachable endpoint in turn, once the server is idle again; returns the
    floor's requests per second."""
    base_url = f"http://127.0.0.1:{port}"
    for result in results:
        if result.status != report.MEASURED:
            continue
        wait_until_idle(port, args.workers)
        step(f"{result.name} : {result.path}")
        result.load = load.run(
            base_url,
            [result.path],
            concurrency=args.concurrency,
            duration=args.duration,
            driver=args.driver,
        )
        if result.name == bench_endpoints.FLOOR:
            floor_rps = result.load.requests_per_second
        report.judge(result, floor_rps=floor_rps)
    return floor_rps


def load_test(results, *, port, args):
    """Every load-mix endpoint together: one row, judged on errors and worker restarts."""
    paths = [result.path for result in results if result.status == report.MEASURED]
    mix = report.EndpointResult(
        name="charge (" + ", ".join(r.name for r in results if r.status == report.MEASURED) + ")",
        path=" ".join(paths),
        status=report.MEASURED,
    )
    step(f"Test de charge : {args.concurrency} clients, {args.duration} s")
    mix.load = load.run(
        f"http://127.0.0.1:{port}",
        paths,
        concurrency=args.concurrency,
        duration=args.duration,
        driver=args.driver,
    )
    return mix


def profile(path, folder, *, cold=True):
    """Profiles 50 requests to ``path`` in this process (with ``cold``, fragment caches off);
    returns the text and the HTML file."""
    from django.test import Client
    from pyinstrument import Profiler

    client = Client()
    profiler = Profiler()
    with fragments_off(cold):
        client.get(path)
        with profiler:
            for _ in range(50):
                client.get(path)
    html = folder / f"profile-{datetime.now():%Y%m%d-%H%M%S}.html"
    html.write_text(profiler.output_html(), encoding="utf-8")
    return profiler.output_text(unicode=True, color=False), html


def _add_incidents(meta, log_path, workers):
    incidents = worker_incidents(log_path.read_text(), workers=workers)
    for key, value in incidents.items():
        meta[key] = meta.get(key, 0) + value


def measured_names(names, profiled):
    """The endpoints to measure: ``names`` (all when ``None``) and the one to profile."""
    if names is None or profiled is None or profiled in names:
        return names
    return [*names, profiled]


def main(argv=None):
    args = parse_args(argv)
    env, meta = prepare(args)
    use_wrk = args.driver == "wrk" or (args.driver == "auto" and load.wrk_available())
    meta["driver"] = "wrk" if use_wrk else "python"
    context = placeholders()
    if args.load:
        chosen = bench_endpoints.load_mix()
    else:
        chosen = bench_endpoints.select(measured_names(args.endpoints, args.profile))
    log_path = WORK_DIR / "gunicorn.log"

    results, cold_results = [], []
    if args.load or WARM in args.modes:
        with gunicorn(env=env, workers=args.workers, log_path=log_path) as port:
            results = probe(chosen, context, port, args.workers)
            if args.load:
                results.append(load_test(results, port=port, args=args))
            else:
                floor_rps = measure(results, port=port, args=args)
        meta.update(worker_incidents(log_path.read_text(), workers=args.workers))
    cached = [] if args.load or WARM not in args.modes else bench_endpoints.cached_variants(chosen)
    if cached:
        step("Pages servies depuis le cache")
        cache_env = {**env, "PAGE_CACHE_SECONDS": "600"}
        with gunicorn(env=cache_env, workers=args.workers, log_path=log_path) as port:
            cached_results = probe(cached, context, port, args.workers, queries=False)
            measure(cached_results, port=port, args=args, floor_rps=floor_rps)
        results.extend(cached_results)
        _add_incidents(meta, log_path, args.workers)
    cold = [] if args.load or COLD not in args.modes else bench_endpoints.cold_variants(chosen)
    if len(cold) > 1:
        step("À froid : FRAGMENT_CACHE_SECONDS=0, cache de pages coupé")
        cold_env = {**env, "FRAGMENT_CACHE_SECONDS": "0", "PAGE_CACHE_SECONDS": "0"}
        with gunicorn(env=cold_env, workers=args.workers, log_path=log_path) as port:
            cold_results = probe(cold, context, port, args.workers, cold=True)
            measure(cold_results, port=port, args=args)
        _add_incidents(meta, log_path, args.workers)
    if args.load:
        mix = results[-1]
        clean = not (mix.load.errors or meta["restarts"] or meta["timeouts"])
        mix.verdict = "tenu" if clean else "manqué"
        mix.notes.append("objectif : 0 erreur, 0 redémarrage de processus")
    meta["mode"] = "charge" if args.load else "mesure"

    tables = []
    if results:
        tables.append((f"Chaud (FRAGMENT_CACHE_SECONDS={env['FRAGMENT_CACHE_SECONDS']})", results))
    if cold_results:
        tables.append(("Froid (FRAGMENT_CACHE_SECONDS=0, cache de pages coupé)", cold_results))
    for title, rows in tables:
        print()
        print(title)
        print(report.render_table(rows))
    print()
    print(report.render_meta({key: meta[key] for key in meta if key != "renditions"}))
    for result in cold_results:
        result.mode = COLD
    path = report.write_json(meta=meta, results=results + cold_results, folder=RESULTS_DIR)
    print(f"\nRésultats : {path.relative_to(BASE_DIR)}")

    if args.profile:
        endpoint = next(r for r in results + cold_results if r.name == args.profile)
        text, html = profile(endpoint.path, RESULTS_DIR, cold=args.profile_mode == COLD)
        print(text)
        print(f"Profil : {html.relative_to(BASE_DIR)}")

    if args.load:
        print(
            "Test de charge : "
            + ("réussi (0 erreur, 0 redémarrage)" if results[-1].verdict == "tenu" else "ÉCHEC")
        )
        return 0 if results[-1].verdict == "tenu" else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
