import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "benchmarks" / "bench_scoring.py"


def test_scoring_benchmark_runs_in_smoke_mode_and_prints_its_table():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--smoke"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "national cycle" in done.stdout
    assert "villages all" in done.stdout
    assert "linearity" in done.stdout
