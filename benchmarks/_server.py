"""gunicorn for the load benchmarks: started on a free loopback port with an access log that
gives the time spent inside gunicorn on each request, awaited until it accepts connections, and
stopped at the end.

Used by bench_answer_save.py and bench_deadline_day.py (bench_announcement.py starts
`layakanak serve` instead, to measure the command's own defaults).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from _pg import free_port

ROOT = Path(__file__).resolve().parents[1]


def start_gunicorn(
    folder: Path, *, workers: int, threads: int, access_format: str
) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn (gthread, `--preload`) serving layakanak with the environment of this process;
    the access log is `folder/access.log` in `access_format` (gunicorn's `%(D)s`: microseconds
    from the moment a worker thread reads the request), errors go to `folder/server.log`."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "layakanak.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            "--preload",
            "--access-logfile",
            str(folder / "access.log"),
            "--access-logformat",
            access_format,
        ],
        env={**os.environ},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=(folder / "server.log").open("w"),
    )
    deadline = time.monotonic() + 120  # a busy machine can take a while to import Django
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise SystemExit("gunicorn did not start; see the server log") from None
            time.sleep(0.1)


def stop_process(process: subprocess.Popen[bytes] | None) -> None:
    """Stop a server (gunicorn, nginx, ...) gracefully, or kill it after 15 s; nothing to do when
    it never started or has ended."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
