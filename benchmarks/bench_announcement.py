"""Announcement day: the published results under load, dynamic pages next to the static export.

    python benchmarks/bench_announcement.py             # all 514 kab/kota, 50 connections
    python benchmarks/bench_announcement.py --smoke     # the test subset, a second per target
    python benchmarks/bench_announcement.py --profile   # also cProfile the dynamic pages

A throw-away installation (benchmarks/_results_env.py: every region of Indonesia, the imported
2023 results and cycle 2025 published for 464 participating kab/kota) is served twice on
loopback ports, at the same time:

- dynamically, by gunicorn started with `layakanak serve` and its default settings (workers and
  threads from WEB_WORKERS / WEB_THREADS, 2 x 4), on SQLite;
- statically: `layakanak export_static --cycle 2025 --out DIR` (Indonesian pages only) served by
  nginx with a generated configuration in the temporary folder, as a child process.

wrk (`--latency`, 50 connections, 2 threads) measures the results page `/hasil/2025/` and the
region profiles `/wilayah/<code>/` (a Lua script rotating through every participating region)
on each server; the same paths exist in both. Target (issue 11): p95 under 100 ms for the
dynamic pages at 50 concurrent clients. Before each run a few sequential requests warm every
worker and the script waits until the server is idle (a closed-loop run leaves up to 50 requests
queued in gunicorn when wrk stops); nginx is measured first. Besides latency the script reports
the server's CPU time per answered request, the figure that does not depend on what else the
machine is running.

The dynamic pages of anonymous visitors are kept in the page cache (layakanak/portal/page_cache.py,
on by default). The first request for each page renders it: a *cold pass* requests every measured
path once (4 at a time) on a freshly started server and is reported on its own lines ("cold"),
before the warm wrk runs. `--page-cache off` starts gunicorn with PAGE_CACHE=off (the dynamic
pages rendered on every request, as before the cache).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import cProfile
import http.client
import io
import os
import pstats
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from _server import stop_process  # noqa: E402
from bench_answer_save import tree_cpu  # noqa: E402 (CPU seconds of a process tree)

TARGET_P95_MS = 100.0
CYCLE = "2025"

LUA = """
local paths = {%(paths)s}
local n = 0
function init(args)
  n = math.random(#paths) - 1
end
function request()
  n = n %% #paths + 1
  return wrk.format("GET", paths[n])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%%d seconds=%%.3f bytes=%%d connect=%%d read=%%d write=%%d status=%%d "
    .. "timeout=%%d p50=%%d p90=%%d p95=%%d p99=%%d max=%%d\\n",
    summary.requests, summary.duration / 1e6, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max))
end
"""

NGINX = """
worker_processes 2;
daemon off;
pid %(tmp)s/nginx.pid;
error_log %(tmp)s/nginx-error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path %(tmp)s/body;
  proxy_temp_path %(tmp)s/proxy;
  fastcgi_temp_path %(tmp)s/fastcgi;
  uwsgi_temp_path %(tmp)s/uwsgi;
  scgi_temp_path %(tmp)s/scgi;
  server {
    listen 127.0.0.1:%(port)d;
    root %(root)s;
    index index.html;
    location / { try_files $uri $uri/ =404; }
  }
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{what} did not start") from None
            time.sleep(0.1)


def get(port: int, path: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    # The Host header wrk sends: the page cache keys pages by host, so the warm-up and the cold
    # pass must fill the entries wrk asks for.
    conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, len(body)


def cold_pass(port: int, pid: int, paths: list[str]) -> dict[str, float]:
    """Every path once, 4 at a time, on a server that has not answered them yet: the first
    visitors' latency (each page rendered and kept) and the server CPU per request."""
    latencies: list[float] = []
    statuses: list[int] = []

    def one(path: str) -> None:
        started = time.perf_counter()
        status, _size = get(port, path)
        latencies.append(time.perf_counter() - started)
        statuses.append(status)

    cpu = tree_cpu(pid)
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(one, paths))
    seconds = time.perf_counter() - started
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1e6

    return {
        "requests": len(paths),
        "seconds": seconds,
        "status": sum(1 for s in statuses if s != 200),
        "connect": 0,
        "read": 0,
        "write": 0,
        "timeout": 0,
        "p50": pct(0.50),
        "p90": pct(0.90),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "cpu": tree_cpu(pid) - cpu,
    }


def wait_idle(pid: int, *, limit: float = 180.0) -> None:
    """Wait until a server (and its workers) has used almost no CPU for half a second."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = tree_cpu(pid)
        time.sleep(0.5)
        if tree_cpu(pid) - before < 0.02:
            return


def wrk(
    port: int, paths: list[str], folder: Path, *, connections: int, seconds: float
) -> dict[str, float]:
    """One wrk run over `paths` (rotating); the figures printed by the Lua `done` hook."""
    script = folder / f"paths-{len(paths)}.lua"
    script.write_text(LUA % {"paths": ", ".join(f'"{p}"' for p in paths)}, encoding="utf-8")
    argv = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{max(1, round(seconds))}s"]
    argv += ["--timeout", "30s", "--latency", "-s", str(script), f"http://127.0.0.1:{port}"]
    done = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=seconds + 60)
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return {key: float(value) for key, value in (f.split("=") for f in line.split()[1:])}


def export(folder: Path) -> tuple[Path, float]:
    from django.core.management import call_command

    out = folder / "export"
    started = time.perf_counter()
    call_command(
        "export_static",
        cycle=CYCLE,
        out=out,
        languages="id",
        site_url="https://layakanak.example",
        stdout=io.StringIO(),
    )
    return out, time.perf_counter() - started


def start_gunicorn(folder: Path, port: int, *, page_cache: str) -> subprocess.Popen[bytes]:
    """`layakanak serve` (it replaces itself with gunicorn) with its default settings."""
    layakanak = Path(sys.executable).with_name("layakanak")
    argv = [str(layakanak)] if layakanak.exists() else [sys.executable, "-m", "layakanak.cli"]
    return subprocess.Popen(
        [*argv, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, "PAGE_CACHE": page_cache},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=(folder / "gunicorn.log").open("w"),
    )


def start_nginx(folder: Path, root: Path, port: int) -> subprocess.Popen[bytes]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    tmp = folder / "nginx"
    tmp.mkdir()
    config = tmp / "nginx.conf"
    config.write_text(NGINX % {"tmp": tmp, "port": port, "root": root}, encoding="utf-8")
    # nginx's workers run as an unprivileged user when started as root: they must read the export.
    for path in (folder, root):
        os.chmod(path, 0o755)  # noqa: S103
    return subprocess.Popen(
        [nginx, "-p", str(tmp), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "stderr.log").open("w"),
    )


def profile_pages(paths: dict[str, list[str]], requests: int) -> str:
    """cProfile and query counts of the dynamic pages, in this process (Django test client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    lines = []
    for name, targets in paths.items():
        client.get(targets[0])  # warm caches as a running server has them
        with CaptureQueriesContext(connection) as queries:
            client.get(targets[-1])
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for number in range(requests):
            response = client.get(targets[number % len(targets)])
            assert response.status_code == 200, (targets[number % len(targets)], response)
        profiler.disable()
        each = (time.perf_counter() - started) * 1000 / requests
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        lines.append(
            f"--- {name}: {each:.1f} ms per request (profiled), {len(queries)} SQL queries\n"
            + out.getvalue()
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="test subset, one second per target")
    parser.add_argument("--seconds", type=float, help="length of each measured wrk run")
    parser.add_argument("--connections", type=int, help="concurrent connections (default 50)")
    parser.add_argument("--profile", action="store_true", help="cProfile the dynamic pages")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--page-cache",
        default="file",
        choices=("file", "memory", "off"),
        help="PAGE_CACHE of the gunicorn server (default file; off: render every request)",
    )
    args = parser.parse_args()
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if "nginx" in missing and Path("/usr/sbin/nginx").exists():
        missing.remove("nginx")
    if missing:
        print(f"missing: {', '.join(missing)} (run scripts/ensure-system-deps)")
        return 1
    seconds = args.seconds or (1.0 if args.smoke else 15.0)
    clients = args.connections or (8 if args.smoke else 50)

    folder = Path(tempfile.mkdtemp(prefix="layakanak-announce-"))
    from _results_env import setup

    started = time.perf_counter()
    env = setup(national=not args.smoke, folder=folder)
    setup_seconds = time.perf_counter() - started
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    from layakanak.portal.cycle_export import cycle_region_codes

    publication = env["publication"]
    codes = sorted(cycle_region_codes(publication))
    paths = {
        "results page": [f"/hasil/{CYCLE}/"],
        "region profiles": [f"/wilayah/{code}/" for code in codes],
    }
    out, export_seconds = export(folder)
    from django.db import connections

    connections.close_all()

    load_before = os.getloadavg()
    servers: dict[str, subprocess.Popen[bytes] | None] = {"gunicorn": None, "nginx": None}
    results: list[tuple[str, str, dict[str, float]]] = []
    sizes: dict[tuple[str, str], int] = {}
    failures = 0
    try:
        ports = {"gunicorn": free_port(), "nginx": free_port()}
        servers["gunicorn"] = start_gunicorn(folder, ports["gunicorn"], page_cache=args.page_cache)
        servers["nginx"] = start_nginx(folder, out, ports["nginx"])
        wait_for(ports["gunicorn"], servers["gunicorn"], "gunicorn", 120)  # type: ignore[arg-type]
        wait_for(ports["nginx"], servers["nginx"], "nginx", 30)  # type: ignore[arg-type]
        # The first visitors of each dynamic page, on the fresh server: reported as "cold".
        gunicorn = servers["gunicorn"]
        assert gunicorn is not None
        for name, targets in paths.items():
            wait_idle(gunicorn.pid)
            figures = cold_pass(ports["gunicorn"], gunicorn.pid, targets)
            failures += int(figures["status"])
            results.append(("gunicorn", f"{name} (cold)", figures))
        for server, port in ports.items():
            for name, targets in paths.items():
                for path in {targets[0], targets[-1]}:
                    status, size = get(port, path)
                    if status != 200:
                        print(f"{server} answered {status} for {path}")
                        failures += 1
                    sizes[(server, name)] = size
                    sizes[(server, f"{name} (cold)")] = size
        if failures:
            return 1
        # nginx first, on a quiet machine; gunicorn last, waiting after each run until it has
        # worked off the requests still queued when wrk stopped (they would slow the next run).
        for server in ("nginx", "gunicorn"):
            process = servers[server]
            assert process is not None
            for name, targets in paths.items():
                for path in targets[:: max(1, len(targets) // 8)][:8]:  # warm every worker
                    get(ports[server], path)
                wait_idle(process.pid)
                cpu = tree_cpu(process.pid)
                figures = wrk(ports[server], targets, folder, connections=clients, seconds=seconds)
                figures["cpu"] = tree_cpu(process.pid) - cpu
                results.append((server, name, figures))
                wait_idle(process.pid)
    finally:
        for process in servers.values():
            stop_process(process)
        log = folder / "gunicorn.log"
        lines = log.read_text(errors="replace").splitlines() if log.exists() else []
        errors = [line for line in lines if "Traceback" in line or "ERROR" in line]
        if errors:
            print("gunicorn log:", *lines[-10:], sep="\n  ")

    print(
        f"announcement day: cycle {CYCLE} published for {publication.results.count()} of "
        f"{env['regions']} kab/kota; {len(codes)} region profiles; {os.cpu_count()} CPUs, "
        f"load average (1/5/15 min) {'/'.join(f'{x:.1f}' for x in load_before)} before the "
        f"runs, {'/'.join(f'{x:.1f}' for x in os.getloadavg())} after"
    )
    print(
        f"set-up {setup_seconds:.0f} s (not timed below); static export (id) {export_seconds:.1f} s"
    )
    print(
        f"wrk: 2 threads, {clients} connections, {seconds:g} s per run, each server warmed "
        "and idle before; gunicorn from `layakanak serve` (2 workers x 4 threads, SQLite, "
        f"PAGE_CACHE={args.page_cache}); nginx 2 workers; cold: every path once, 4 at a time, "
        "on the fresh server; CPU: milliseconds of server CPU per answered request"
    )
    print(
        f"{'server':<9} {'page':<23} {'KB':>5} {'req/s':>7} {'p50 ms':>7} {'p90 ms':>7} "
        f"{'p95 ms':>7} {'p99 ms':>7} {'CPU':>6} {'errors':>6}  target"
    )
    for server, name, f in results:
        errors = int(f["connect"] + f["read"] + f["write"] + f["status"] + f["timeout"])
        failures += int(f["status"]) + (f["requests"] == 0)
        p95 = f["p95"] / 1000
        verdict = ""
        if server == "gunicorn" and not name.endswith("(cold)"):
            met = f["requests"] > 0 and f["timeout"] == 0 and p95 < TARGET_P95_MS
            verdict = f"p95 < {TARGET_P95_MS:g} ms {'ok' if met else 'MISSED'}"
        if f["timeout"]:
            verdict += f" ({int(f['timeout'])} requests without an answer within 30 s)"
        print(
            f"{server:<9} {name:<23} {sizes[(server, name)] / 1024:>5.0f} "
            f"{f['requests'] / f['seconds']:>7.0f} {f['p50'] / 1000:>7.1f} "
            f"{f['p90'] / 1000:>7.1f} {p95:>7.1f} {f['p99'] / 1000:>7.1f} "
            f"{f['cpu'] * 1000 / max(f['requests'], 1):>6.1f} {errors:>6}  {verdict}"
        )
    if args.profile:
        print(profile_pages(paths, 20 if args.smoke else 100))
    if args.keep:
        print(f"kept: {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
