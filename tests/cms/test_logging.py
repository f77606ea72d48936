"""Request ids on responses and log lines, JSON logs, Sentry set-up."""

import json
import logging
import os
import subprocess
import sys
import uuid

from cms.logging import JsonFormatter, RequestIdFilter, request_id_var
from tests.helpers import ROOT, production_env


def test_a_request_id_is_made_when_the_proxy_sends_none(client, db):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/fr/")["X-Request-ID"]
    assert first != second
    assert uuid.UUID(first).hex == first


def test_the_proxys_request_id_is_kept(client, db):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="req-2024-abcdef12")
    assert response["X-Request-ID"] == "req-2024-abcdef12"


def test_a_malformed_request_id_is_replaced(client, db):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")
    assert response["X-Request-ID"] != "x\r\nSet-Cookie: a=b"
    assert len(response["X-Request-ID"]) == 32


def test_log_lines_of_a_request_carry_its_id(client, db, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    # As on the console handler of settings.LOGGING: the id is read when the line is written.
    caplog.handler.addFilter(RequestIdFilter())
    response = client.get("/fr/page-qui-n-existe-pas/", HTTP_X_REQUEST_ID="trace-1234567890")
    assert response.status_code == 404
    records = [record for record in caplog.records if record.name == "django.request"]
    assert records
    assert records[-1].request_id == "trace-1234567890"
    assert request_id_var.get() == "-"  # forgotten once the response is finished


def test_json_formatter_writes_one_object_per_line():
    record = logging.LogRecord("fiches", logging.ERROR, __file__, 1, "échec %s", ("x",), None)
    record.fiche_id = 42
    token = request_id_var.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    payload = json.loads(JsonFormatter().format(record))
    assert payload["message"] == "échec x"
    assert payload["level"] == "ERROR"
    assert payload["logger"] == "fiches"
    assert payload["request_id"] == "abc123"
    assert payload["fiche_id"] == 42
    assert payload["time"].endswith("+00:00")


def run_python(code, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


SETUP = "import django; django.setup(); import logging; "


def test_log_format_json_switches_the_console_to_json():
    result = run_python(
        SETUP + "logging.getLogger('fiches').warning('bonjour')",
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert {"message": "bonjour", "logger": "fiches", "request_id": "-"}.items() <= lines[
        -1
    ].items()


def test_sentry_is_initialised_only_when_a_dsn_is_given():
    code = SETUP + "import sentry_sdk; print('ACTIVE', sentry_sdk.get_client().is_active())"
    with_dsn = run_python(code, **production_env(SENTRY_DSN="https://cle@127.0.0.1:9/1"))
    without = run_python(code, **production_env(SENTRY_DSN=""))
    assert "ACTIVE True" in with_dsn.stdout, with_dsn.stderr
    assert "ACTIVE False" in without.stdout, without.stderr
