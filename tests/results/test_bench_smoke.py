"""The certificate benchmark runs in smoke mode (so that it never rots)."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "benchmarks" / "bench_certificates.py"


def test_certificate_benchmark_runs_in_smoke_mode_and_reports_its_figures():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--smoke", "--processes", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "certificates: " in done.stdout and "Provinsi Layak Anak" in done.stdout
    assert "ms per certificate" in done.stdout
    assert "target: all certificates in under 60 s" in done.stdout
