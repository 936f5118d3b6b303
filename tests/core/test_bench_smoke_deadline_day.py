"""The deadline-day soak (benchmarks/bench_deadline_day.py) runs end to end in smoke mode
(SQLite, 4 operators, 5 s), so that it never rots: every operator logs in through the login
form, opens the workspace and an indicator page, saves answers through the autosave endpoint and
uploads a generated PDF or JPEG through the chunked upload, without a single unexpected answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KINDS = (
    "login page",
    "login post",
    "workspace page",
    "indicator page",
    "answer save",
    "upload start",
    "upload chunk",
    "upload finish",
)


@pytest.mark.slow
def test_deadline_day_soak_runs_in_smoke_mode() -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    result = subprocess.run(
        [sys.executable, "benchmarks/bench_deadline_day.py", "--smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-3000:]
    counts = {}
    for line in out.splitlines():
        for kind in KINDS:
            if line.startswith(kind + " ") and not line.endswith("(after the ramp)"):
                counts[kind] = int(line[len(kind) :].split()[0])
    # Four operators: each logged in once, and each request type was sent and answered.
    assert counts["login post"] == 4, out
    assert all(counts.get(kind, 0) >= 1 for kind in KINDS), out
    assert "errors              0" in out
    files = next(line for line in out.splitlines() if line.startswith("files uploaded"))
    assert int(files.split()[2]) >= 4, out  # at least one file per operator
    assert "server memory       RSS of master + workers" in out
