"""`make bench`'s runner: runs the benchmarks and rewrites its block of the report."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


def test_runner_records_machine_command_and_figures(runner, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "performance.md"
    report.write_text("# Performance\n\nIntro.\n\n## Loading the regions\n\nKept.\n")
    monkeypatch.setattr(runner, "REPORT", report)
    assert runner.main(["--smoke", "bench_scoring"]) == 0
    text = report.read_text()
    assert text.startswith("# Performance\n\nIntro.")
    assert "## Loading the regions\n\nKept." in text
    block = text.split(runner.BEGIN)[1].split(runner.END)[0]
    assert "| Python | 3." in block and "| CPU | " in block
    assert "### bench_scoring — ok" in block and "national cycle" in block
    # A second run replaces the block instead of adding one.
    assert runner.main(["--smoke", "bench_scoring"]) == 0
    assert report.read_text().count(runner.BEGIN) == 1


def test_unknown_benchmark_is_an_error(runner) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        runner.main(["bench_nothing"])
