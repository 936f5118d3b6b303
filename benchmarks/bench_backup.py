"""Benchmark: `layakanak backup` and `layakanak restore` on the demo-size database.

    python benchmarks/bench_backup.py                        # all 91,599 regions + the demo
    python benchmarks/bench_backup.py --smoke                # three provinces (tests)
    python benchmarks/bench_backup.py --postgres postgres://user@host:port/db
                                                             # also SQLite -> PostgreSQL -> SQLite

Each step runs the real console script in its own process, on a throw-away installation under a
temporary folder (its own SQLite file and media folder); its wall time, CPU time and peak
resident memory (ru_maxrss of that process) are printed. Steps: build the demo; back it up;
restore the archive over the same database; restore it into a brand-new empty database; back
that up again and compare every row and file with the first archive. With --postgres the
archive is also restored into that (empty) PostgreSQL database, backed up from there, restored
into a new SQLite database and compared again. The PostgreSQL database is emptied by the
restore: give a throw-away one.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LAYAKANAK = str(Path(sys.executable).parent / "layakanak")
# Events that a backup or a restore adds to the audit trail: not part of the compared content.
OWN_EVENTS = {"backup.created", "backup.restored"}


def environment(folder: Path, database_url: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        LAYAKANAK_VAR_DIR=str(folder),
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        # The same key everywhere: the demo encryption key derives from it.
        SECRET_KEY="benchmark-secret-key",  # noqa: S106
        LAYAKANAK_DEMO="1",
        LOG_LEVEL="WARNING",
    )
    folder.mkdir(parents=True, exist_ok=True)
    return env


def run(label: str, args: list[str], env: dict[str, str], results: list[str]) -> str:
    """Run one command; record its wall time and peak RSS."""
    started = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen([LAYAKANAK, *args], env=env, stdout=log, stderr=log)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        print(output)
        raise SystemExit(f"{label} failed")
    peak = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    results.append(f"| {label} | {elapsed:.1f} s | {cpu:.1f} s | {peak:.0f} MB |")
    print(f"{label}: {elapsed:.1f} s (CPU {cpu:.1f} s), peak RSS {peak:.0f} MB", flush=True)
    return output


def _rows(archive: zipfile.ZipFile, member: str) -> Iterator[list[object]]:
    """The rows of a data member, decoded one at a time (the audit table without the events of
    the backups and restores themselves, and without ids, which differ after those)."""
    with archive.open(member) as lines:
        fields = json.loads(next(lines))["fields"]
        audit = member.endswith("audit.auditevent.jsonl")
        action, id_column = (fields.index("action"), fields.index("id")) if audit else (0, 0)
        for line in lines:
            row = json.loads(line)
            if audit:
                if row[action] in OWN_EVENTS:
                    continue
                row[id_column] = None
            yield row


def compare(first: Path, second: Path) -> str:
    """Every table row for row (JSON values compared as values, so key order does not matter)
    and every file's hash; streamed, so that this process stays small."""
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        ma, mb = json.loads(a.read("manifest.json")), json.loads(b.read("manifest.json"))
        tables = [t["member"] for t in ma["tables"]]
        assert tables == [t["member"] for t in mb["tables"]], "different tables"
        rows = 0
        for member in tables:
            for left, right in itertools.zip_longest(_rows(a, member), _rows(b, member)):
                assert left == right, f"{member} differs: {left} != {right}"
                rows += 1
        assert a.read("files.jsonl") == b.read("files.jsonl"), "different files"
    return f"{rows:,} rows and {ma['files']['count']:,} files identical"


def build_demo(env: dict[str, str], folder: Path, smoke: bool, results: list[str]) -> None:
    run("migrate (empty database)", ["migrate", "--noinput"], env, results)
    if not smoke:
        run("demo data (all regions)", ["demo"], env, results)
        return
    from tests.conftest import write_region_subset

    subset = write_region_subset(folder / "regions")
    run("load regions (3 provinces)", ["load_regions", "--dir", str(subset)], env, results)
    run("load instruments", ["load_instrument", "--shipped"], env, results)
    for command in ("demo_evaluation", "demo_verification", "demo_services", "demo_accounts"):
        run(command, [command], env, results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="three provinces (for the tests)")
    parser.add_argument("--postgres", metavar="URL", help="a throw-away PostgreSQL database")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    top = Path(tempfile.mkdtemp(prefix="layakanak-bench-backup-"))
    results = ["| step | time | CPU time | peak RSS |", "|---|---|---|---|"]
    try:
        source = environment(top / "source")
        build_demo(source, top, args.smoke, results)
        first = top / "first.zip"
        output = run("backup", ["backup", "--output", str(first)], source, results)
        print(output.strip().splitlines()[-1])
        run("restore over the same database", ["restore", str(first), "--yes"], source, results)
        fresh = environment(top / "fresh")
        run("restore into an empty database", ["restore", str(first), "--yes"], fresh, results)
        second = top / "second.zip"
        run("backup of the restored database", ["backup", "-o", str(second)], fresh, results)
        print("SQLite -> SQLite:", compare(first, second))
        if args.postgres:
            pg = environment(top / "postgres", args.postgres)
            run("restore into PostgreSQL", ["restore", str(first), "--yes"], pg, results)
            third = top / "third.zip"
            run("backup on PostgreSQL", ["backup", "-o", str(third)], pg, results)
            print("SQLite -> PostgreSQL:", compare(first, third))
            back = environment(top / "back")
            run(
                "restore PostgreSQL's archive into SQLite",
                ["restore", str(third), "--yes"],
                back,
                results,
            )
            fourth = top / "fourth.zip"
            run("backup of that SQLite database", ["backup", "-o", str(fourth)], back, results)
            print("PostgreSQL -> SQLite:", compare(first, fourth))
        print(f"archive: {first.stat().st_size / 1e6:.1f} MB")
        print("\n".join(results))
    finally:
        if args.keep:
            print(f"kept {top}")
        else:
            shutil.rmtree(top, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
