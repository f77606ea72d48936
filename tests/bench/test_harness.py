"""The harness pieces: percentiles, wrk parsing, targets, table, JSON, and the load driver and
idle wait against a small local server."""

import json
import time
from contextlib import contextmanager
from datetime import datetime

import pytest

from bench import endpoints, load, report, run
from bench.endpoints import Endpoint, Target


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert load.percentile(values, 50) == 50
    assert load.percentile(values, 95) == 95
    assert load.percentile(values, 99) == 99
    assert load.percentile([7], 99) == 7
    assert load.percentile([], 50) == 0.0


def test_wrk_script_lists_the_paths_in_lua():
    script = load.wrk_script(["/fr/", '/fr/fiches/?q="x"'])
    assert 'local paths = {"/fr/", "/fr/fiches/?q=\\"x\\""}' in script
    assert "latency:percentile(95)" in script


def test_parse_wrk_output_reads_the_scripts_line():
    output = (
        "Running 10s test @ http://127.0.0.1:8000\n  2 threads and 8 connections\n"
        'BENCH_JSON {"requests": 5000, "duration_us": 10000000, "p50_us": 1500, '
        '"p95_us": 4200, "p99_us": 9000, "connect": 0, "read": 0, "write": 0, '
        '"status": 3, "timeout": 1}\n'
    )
    result = load.parse_wrk_output(output)
    assert result.requests_per_second == 500
    assert (result.p50_ms, result.p95_ms, result.p99_ms) == (1.5, 4.2, 9.0)
    assert result.errors == 4
    assert result.error_kinds == {"status": 3, "timeout": 1}


def test_parse_wrk_output_without_figures_fails():
    with pytest.raises(RuntimeError):
        load.parse_wrk_output("unable to connect to 127.0.0.1:1 Connection refused")


def _result(name, rps, p95, *, target=None, errors=0):
    measured = load.LoadResult("wrk", int(rps * 10), 10.0, 1.0, p95, p95 * 2, errors)
    return report.EndpointResult(name, "/", report.MEASURED, 200, 3, measured, target)


def test_judge_compares_with_the_floor_and_the_target():
    target = Target(floor_ratio=0.08, p95_ms=60)
    met = report.judge(_result("fiche", 100, 50, target=target), floor_rps=1000)
    assert met.floor_ratio == pytest.approx(0.1)
    assert met.verdict == "tenu"
    too_slow = report.judge(_result("fiche", 100, 75, target=target), floor_rps=1000)
    assert too_slow.verdict == "manqué"
    too_few = report.judge(_result("fiche", 50, 20, target=target), floor_rps=1000)
    assert too_few.verdict == "manqué"
    with_errors = report.judge(_result("fiche", 100, 20, target=target, errors=1), floor_rps=1000)
    assert with_errors.verdict == "manqué"
    untargeted = report.judge(_result("home", 100, 20), floor_rps=1000)
    assert untargeted.verdict == ""


def test_table_shows_figures_targets_and_skipped_endpoints():
    target = Target(floor_ratio=0.03, p95_ms=150, note="à 10 000 fiches")
    rows = [
        report.judge(_result("floor", 1000, 5), floor_rps=1000),
        report.judge(_result("catalogue-search", 40, 120, target=target), floor_rps=1000),
        report.EndpointResult("pdf", "/fr/x/pdf/", report.SKIPPED, 404),
    ]
    lines = report.render_table(rows).splitlines()
    assert lines[0].split()[:3] == ["Point", "d'accès", "req/s"]
    assert "100.0%" in lines[2]
    search = lines[3]
    assert (
        "4.0%" in search and "≥ 3 % · p95 < 150 ms (à 10 000 fiches)".replace(" %", "%") in search
    )
    assert search.endswith("tenu")
    assert lines[4].startswith("pdf") and lines[4].endswith("ignoré (HTTP 404)")


def test_write_json_keeps_meta_and_rows(tmp_path):
    rows = [report.judge(_result("floor", 1000, 5), floor_rps=1000)]
    path = report.write_json(
        meta={"fiches": 5}, results=rows, folder=tmp_path, now=datetime(2025, 1, 2, 3, 4, 5)
    )
    assert path.name == "20250102-030405.json"
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["meta"] == {"fiches": 5}
    assert payload["endpoints"][0]["load"]["requests_per_second"] == 1000.0
    assert payload["endpoints"][0]["floor_ratio"] == 1.0


def test_endpoints_resolve_placeholders_and_keep_the_floor_first():
    fiche = Endpoint("fiche", "{fiche_url}")
    assert fiche.resolve({"fiche_url": "/fr/fiches/a/"}) == "/fr/fiches/a/"
    chosen = endpoints.select(["fiche", "api-detail"])
    assert [e.name for e in chosen] == ["floor", "fiche", "api-detail"]
    with pytest.raises(ValueError):
        endpoints.select(["nope"])
    assert {e.name for e in endpoints.load_mix()} == {"fiche", "catalogue", "api-list"}


def test_the_profiled_endpoint_is_measured_too():
    assert run.measured_names(["fiche"], "catalogue") == ["fiche", "catalogue"]
    assert run.measured_names(["fiche"], "fiche") == ["fiche"]
    assert run.measured_names(None, "catalogue") is None
    assert run.measured_names(["fiche"], None) == ["fiche"]


def test_worker_incidents_counts_restarts_and_timeouts():
    log = (
        "[INFO] Booting worker with pid: 1\n[INFO] Booting worker with pid: 2\n"
        "[CRITICAL] WORKER TIMEOUT (pid:1)\n[INFO] Booting worker with pid: 3\n"
    )
    assert run.worker_incidents(log, workers=2) == {"timeouts": 1, "restarts": 1}


@contextmanager
def local_server(status_of):
    """A threaded HTTP server on a free port of 127.0.0.1 answering ``ok`` with the status
    ``status_of(path)`` (which may take its time); yields the port."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            self.send_response(status_of(self.path))
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_port
    finally:
        server.shutdown()


def test_python_driver_measures_a_local_server():
    with local_server(lambda path: 404 if path == "/missing" else 200) as port:
        base = f"http://127.0.0.1:{port}"
        result = load.run_python(base, ["/", "/missing"], concurrency=2, duration=0.5)
    assert result.requests > 10
    assert result.errors == pytest.approx(result.requests / 2, abs=2)
    assert result.p95_ms >= result.p50_ms > 0


def test_rendition_specs_reads_templates_and_api_fields(tmp_path):
    from bench.seed import rendition_specs

    (tmp_path / "card.html").write_text(
        "{% srcset_image fiche.hero_image fill-{320x180,640x360} sizes='100vw' alt=x %}\n"
        "{% image page.hero_image fill-1200x630 as og_image %}\n"
        "{% image actor.logo max-120x120 format-webp alt=actor.name %}\n"
        "{% image page.hero_image width-{{ size }} %}\n",
        encoding="utf-8",
    )
    (tmp_path / "api.py").write_text(
        'thumbnail = ImageRenditionField("fill-400x225")\n', encoding="utf-8"
    )
    assert rendition_specs([tmp_path]) == [
        "fill-1200x630",
        "fill-320x180",
        "fill-400x225",
        "fill-640x360",
        "max-120x120|format-webp",
    ]


def test_the_next_endpoint_waits_for_the_server_to_be_idle():
    """A server still busy with a slow endpoint's queued requests answers slowly: the harness
    waits until it answers quickly before measuring the next endpoint."""
    busy_until = time.perf_counter() + 0.6

    def status_of(path):
        if time.perf_counter() < busy_until:
            time.sleep(0.5)
        return 200

    # ``quick`` well above a local round trip, even on a busy machine, and well below 0.5 s.
    with local_server(status_of) as port:
        waited = run.wait_until_idle(port, 2, quick=0.25, patience=5)
        idle = run.wait_until_idle(port, 2, quick=0.25, patience=5)
    assert 0.5 < waited < 5
    assert idle < 0.5


def test_the_cold_table_holds_the_issue_16_targets_and_the_floor():
    cold = {e.name: e for e in endpoints.cold_variants(endpoints.select())}

    assert list(cold)[0] == endpoints.FLOOR
    assert cold["fiche"].target == Target(floor_ratio=0.05, p95_ms=120)
    assert cold["api-detail"].target.floor_ratio == 0.08
    assert cold["api-list"].target.floor_ratio == 0.03
    for name in ("home", "actors", "region", "feed", "catalogue-filters", "catalogue-search"):
        assert cold[name].target.floor_ratio == 0.03, name
    # Listed for comparison with the issue's table, without a target of their own.
    assert cold["catalogue"].target is None and cold["search"].target is None
    assert "export-csv" not in cold and "static" not in cold


def test_both_tables_are_measured_by_default_and_the_profile_is_cold():
    args = run.parse_args([])
    assert args.modes == [run.WARM, run.COLD]
    assert args.profile_mode == run.COLD
    assert run.parse_args(["--modes", "froid"]).modes == [run.COLD]


def test_a_cold_result_says_so_in_the_json(tmp_path):
    result = report.EndpointResult(name="fiche", path="/f/", status=report.MEASURED, mode="froid")
    path = report.write_json(meta={}, results=[result], folder=tmp_path)
    assert json.loads(path.read_text())["endpoints"][0]["mode"] == "froid"


def test_the_fragments_read_the_database_the_harness_seeded(monkeypatch):
    from bench import fragments, server

    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    assert fragments.parse_args([]).database_url == server.DEFAULT_DATABASE_URL
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/other")
    assert fragments.parse_args([]).database_url.endswith("/other")
    assert fragments.parse_args(["--database-url", "sqlite:///x"]).database_url == "sqlite:///x"


@pytest.mark.django_db
def test_the_publication_bench_publishes_and_leaves_the_catalogue_as_it_was(index):
    from bench import publish
    from fiches import factories
    from fiches.models import FichePage

    fiche = factories.FichePageFactory(parent=index)
    before = FichePage.objects.live().count()
    revisions = fiche.revisions.count()

    rows, queries = publish.measure(fiche, user=None, rounds=2)

    assert {name: len(durations) for name, durations in rows.items()} == {
        "republish": 2,
        "first publication": 2,
        "first view": 2,
    }
    assert all(duration > 0 for durations in rows.values() for duration in durations)
    assert len(queries) == 2 and min(queries) > 0
    assert FichePage.objects.live().count() == before
    assert fiche.revisions.count() == revisions + 2
    assert not FichePage.objects.filter(slug__startswith="bench-publication-").exists()


def test_the_publication_bench_reads_the_database_the_harness_seeded(monkeypatch):
    from bench import publish

    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://bench@127.0.0.1:5432/seeded")

    assert publish.parse_args([]).database_url.endswith("/seeded")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, {"DB_PARALLEL_WORKERS": "0", "DB_JOIN_COLLAPSE_LIMIT": "3"}),
        (
            {"DB_PARALLEL_WORKERS": "", "DB_JOIN_COLLAPSE_LIMIT": "8"},
            {"DB_PARALLEL_WORKERS": "", "DB_JOIN_COLLAPSE_LIMIT": "8"},
        ),
    ],
)
def test_the_bench_servers_plan_queries_as_production_is_advised_to(
    monkeypatch, environment, expected
):
    from bench.server import server_environment

    for name in expected:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    env = server_environment(database_url="postgres://h/db", conn_max_age=60)
    assert {name: env[name] for name in expected} == expected


def test_the_export_files_are_built_before_an_export_endpoint_is_measured(
    index, settings, tmp_path
):
    """The bench server runs no worker: the harness builds the files as the worker would, so
    that the first request does not build them (longer than the first answer's limit at 10,000
    fiches); not when no export endpoint is measured."""
    from fiches import factories
    from fiches.opendata import files

    settings.EXPORTS_ROOT = tmp_path
    factories.FichePageFactory(parent=index)

    names = {format.filename for format in files.FORMATS.values()}

    def built():
        return names & {path.name for path in tmp_path.rglob("*") if path.is_file()}

    assert not run.build_export_files(endpoints.select(["fiche", "home"]))
    assert not built()

    assert run.build_export_files(endpoints.select(["export-csv"]))
    assert built() == names
