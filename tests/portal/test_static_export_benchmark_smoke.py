"""The static export benchmark runs in smoke mode, so that it never rots."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).parents[2] / "benchmarks" / "bench_static_export.py"


def test_static_export_benchmark_runs_in_smoke_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARK), "--smoke", "--languages", "id"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "static export of cycle 2025" in done.stdout and "ms CPU per page" in done.stdout
