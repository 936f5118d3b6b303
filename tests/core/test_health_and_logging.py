from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_migrations(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_fails_when_a_migration_is_pending(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 pending"


def test_each_request_is_logged_as_one_json_line(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="layakanak.request"):
        response = client.get("/healthz?secret=do-not-log", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    record = next(r for r in caplog.records if r.name == "layakanak.request")
    assert record.path == "/healthz"  # type: ignore[attr-defined]
    assert record.status == 200  # type: ignore[attr-defined]
    assert record.request_id == "abc-123"  # type: ignore[attr-defined]
    from layakanak.core.logging import JsonFormatter

    line = JsonFormatter().format(record)
    payload = json.loads(line)
    assert payload["method"] == "GET" and "duration_ms" in payload
    assert "do-not-log" not in line


def test_secret_key_is_required_when_not_in_debug() -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "LAYAKANAK_DEMO"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "layakanak.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_in_the_environment_stops_start_up() -> None:
    env = dict(os.environ, DEBUG="perhaps", DJANGO_SETTINGS_MODULE="layakanak.settings")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "DEBUG must be true or false" in result.stderr
