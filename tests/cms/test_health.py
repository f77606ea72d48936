"""The load balancer's health check (/healthz)."""

import json
from unittest import mock

import pytest
from django.db import OperationalError, connections

from tests.helpers import CLOSED_REDIS


def test_healthy_when_database_and_cache_answer(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_answers_the_load_balancer_probing_by_address_over_http(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.3.17:8000")
    assert response.status_code == 200
    assert "Set-Cookie" not in response


def test_unhealthy_when_the_database_is_down(client, db):
    connection = connections["default"]
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("refusée")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "error", "cache": "ok"}


def test_unhealthy_when_the_cache_is_down(client, db, settings):
    settings.CACHES = CLOSED_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "error"}


@pytest.mark.parametrize("method", ["post", "put"])
def test_only_reads_are_answered(client, db, method):
    assert getattr(client, method)("/healthz").status_code != 200
