"""The deadline-day load script runs end to end (tiny, on SQLite), so it never rots."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_answer_save_load_script_runs_in_smoke_mode() -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/bench_answer_save.py", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "errors              0" in result.stdout
    assert "latency p95" in result.stdout
