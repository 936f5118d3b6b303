"""A throw-away PostgreSQL cluster for the benchmarks (started with initdb/pg_ctl under a
temporary folder, on a free loopback port, and stopped at the end), and PostgreSQL's own
`pgbench` run against it.

Used by bench_answer_save.py (bench_cycle_scoring.py imports it from there) and
bench_deadline_day.py. (`.ci/run` starts its own cluster in shell, with fsync off for speed; a
benchmark measures with the server's defaults.)
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Postgres:
    """A throw-away PostgreSQL cluster under a temporary folder (initdb refuses root)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.bin = (
            Path(shutil.which("initdb") or "/usr/lib/postgresql/15/bin/initdb").resolve().parent
        )
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def start(self) -> str:
        if self.run_as:
            shutil.chown(self.folder, "postgres")
        data = self.folder / "data"
        subprocess.run(
            [
                *self.run_as,
                str(self.bin / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
            check=True,
            capture_output=True,
        )
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c max_connections=300 -c shared_buffers=256MB"
        )
        subprocess.run(
            [
                *self.run_as,
                str(self.bin / "pg_ctl"),
                "-D",
                str(data),
                "-w",
                "-l",
                str(self.folder / "log"),
                "-o",
                options,
                "start",
            ],
            check=True,
            capture_output=True,
        )
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def pid(self) -> int:
        return int((self.folder / "data" / "postmaster.pid").read_text().split()[0])

    def pgbench(self, seconds: int) -> str:
        """PostgreSQL's own rate of small write transactions on this machine (pgbench's
        simple-update script: one UPDATE, one SELECT, one INSERT each), for comparison."""
        base = [*self.run_as, str(self.bin / "pgbench"), "-h", "127.0.0.1", "-p", str(self.port)]
        base += ["-U", "postgres"]
        subprocess.run([*base, "-i", "-q", "-s", "2", "postgres"], check=True, capture_output=True)
        done = subprocess.run(
            [*base, "-b", "simple-update", "-c", "8", "-j", "2", "-T", str(seconds), "postgres"],
            check=True,
            capture_output=True,
            text=True,
        )
        lines = [line for line in done.stdout.splitlines() if "latency average" in line]
        lines += [line for line in done.stdout.splitlines() if line.startswith("tps")]
        return "; ".join(line.strip() for line in lines)

    def pgbench_script(
        self, script: str, seconds: int, clients: int = 4, threads: int = 2
    ) -> dict[str, float]:
        """Run a custom pgbench script (e.g. one single-row UPDATE by primary key) against the
        `postgres` database for `seconds`; returns transactions, tps and average latency (ms)."""
        with tempfile.NamedTemporaryFile(
            "w", suffix=".sql", dir=self.folder, delete=False, encoding="utf-8"
        ) as handle:
            handle.write(script)
        os.chmod(handle.name, 0o644)
        argv = [*self.run_as, str(self.bin / "pgbench"), "-h", "127.0.0.1", "-p", str(self.port)]
        argv += ["-U", "postgres", "-n", "-f", handle.name, "-c", str(clients), "-j", str(threads)]
        argv += ["-T", str(seconds), "postgres"]
        done = subprocess.run(argv, check=True, capture_output=True, text=True)
        out = done.stdout

        def number(pattern: str) -> float:
            match = re.search(pattern, out)
            return float(match.group(1)) if match else float("nan")

        return {
            "transactions": number(r"number of transactions actually processed:\s*(\d+)"),
            "tps": number(r"tps = ([0-9.]+)"),
            "latency_ms": number(r"latency average = ([0-9.]+) ms"),
            "failed": number(r"number of failed transactions:\s*(\d+)"),
        }

    def stop(self) -> None:
        subprocess.run(
            [
                *self.run_as,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
