"""The benchmarks of issue 11 (whole-cycle scoring, announcement day, documents) run end to end in
smoke mode (tiny sizes, seconds of load), so that they never rot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_smoke(script: str) -> str:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    result = subprocess.run(
        [sys.executable, f"benchmarks/{script}", "--smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.mark.slow
def test_cycle_scoring_benchmark_runs_on_sqlite_and_postgresql() -> None:
    out = run_smoke("bench_cycle_scoring.py")
    assert "sqlite" in out and "SQL agg" in out and "WRONG" not in out
    if shutil.which("initdb") or list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        assert "postgresql 1" in out  # the server's version, e.g. postgresql 15.18


@pytest.mark.slow
def test_announcement_benchmark_serves_both_ways() -> None:
    # The script fails by itself on any answer other than 200 or a run without requests.
    out = run_smoke("bench_announcement.py")
    measured = {tuple(line.split()[:3]) for line in out.splitlines()}
    for server in ("gunicorn", "nginx"):
        assert (server, "results", "page") in measured, out
        assert (server, "region", "profiles") in measured, out


@pytest.mark.slow
def test_documents_benchmark_times_the_annex_and_a_feedback_report() -> None:
    out = run_smoke("bench_documents.py")
    assert "decree annex PDF" in out and "decree annex XLSX" in out
    assert "feedback report 64.71 after VF: PDF" in out
