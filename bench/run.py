"""The benchmark harness: ``python -m bench.run`` (``make bench``, ``make bench-load``).

Resets and seeds a separate database, serves the site with gunicorn and the production settings,
measures each endpoint of ``bench.endpoints`` from this process (wrk or the Python driver), counts
the SQL queries of each endpoint with Django's test client, and prints the table that
``bench.report`` renders (also written as JSON under ``bench/results/``).
"""

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import datetime

import dj_database_url

from bench import endpoints as bench_endpoints
from bench import load, report
from bench.client import count_queries, placeholders, profile
from bench.server import (
    BASE_DIR,
    RESULTS_DIR,
    WORK_DIR,
    choose_database,
    get_status,
    gunicorn,
    reset_database,
    server_environment,
    step,
    wait_until_idle,
    worker_incidents,
)
from cms.settings.database import PLANNER_SETTINGS

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
        # The PostgreSQL planner's options of the servers (cms/settings/database.py).
        "planner": {name: env[name] or "serveur" for name in PLANNER_SETTINGS},
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


def _add_incidents(meta, log_path, workers):
    incidents = worker_incidents(log_path.read_text(), workers=workers)
    for key, value in incidents.items():
        meta[key] = meta.get(key, 0) + value


def measured_names(names, profiled):
    """The endpoints to measure: ``names`` (all when ``None``) and the one to profile."""
    if names is None or profiled is None or profiled in names:
        return names
    return [*names, profiled]


def build_export_files(chosen):
    """Builds the whole-catalogue export files when an export endpoint is measured: in
    production the worker builds them after a publication (fiches.opendata.files); the bench
    server runs no worker, so its first request would build one, which takes longer than the
    first answer's limit at 10,000 fiches. Returns whether it built them."""
    if not any(endpoint.kind == "export" for endpoint in chosen):
        return False
    from fiches.opendata import files

    files.build_all()
    return True


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
    if build_export_files(chosen):
        step("Fichiers d'export construits, comme le fait le worker après une publication")
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
