"""Deadline-day load on answer saving: many regional operators saving answers at once.

    python benchmarks/bench_answer_save.py              # PostgreSQL, 200 operators, gunicorn
    python benchmarks/bench_answer_save.py --smoke      # SQLite, 4 operators, a few seconds

The script builds a throw-away installation (a temporary PostgreSQL cluster started with
initdb/pg_ctl, or SQLite for the smoke run), loads the regions and the shipped instruments,
opens cycle 2026 for every kab/kota needed, creates one operator per region with a logged-in
session, starts gunicorn on a free loopback port, then runs one thread per operator, each saving
answers through the same JSON endpoint the browser uses (with the version it last saw). It
reports throughput and the p50/p95/p99 latency of a save, and the error count. Everything stays
on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from _pg import Postgres
from _server import start_gunicorn, stop_process

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 150.0


def kab_kota_only(target: Path) -> Path:
    """The shipped region files with every province and kab/kota but no kecamatan or desa (a
    save never reads them; loading 91,000 regions would only slow the set-up down)."""
    from layakanak.regions.files import DATA_DIR

    target.mkdir(parents=True)
    for name in ("provinces.csv", "regencies.csv", "provinces.geojson", "regencies.geojson"):
        shutil.copy(DATA_DIR / name, target / name)
    for name in ("districts.csv", "villages.csv"):
        with (DATA_DIR / name).open(encoding="utf-8") as source:
            (target / name).write_text(source.readline(), encoding="utf-8")
    return target


def fill_answers(cycle: Any) -> None:
    """Deadline day: most questions already answered (synthetic answers, every question but the
    ones the run saves), so that each save reads, counts and scores a full submission. Written in
    bulk: this is set-up data, and 200 x 145 saves through the action would take minutes."""
    from django.utils import timezone

    from layakanak.demo.synthetic import synthetic_answers
    from layakanak.evaluation import queries, values
    from layakanak.evaluation.models import Answer, Submission
    from layakanak.instruments.queries import instrument_of
    from layakanak.scoring.answers import validate_answer

    instrument = instrument_of(cycle.instrument)
    question_ids = queries.question_ids(cycle.instrument)
    now = timezone.now()
    rows = []
    submissions = list(Submission.objects.filter(cycle=cycle).order_by("region__code"))
    for number, submission in enumerate(submissions):
        rng = random.Random(number)
        answers = synthetic_answers(instrument, rng.uniform(0.3, 0.95), rng)
        kept = {code: raw for code, raw in answers.items() if code not in ("4.1", "4.2")}
        for code, raw in kept.items():
            stored = values.to_json(validate_answer(instrument.question(code), raw))
            rows.append(
                Answer(
                    submission=submission,
                    question_id=question_ids[code],
                    value=stored,
                    version=1,
                    answered_at=now,
                )
            )
        submission.answered_count = len(kept)
        submission.status = "in_progress"
    Answer.objects.bulk_create(rows, batch_size=2000)
    Submission.objects.bulk_update(submissions, ["answered_count", "status"])


def prepare(
    operators: int, folder: Path, *, all_regions: bool = False, filled: bool = True
) -> list[dict[str, Any]]:
    """Migrate, load data, open the cycle and log every operator in; returns their sessions."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from layakanak.accounts.actions import do_create_user
    from layakanak.accounts.roles import AssignmentSpec
    from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
    from layakanak.instruments.models import InstrumentVersion
    from layakanak.regions.models import Region

    call_command("migrate", verbosity=0)
    if operators <= 10:
        from tests.conftest import write_region_subset

        call_command(
            "load_regions",
            "--dir",
            str(write_region_subset(folder / "regions", ("64",))),
            verbosity=0,
        )
    elif all_regions:
        call_command("load_regions", verbosity=0)
    else:
        call_command("load_regions", "--dir", str(kab_kota_only(folder / "regions")), verbosity=0)
    call_command("load_instrument", "--shipped", verbosity=0)
    regions = list(Region.objects.filter(level="regency").order_by("code")[:operators])
    now = timezone.now()
    cycle = do_create_cycle(
        "2026",
        name_id="Beban uji",
        name_en="Load test",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={
            "evaluasi_mandiri": (now - timezone.timedelta(days=1), now + timezone.timedelta(days=7))
        },
        actor="benchmark",
    )
    do_add_participants(cycle, regions, actor="benchmark")
    if filled:
        fill_answers(cycle)
    clients = []
    for region in regions:
        user = do_create_user(
            email=f"operator-{region.code}@bench.invalid",
            full_name=f"Operator {region.name}",
            assignments=[AssignmentSpec(role="operator_daerah", region=region)],
            actor="benchmark",
            send_invitation=False,
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        clients.append(
            {"region": region.code, "session": session.session_key, "csrf": secrets.token_hex(16)}
        )
    from django.db import connections

    connections.close_all()
    return clients


def operator(
    port: int,
    client: dict[str, Any],
    saves: int,
    results: list[tuple[float, int]],
    lock: threading.Lock,
    start: threading.Event,
    think: float = 0.0,
) -> None:
    rng = random.Random(client["region"])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookies = f"sessionid={client['session']}; csrftoken={client['csrf']}; layakanak_lang=id"
    path = f"/evaluasi/2026/{client['region']}/jawaban/4.1/"
    version = 0
    start.wait()
    if think:  # operators do not start in step
        time.sleep(rng.uniform(0, think))
    for number in range(saves):
        denominator = rng.randint(5_000, 100_000)
        body = json.dumps(
            {"value": [str(rng.randint(0, denominator)), str(denominator)], "version": version}
        )
        began = time.perf_counter()
        status = 0
        for attempt in (1, 2):
            # A kept-alive connection may have been closed by the server while the operator was
            # thinking; a browser then simply opens a new one, and so do we (once).
            try:
                conn.request(
                    "POST",
                    path,
                    body=body,
                    headers={
                        "Content-Type": "application/json",
                        "Cookie": cookies,
                        "X-CSRFToken": client["csrf"],
                        "Host": "127.0.0.1",
                    },
                )
                response = conn.getresponse()
                payload = response.read()
                status = response.status
                if status == 200:
                    version = json.loads(payload)["version"]
                break
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                if attempt == 1:
                    began = time.perf_counter()
        elapsed = (time.perf_counter() - began) * 1000
        with lock:
            results.append((elapsed, status))
        if think and number < saves - 1:  # a person reads and answers the next question
            time.sleep(rng.expovariate(1 / think))
    conn.close()


def warm_up(port: int, client: dict[str, Any], saves: int) -> None:
    """Saves on question 4.2 (which no operator of the run touches), each on a new connection so
    that they reach every worker: the workers parse the instrument and fill their caches before
    the timed run, as a server that has been up for a while has."""
    version = 0
    for number in range(saves):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(
            "POST",
            f"/evaluasi/2026/{client['region']}/jawaban/4.2/",
            body=json.dumps({"value": "ac"[number % 2], "version": version}),
            headers={
                "Content-Type": "application/json",
                "Cookie": f"sessionid={client['session']}; csrftoken={client['csrf']}",
                "X-CSRFToken": client["csrf"],
                "Host": "127.0.0.1",
            },
        )
        response = conn.getresponse()
        payload = response.read()
        if response.status != 200:
            raise SystemExit(f"warm-up save answered {response.status}: {payload[:200]!r}")
        version = json.loads(payload)["version"]
        conn.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


_TICKS = os.sysconf("SC_CLK_TCK")


def _proc_stats() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds of the process and its waited-for children)."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        fields = text.rsplit(")", 1)[1].split()
        # utime, stime, cutime, cstime: fields 14-17 of proc(5), here 11-14 after the name
        stats[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / _TICKS)
    return stats


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by a process and every descendant (live or reaped)."""
    stats = _proc_stats()
    children: dict[int, list[int]] = {}
    for pid, (parent, _cpu) in stats.items():
        children.setdefault(parent, []).append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, (0, 0.0))[1]
        todo.extend(children.get(pid, []))
    return total


def machine_cpu() -> float:
    """Busy CPU seconds of the whole machine so far (every core, every process)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / _TICKS


def cpu_snapshot(server: int, postmaster: int | None) -> dict[str, float]:
    return {
        "load generator": time.process_time(),
        "gunicorn": tree_cpu(server),
        "PostgreSQL": tree_cpu(postmaster) if postmaster else 0.0,
        "machine": machine_cpu(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--operators", type=int)
    parser.add_argument("--saves", type=int, help="saves per operator")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds an operator takes between two saves (0: save again at once)",
    )
    parser.add_argument(
        "--empty",
        action="store_true",
        help="start from empty submissions (default: about 145 of 147 questions answered)",
    )
    parser.add_argument(
        "--all-regions",
        action="store_true",
        help="load every kecamatan and desa too (slower set-up; saves never read them)",
    )
    parser.add_argument(
        "--pgbench",
        type=int,
        default=0,
        metavar="SECONDS",
        help="first run pgbench's simple-update script this long on the cluster, for comparison",
    )
    args = parser.parse_args()
    operators = args.operators or (4 if args.smoke else 200)
    saves = args.saves or (3 if args.smoke else 10)
    folder = Path(tempfile.mkdtemp(prefix="layakanak-load-"))
    os.chmod(folder, 0o755)  # noqa: S103  (the postgres user must reach the cluster folder)
    (folder / "static").mkdir()
    env = {
        "LAYAKANAK_VAR_DIR": str(folder),
        "SECRET_KEY": "benchmark-secret-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DJANGO_SETTINGS_MODULE": "layakanak.settings",
        "DB_CONN_MAX_AGE": "600",
    }
    database = "SQLite"
    env["DATABASE_URL"] = ""  # the smoke run always uses its own SQLite file
    postgres = None
    if not args.smoke:
        postgres = Postgres(folder)
        env["DATABASE_URL"] = postgres.start()
        database = "PostgreSQL"
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    server = None
    cpu: dict[str, float] = {}
    server_ms: list[float] = []
    results: list[tuple[float, int]] = []
    pgbench = ""
    try:
        clients = prepare(operators, folder, all_regions=args.all_regions, filled=not args.empty)
        if postgres is not None and args.pgbench:
            pgbench = postgres.pgbench(args.pgbench)
        # Time spent inside gunicorn on each request (microseconds), to tell the server's
        # share of a save's latency from queueing in front of it.
        server, port = start_gunicorn(
            folder, workers=args.workers, threads=args.threads, access_format="%(m)s %(s)s %(D)s"
        )
        for _ in range(4 * args.workers):  # warm every worker before timing
            warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            warm.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            warm.getresponse().read()
            warm.close()
        warm_up(port, clients[0], 4 * args.workers)
        lock = threading.Lock()
        go = threading.Event()
        threads = [
            threading.Thread(target=operator, args=(port, c, saves, results, lock, go, args.think))
            for c in clients
        ]
        for thread in threads:
            thread.start()
        postmaster = postgres.pid() if postgres is not None else None
        before = cpu_snapshot(server.pid, postmaster)
        began = time.perf_counter()
        go.set()
        for thread in threads:
            thread.join(timeout=300)
        elapsed = time.perf_counter() - began
        after = cpu_snapshot(server.pid, postmaster)
        cpu = {name: after[name] - before[name] for name in after}
    finally:
        if server is not None:
            stop_process(server)
            server_ms = [
                int(line.split()[2]) / 1000
                for line in (folder / "access.log").read_text().splitlines()[-len(results) :]
                if line.startswith("POST ") and line.split()[1] == "200"
            ]
            errors_seen = (folder / "server.log").read_text(errors="replace").splitlines()
            if errors_seen:
                print("server log (last lines):", *errors_seen[-5:], sep="\n  ")
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)
    latencies = [ms for ms, status in results if status == 200]
    errors = sum(1 for _, status in results if status != 200)
    print(f"database            {database}")
    print(
        f"operators           {operators} (one thread each), {saves} saves each, "
        f"think time {args.think:g} s"
    )
    print(f"server              gunicorn, {args.workers} workers x {args.threads} threads")
    print(f"machine             {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    if pgbench:
        print(f"pgbench             simple-update, 8 clients: {pgbench}")
    print(f"saves               {len(results)} in {elapsed:.1f} s = {len(results) / elapsed:.0f}/s")
    print(f"errors              {errors}")
    if results and cpu:
        ours = sum(cpu[name] for name in ("load generator", "gunicorn", "PostgreSQL"))
        shares = ", ".join(
            f"{name} {1000 * cpu[name] / len(results):.1f}"
            for name in ("gunicorn", "PostgreSQL", "load generator")
        )
        print(f"CPU per save        {shares} ms")
        print(
            f"CPU used            {cpu['machine'] / elapsed:.2f} of {os.cpu_count()} cores busy "
            f"(other processes on the machine: {max(0.0, cpu['machine'] - ours) / elapsed:.2f})"
        )
    if latencies:
        print(f"latency p50         {statistics.median(latencies):.0f} ms")
        p95 = percentile(latencies, 0.95)
        print(f"latency p95         {p95:.0f} ms (target < {TARGET_P95_MS:.0f} ms)")
        print(f"latency p99         {percentile(latencies, 0.99):.0f} ms")
    if server_ms:
        print(
            f"inside gunicorn     p50 {statistics.median(server_ms):.0f} ms, "
            f"p95 {percentile(server_ms, 0.95):.0f} ms, p99 {percentile(server_ms, 0.99):.0f} ms"
        )
    return 0 if latencies and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
