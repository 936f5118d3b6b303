"""Run every benchmark and record the figures in docs/performance.md.

    python benchmarks/run.py                 # every benchmark, full size
    python benchmarks/run.py --smoke         # every benchmark in smoke mode (seconds)
    python benchmarks/run.py bench_scoring   # only the named ones

Each benchmark is a script in this folder (`bench_*.py`, found by name) that prints its own
report; `bench_deadline_day.py`, the 10-minute soak of 500 operators, makes a full run last about
a quarter of an hour longer. This runner adds the
machine, the versions, the command and the date, and rewrites the block between the markers
`<!-- bench:begin -->` and `<!-- bench:end -->` in docs/performance.md (the sections below the
block explain the figures and stay as they are).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def benchmarks() -> list[Path]:
    return sorted(p for p in (ROOT / "benchmarks").glob("bench_*.py"))


def command_version(*argv: str) -> str:
    if shutil.which(argv[0]) is None:
        return "not installed"
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "not installed"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "?"


def machine() -> list[tuple[str, str]]:
    cpu = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = match.group(1).strip() if match else "?"
    memory = "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"MemTotal:\s*(\d+)", meminfo.read_text())
        memory = f"{int(match.group(1)) / 1024 / 1024:.1f} GiB" if match else "?"
    import sqlite3

    import django

    return [
        ("CPU", f"{os.cpu_count()} × {cpu}"),
        ("Memory", memory),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("Django", django.get_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("PostgreSQL", command_version("/usr/lib/postgresql/15/bin/postgres", "--version")),
        ("pgbench", command_version("/usr/lib/postgresql/15/bin/pgbench", "--version")),
        ("wrk", command_version("wrk", "--version")),
        # The machine is shared: the load average says how much else was running.
        ("Load average at the end (1, 5, 15 min)", ", ".join(f"{v:.2f}" for v in os.getloadavg())),
    ]


def run(script: Path, smoke: bool) -> tuple[int, float, str]:
    argv = [sys.executable, str(script)] + (["--smoke"] if smoke else [])
    started = time.monotonic()
    out = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, check=False)
    text = (out.stdout + ("\n" + out.stderr if out.returncode else "")).strip()
    return out.returncode, time.monotonic() - started, text


def render(results: list[tuple[Path, int, float, str]], smoke: bool, argv: list[str]) -> str:
    lines = [
        BEGIN,
        "## Latest run of `make bench`",
        "",
        f"Run on {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC with "
        f"`{' '.join(['python', 'benchmarks/run.py', *argv])}`"
        + (" (smoke mode: tiny sizes, not comparable with targets)" if smoke else "")
        + ".",
        "",
        "| | |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in machine()),
        "",
    ]
    for script, code, seconds, text in results:
        status = "ok" if code == 0 else f"FAILED (exit {code})"
        lines += [
            f"### {script.stem} — {status}, {seconds:.0f} s",
            "",
            f"Command: `python benchmarks/{script.name}{' --smoke' if smoke else ''}`",
            "",
            "```",
            text[-6000:],
            "```",
            "",
        ]
    lines.append(END)
    return "\n".join(lines)


def write(block: str) -> None:
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Performance\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + block + tail
    elif "\n## " in text:  # before the first section, after the introduction
        head, rest = text.split("\n## ", 1)
        text = f"{head}\n{block}\n\n## {rest}"
    else:
        text = f"{text.rstrip()}\n\n{block}\n"
    REPORT.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmark names (default: all)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, a few seconds each")
    parser.add_argument("--no-write", action="store_true", help="print, do not edit the report")
    args = parser.parse_args(argv)
    chosen = [p for p in benchmarks() if not args.names or p.stem in args.names]
    unknown = set(args.names) - {p.stem for p in chosen}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    results = []
    for script in chosen:
        print(f"running {script.name} …", flush=True)
        code, seconds, text = run(script, args.smoke)
        print(f"  {'ok' if code == 0 else 'FAILED'} in {seconds:.0f} s", flush=True)
        results.append((script, code, seconds, text))
    block = render(results, args.smoke, sys.argv[1:] if argv is None else argv)
    if args.no_write:
        print(block)
    else:
        write(block)
        print(f"wrote {REPORT}")
    return 0 if all(code == 0 for _, code, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
