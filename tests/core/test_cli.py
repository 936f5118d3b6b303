"""The `layakanak` console script ends a configuration error with its message alone."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def run_cli(*args: str, **env_changes: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "LAYAKANAK_DEMO"}
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-m", "layakanak.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize("args", [("help",), ("import_results", "--help")])
def test_a_missing_secret_key_ends_with_the_message_alone(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stderr == (
        "layakanak: SECRET_KEY must be set when DEBUG is off (see docs/configuration.md).\n"
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_a_bad_boolean_ends_with_the_message_alone() -> None:
    result = run_cli("check", SECRET_KEY="x", DEBUG="perhaps")
    assert result.returncode == 2
    assert result.stderr == "layakanak: DEBUG must be true or false, not 'perhaps'\n"


def test_a_configured_command_still_runs() -> None:
    result = run_cli("help", SECRET_KEY="x", DATABASE_URL="")
    assert result.returncode == 0
    assert "import_results" in result.stdout
