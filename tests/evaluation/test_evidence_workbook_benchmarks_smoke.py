"""The evidence upload and workbook import benchmarks run in smoke mode, so they never rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parents[2] / "benchmarks"


def run(script: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--smoke"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_evidence_upload_memory_benchmark_runs_in_smoke_mode() -> None:
    out = run("bench_upload_memory.py")
    assert "peak Python allocations" in out and "target: under 30 MB added: OK" in out


def test_workbook_import_benchmark_runs_in_smoke_mode() -> None:
    out = run("bench_workbook_import.py")
    assert "147 answers saved" in out and "dry run" in out and "apply" in out
