"""Deadline day, the soak (issue 11): 500 regional operators logging in, saving answers and
uploading 1 MB evidence files for 10 minutes, with the server's memory sampled throughout.

    python benchmarks/bench_deadline_day.py                 # PostgreSQL, 500 operators, 10 min
    python benchmarks/bench_deadline_day.py --duration 120  # a shorter soak
    python benchmarks/bench_deadline_day.py --smoke         # SQLite, 4 operators, 5 s

Set-up (not timed): a throw-away PostgreSQL cluster (benchmarks/_pg.py; SQLite in smoke mode),
every province and kab/kota, the shipped instruments, cycle 2026 open for the first 500 kab/kota
with about 145 of 147 questions already answered (bench_answer_save.fill_answers), and one
operator daerah per region with a password (operators log in without two-factor). Then
gunicorn on a free loopback port, and PostgreSQL's own `pgbench` on the same cluster for 30 s
(a custom script: one single-row UPDATE of `evaluation_answer` by primary key, the write at the
heart of an answer save), so that the platform's save rate can be read as a share of what the
database alone does.

The load: one thread per operator, each behaving like the browser (plain HTTP/1.1 with cookies,
the same URLs, forms and JSON the pages and their scripts use):

- arrives at a random moment of the ramp (the first 2 minutes), opens the login page and posts
  the login form (CSRF token from the form, `next` = the workspace), then opens the workspace.
  This arrival is measured as its own phase: an argon2 password check costs ~0.35 s of CPU and
  100 MiB, so 500 logins take minutes on 2 cores; the soak starts once every operator is in
  (or --arrival-limit seconds after the ramp);
- then, for the soak (--duration), opens an indicator page (sometimes going back to the
  workspace first), reads the answer forms on it (code, type, version, hidden or not) and saves
  3–8 of its visible questions, one every 20–40 s (uniform think time: reading the question,
  finding the figure; `--think 5 15` is the capacity run of docs/performance.md), through the
  autosave JSON endpoint with the version it last saw, as `static/js/autosave.js`;
- about once every 5 minutes (exponential, first one at a uniform time in the first 5 minutes)
  uploads a 1 MB evidence file generated for that upload (a PDF wrapping a noise JPEG, or a JPEG,
  whichever the requirement accepts; unique bytes, so never a duplicate) to an evidence slot of
  an indicator page, through the resumable upload protocol of `static/js/evidence-upload.js`:
  start (JSON), 1 MiB chunks (PUT `?offset=N`), finish.

Every answer is checked against what the browser expects (302 for the login post, 200 for pages,
chunks and saves, 201 for upload start and finish); anything else, a time-out or a dropped
connection is an error, and a few are printed. The script reports the number, rate and
p50/p95/p99 of each request type (and the time gunicorn itself spent on it, from its access log),
the CPU per request of gunicorn, PostgreSQL and the load generator, the machine's load average,
and the resident memory of gunicorn (master and workers, from /proc, every 5 s) over the soak,
for the arrival and the soak separately. Results and their meaning: docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.client
import io
import itertools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from _pg import Postgres
from _server import start_gunicorn, stop_process
from bench_answer_save import cpu_snapshot, percentile, prepare

from layakanak.demo.files import pdf_from_objects  # no Django needed

ROOT = Path(__file__).resolve().parents[1]
TARGET_SAVE_P95_MS = 200.0
GRACE = 60.0  # seconds after the end of the soak for the answers still awaited
FLAT_SHARE = 0.05  # memory is "flat" when the fitted growth over the soak is under 5 %
PASSWORD = "tenggat-waktu-evaluasi-2026"  # noqa: S105  (throw-away database)
CYCLE = "2026"
# What the browser expects of each request; anything else is an error.
EXPECTED = {
    "login page": 200,
    "login post": 302,
    "workspace page": 200,
    "indicator page": 200,
    "answer save": 200,
    "upload start": 201,
    "upload chunk": 200,
    "upload finish": 201,
}


# --- Evidence files: real PDFs and JPEGs, unique bytes per upload ------------------------------


def noise_jpeg(rng: random.Random, size: int, side: int = 512) -> bytes:
    """A JPEG of about `size` bytes (a `side` x `side` noise photograph, padded to the size with
    comment segments), different every time."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3)).save(
        buffer, "JPEG", quality=85
    )
    jpeg = buffer.getvalue()
    missing = max(0, size - len(jpeg))
    segments = []
    while missing > 4:
        length = min(65533, missing - 4)  # a COM segment: FF FE, 2-byte length, bytes
        segments.append(b"\xff\xfe" + (length + 2).to_bytes(2, "big") + rng.randbytes(length))
        missing -= length + 4
    after_app0 = 4 + int.from_bytes(jpeg[4:6], "big")  # SOI, then the JFIF APP0 segment
    return jpeg[:after_app0] + b"".join(segments) + jpeg[after_app0:]


def scanned_pdf(rng: random.Random, size: int) -> bytes:
    """A one-page PDF showing a noise JPEG (as a scanner makes them), about `size` bytes."""
    image = noise_jpeg(rng, size - 900)
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 512 /Height 512 /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
        % len(image)
        + image
        + b"\nendstream",
    ]
    return pdf_from_objects(objects)


def evidence_file(rng: random.Random, accepted: tuple[str, ...], size: int) -> tuple[str, bytes]:
    if "pdf" in accepted and ("jpg" not in accepted or rng.random() < 0.7):
        return f"scan-{rng.randrange(10**6):06d}.pdf", scanned_pdf(rng, size)
    return f"foto-{rng.randrange(10**6):06d}.jpg", noise_jpeg(rng, size)


# --- Answers as the autosave script sends them ------------------------------------------------


def answer_json(question: Any, rng: random.Random) -> object:
    """A plausible new answer to `question` in the JSON shape autosave.js sends."""
    from layakanak.demo.synthetic import synthetic_answer
    from layakanak.scoring.model import QuestionType

    value = synthetic_answer(question, rng.random(), rng)
    kind = question.type
    if kind is QuestionType.PERCENTAGE:
        numerator, denominator = value  # type: ignore[misc]
        return [str(numerator), str(denominator)]
    if kind in (QuestionType.COUNT, QuestionType.NUMBER):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- Recording ----------------------------------------------------------------------------------


@dataclass
class Record:
    began: float  # seconds since the soak started
    kind: str
    ms: float
    status: int


@dataclass
class Results:
    started: float = 0.0
    records: list[Record] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    logged_in: list[float] = field(default_factory=list)  # when each operator saw the workspace
    soak_started: float = 0.0
    soak_ended: float = 0.0
    waiting: int = 0  # operators still waiting for an answer a minute after the end
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrive: threading.Event = field(default_factory=threading.Event)  # the arrival begins
    soak: threading.Event = field(default_factory=threading.Event)  # the soak begins
    all_arrived: threading.Event = field(default_factory=threading.Event)
    expected: int = 0
    tried: int = 0

    def arrived(self) -> None:
        """One more operator has logged in, or failed to."""
        with self.lock:
            self.tried += 1
            if self.tried >= self.expected:
                self.all_arrived.set()

    def add(self, began: float, kind: str, ms: float, status: int, detail: str = "") -> None:
        with self.lock:
            self.records.append(Record(began - self.started, kind, ms, status))
            if status != EXPECTED[kind]:
                self.errors.append(f"{kind}: {status or 'no answer'} {detail}"[:300])


TIMEOUT = 120.0  # seconds without an answer before a request counts as failed
_CLOSED = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Browser:
    """One operator's browser: cookies, a kept-alive connection, CSRF header for scripts."""

    def __init__(self, port: int, results: Results, idle_reuse: float = 1.0) -> None:
        self.port = port
        self.results = results
        self.cookies: dict[str, str] = {"layakanak_lang": "id"}
        self.conn: http.client.HTTPConnection | None = None
        self.last_used = 0.0
        self.idle_reuse = idle_reuse  # gunicorn closes kept-alive connections after 2 s

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        if self.conn is not None and time.monotonic() - self.last_used < self.idle_reuse:
            return self.conn, True
        if self.conn is not None:
            self.conn.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        return self.conn, False

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        body: bytes | None = None,
        content_type: str | None = None,
        script: bool = False,
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if content_type:
            headers["Content-Type"] = content_type
        if script:  # fetch() from the page's scripts
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Accept"] = "application/json"
        began = time.perf_counter()
        status, answer_headers, payload, detail = 0, {}, b"", ""
        for attempt in (1, 2):
            conn, reused = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                status = response.status
                answer_headers = {k.lower(): v for k, v in response.getheaders()}
                for cookie in response.msg.get_all("Set-Cookie") or []:
                    name, _, rest = cookie.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
                break
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                self.conn = None
                detail = f"{type(exc).__name__}: {exc}"
                # A kept-alive connection the server closed just now: a browser opens a new one
                # and sends the request again; so do we, once, without counting the lost time.
                # A time-out (no answer within TIMEOUT seconds) is an error, never sent again.
                closed = isinstance(exc, _CLOSED) and not isinstance(exc, TimeoutError)
                if not (closed and reused and attempt == 1):
                    break
                began = time.perf_counter()
        self.last_used = time.monotonic()
        ms = (time.perf_counter() - began) * 1000
        if status and status != EXPECTED[kind]:
            detail = f"{method} {path} {payload[:160]!r}"
        self.results.add(began, kind, ms, status, detail)
        return status, answer_headers, payload

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_ANSWER_ITEM = re.compile(r'<li class="answer-item" id="q-[^"]*" data-code="([^"]+)"([^>]*)>')
_ANSWER_FORM = re.compile(
    r'<form class="answer-form" method="post" action="([^"]+)" data-code="([^"]+)" '
    r'data-type="[^"]+" data-version="(\d+)">'
)
_SLOT = re.compile(
    r'data-start-url="([^"]+)"\s+data-question="([^"]+)"\s+data-requirement="([^"]+)"'
)


@dataclass
class Plan:
    """What every operator does; the defaults are the deadline-day scenario."""

    duration: float
    ramp: float
    think: tuple[float, float]
    saves_per_page: tuple[int, int]
    upload_every: float
    upload_bytes: tuple[int, int]
    # Smoke runs: every operator saves and uploads at least once, however slow the login was.
    at_least_once: bool = False


def operator(
    port: int,
    region: str,
    plan: Plan,
    questions: dict[str, Any],
    accepted: dict[tuple[str, str], tuple[str, ...]],
    evidence_pages: list[str],
    results: Results,
) -> None:
    rng = random.Random(region)
    browser = Browser(port, results)
    workspace = f"/evaluasi/{CYCLE}/{region}/"
    results.arrive.wait()
    try:
        time.sleep(rng.uniform(0, plan.ramp))
        indicators = log_in(browser, region, workspace)
    finally:
        results.arrived()
    if indicators:
        results.soak.wait()
        work(browser, rng, plan, workspace, indicators, questions, accepted, evidence_pages)
    browser.close()


def log_in(browser: Browser, region: str, workspace: str) -> list[str]:
    """The login form, then the workspace; the indicator pages linked from it (none: failed)."""
    results = browser.results
    login = "/masuk/?" + urllib.parse.urlencode({"next": workspace})
    status, _headers, page = browser.request("login page", "GET", login)
    match = _CSRF_INPUT.search(page.decode("utf-8", "replace"))
    if status != 200 or not match:
        return []
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": match.group(1),
            "email": f"operator-{region}@bench.invalid",
            "password": PASSWORD,
        }
    ).encode()
    status, headers, _page = browser.request(
        "login post", "POST", login, form, "application/x-www-form-urlencoded"
    )
    if status != 302 or urllib.parse.urlsplit(headers.get("location", "")).path != workspace:
        if status == 302:
            results.add(time.perf_counter(), "login post", 0.0, 0, "redirected elsewhere")
        return []
    status, _headers, page = browser.request("workspace page", "GET", workspace)
    indicators = sorted(
        set(re.findall(rf'href="({re.escape(workspace)}indikator/[^"/]+/)"', page.decode()))
    )
    if status != 200 or not indicators:
        return []
    with results.lock:
        results.logged_in.append(time.perf_counter() - results.started)
    return indicators


def work(
    browser: Browser,
    rng: random.Random,
    plan: Plan,
    workspace: str,
    indicators: list[str],
    questions: dict[str, Any],
    accepted: dict[tuple[str, str], tuple[str, ...]],
    evidence_pages: list[str],
) -> None:
    """Answer questions page after page, and upload a file now and then, until the end."""
    end = browser.results.soak_started + plan.duration
    done = {"answer save": 0, "upload": 0}

    def going() -> bool:
        if time.perf_counter() < end:
            return True
        return plan.at_least_once and not all(done.values())

    def think() -> bool:
        """Wait as a person does between two actions; False once the soak is over."""
        pause = rng.uniform(*plan.think)
        if time.perf_counter() + pause >= end and not (plan.at_least_once and going()):
            time.sleep(max(0.0, end - time.perf_counter()))
            return False
        time.sleep(pause)
        return True

    time.sleep(rng.uniform(0, plan.think[1]))  # the operators do not all start at once
    next_upload = time.perf_counter() + rng.uniform(0, plan.upload_every)
    while going():
        upload_due = time.perf_counter() >= next_upload or (
            plan.at_least_once and not done["upload"] and time.perf_counter() >= end
        )
        if upload_due:
            url = f"{workspace}indikator/{rng.choice(evidence_pages)}/"
        else:
            if rng.random() < 0.3:
                browser.request("workspace page", "GET", workspace)
            url = rng.choice(indicators)
        status, _headers, raw = browser.request("indicator page", "GET", url)
        if status != 200:
            if not think():
                break
            continue
        page_text = raw.decode("utf-8", "replace")
        hidden = {code for code, rest in _ANSWER_ITEM.findall(page_text) if " hidden" in rest}
        forms = {
            code: (action, int(version))
            for action, code, version in _ANSWER_FORM.findall(page_text)
        }
        # the slots that take a PDF or a JPEG (a few take only XLSX)
        slots = [slot for slot in _SLOT.findall(page_text) if slot[1:] in accepted]
        if upload_due and slots:
            if not think():  # finding the scan on the computer
                break
            start_url, question, requirement = rng.choice(slots)
            upload(browser, rng, plan, start_url, question, requirement, accepted)
            done["upload"] += 1
            next_upload = time.perf_counter() + rng.expovariate(1 / plan.upload_every)
        for _ in range(rng.randint(*plan.saves_per_page)):
            visible = [code for code in forms if code not in hidden and code in questions]
            if not visible or not think():
                break
            code = rng.choice(visible)
            action, version = forms[code]
            body = json.dumps({"value": answer_json(questions[code], rng), "version": version})
            status, _headers, raw = browser.request(
                "answer save", "POST", action, body.encode(), "application/json", script=True
            )
            done["answer save"] += 1
            if status == 200:
                saved = json.loads(raw)
                forms[code] = (action, int(saved["version"]))
                hidden = {c for c in hidden if not saved["visible"].get(c, False)} | {
                    c for c, shown in saved["visible"].items() if not shown
                }
            elif status == 409:  # another tab saved it first: the page shows theirs
                current = json.loads(raw).get("current", {})
                forms[code] = (action, int(current.get("version", version)))
        if not think():
            break


def upload(
    browser: Browser,
    rng: random.Random,
    plan: Plan,
    start_url: str,
    question: str,
    requirement: str,
    accepted: dict[tuple[str, str], tuple[str, ...]],
) -> None:
    """One evidence file through start → chunks → finish, as evidence-upload.js sends it."""
    name, data = evidence_file(
        rng, accepted[question, requirement], rng.randint(*plan.upload_bytes)
    )
    body = json.dumps(
        {"question": question, "requirement": requirement, "name": name, "size": len(data)}
    ).encode()
    status, _headers, raw = browser.request(
        "upload start", "POST", start_url, body, "application/json", script=True
    )
    if status != 201:
        return
    state = json.loads(raw)
    received = int(state["received"])
    while received < len(data):
        end = min(received + int(state["chunk_size"]), len(data))
        status, _headers, raw = browser.request(
            "upload chunk",
            "PUT",
            f"{state['chunk_url']}?offset={received}",
            data[received:end],
            "application/octet-stream",
            script=True,
        )
        if status != 200:
            return
        received = int(json.loads(raw)["received"])
    browser.request("upload finish", "POST", state["finish_url"], b"", None, script=True)


# --- The server: start, memory, access log ----------------------------------------------------


def tree(root: int) -> list[int]:
    """The process and its children (gunicorn's master and workers)."""
    pids = [root]
    try:
        children = Path(f"/proc/{root}/task/{root}/children").read_text().split()
    except OSError:
        return pids
    return pids + [int(pid) for pid in children]


def memory_kb(pids: list[int]) -> tuple[int, int]:
    """Sum of VmRSS and of Pss (shared pages counted once) of the processes, in KiB."""
    rss = pss = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            rss += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            pss += int(re.search(r"Pss:\s+(\d+)", rollup).group(1))  # type: ignore[union-attr]
        except (OSError, AttributeError):
            continue
    return rss, pss


def sample_memory(
    server: int, every: float, stop: threading.Event, out: list[tuple[float, int, int, int, float]]
) -> None:
    """(seconds since start, RSS KiB, PSS KiB, processes, load average) every `every` s."""
    began = time.perf_counter()
    while True:
        pids = tree(server)
        rss, pss = memory_kb(pids)
        out.append((time.perf_counter() - began, rss, pss, len(pids), os.getloadavg()[0]))
        if stop.wait(every):
            pids = tree(server)
            rss, pss = memory_kb(pids)
            out.append((time.perf_counter() - began, rss, pss, len(pids), os.getloadavg()[0]))
            return


def slope_per_minute(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value), per minute."""
    if len(points) < 2:
        return 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return (
        60 * sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread
        if spread
        else 0.0
    )


def kind_of(method: str, path: str) -> str | None:
    if path.startswith("/masuk/"):
        return "login page" if method == "GET" else "login post"
    if "/jawaban/" in path:
        return "answer save"
    if "/berkas/unggah/" in path:
        if path.endswith("/selesai/"):
            return "upload finish"
        return "upload start" if path.endswith("/berkas/unggah/") else "upload chunk"
    if "/indikator/" in path:
        return "indicator page"
    if re.fullmatch(r"/evaluasi/[^/]+/[^/]+/", path):
        return "workspace page"
    return None


def warm(port: int, workers: int) -> None:
    """A few page views on new connections, so that every worker has imported its templates."""
    for _ in range(4 * workers):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/masuk/", headers={"Host": "127.0.0.1"})
        conn.getresponse().read()
        conn.close()


# --- Set-up ----------------------------------------------------------------------------------


def instrument_tables() -> tuple[dict[str, Any], dict[tuple[str, str], tuple[str, ...]], list[str]]:
    """The questions by code, the accepted file types of each evidence requirement that takes a
    PDF or a JPEG, and the indicators (numbers) with at least one such requirement."""
    from layakanak.evaluation.models import Cycle
    from layakanak.instruments.queries import instrument_of

    instrument = instrument_of(
        Cycle.objects.select_related("instrument").get(slug=CYCLE).instrument
    )
    questions = {q.code: q for q in instrument.questions}
    accepted = {
        (q.code, e.code): tuple(e.file_types)
        for q in instrument.questions
        for e in q.evidence
        if {"pdf", "jpg"} & set(e.file_types)
    }
    pages = sorted({instrument.indicator_of(q).number for q, _e in accepted})
    return questions, accepted, pages


def set_passwords(operators: int) -> None:
    """Every operator gets the same password, hashed once (argon2 takes ~0.1 s per hash)."""
    from django.contrib.auth.hashers import make_password

    from layakanak.accounts.models import User

    User.objects.filter(email__endswith="@bench.invalid").update(password=make_password(PASSWORD))


def answer_id_range() -> tuple[int, int]:
    from django.db.models import Max, Min

    from layakanak.evaluation.models import Answer

    span = Answer.objects.aggregate(low=Min("id"), high=Max("id"))
    return int(span["low"]), int(span["high"])


# --- Report ----------------------------------------------------------------------------------


def ms(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def latency_row(kind: str, rows: list[Record], elapsed: float, inside: list[float]) -> str:
    good = [r.ms for r in rows if r.status == EXPECTED[kind]]
    bad = len(rows) - len(good)
    cells = [f"{kind:<16}", f"{len(rows):>7}", f"{len(rows) / elapsed:>7.2f}"]
    if good:
        cells += [f"{ms(v):>8}" for v in (statistics.median(good), percentile(good, 0.95))]
        cells += [f"{ms(v):>8}" for v in (percentile(good, 0.99), max(good))]
    else:
        cells += [f"{'-':>8}"] * 4
    cells.append(f"{bad:>6}")
    if inside:
        cells.append(f"  {ms(statistics.median(inside))} / {ms(percentile(inside, 0.95))}")
    return " ".join(cells)


def table(
    records: list[Record], seconds: float, inside: dict[str, list[float]], kinds: tuple[str, ...]
) -> int:
    """Print one line per request type; returns the number of unexpected answers."""
    header = ["request".ljust(16), f"{'count':>7}", f"{'per s':>7}"]
    header += [f"{name:>8}" for name in ("p50", "p95", "p99", "max")]
    print(" ".join([*header, "errors", "  in gunicorn p50 / p95"]))
    errors = 0
    for kind in kinds:
        rows = [r for r in records if r.kind == kind]
        if rows:
            errors += sum(1 for r in rows if r.status != EXPECTED[kind])
            print(latency_row(kind, rows, seconds, inside.get(kind, [])))
    print(f"{'all':<16} {len(records):>7} {len(records) / seconds:>7.2f}")
    return errors


def cpu_lines(cpu: dict[str, float], requests: int, seconds: float, per: str) -> None:
    names = ("gunicorn", "PostgreSQL", "load generator")
    if requests:
        print(
            f"CPU per {per:<11} "
            + ", ".join(f"{name} {1000 * cpu[name] / requests:.1f} ms" for name in names)
        )
    other = max(0.0, cpu["machine"] - sum(cpu[name] for name in names))
    print(
        f"CPU used            {cpu['machine'] / seconds:.2f} of {os.cpu_count()} cores busy: "
        + ", ".join(f"{name} {cpu[name] / seconds:.2f}" for name in names)
        + f", other processes {other / seconds:.2f}"
    )


def report(
    args: argparse.Namespace,
    plan: Plan,
    results: Results,
    server_ms: tuple[dict[str, list[float]], dict[str, list[float]]],
    memory: list[tuple[float, int, int, int, float]],
    cpu: list[dict[str, float]],
    pgbench: dict[str, float] | None,
    versions: dict[str, str],
) -> int:
    offset = results.soak_started - results.started  # the soak, in seconds since the arrival
    soak_seconds = max(1.0, results.soak_ended - results.soak_started)
    arrival = [r for r in results.records if r.began < offset]
    soak = [r for r in results.records if r.began >= offset]
    print("Deadline day: the soak")
    print(f"database            {versions['database']}")
    print(
        f"server              gunicorn {versions['gunicorn']}, {args.workers} workers x "
        f"{args.threads} threads (gthread, --preload)"
    )
    print(
        f"operators           {args.operators} (one thread each); think {plan.think[0]:g}-"
        f"{plan.think[1]:g} s; {plan.saves_per_page[0]}-{plan.saves_per_page[1]} saves per "
        f"indicator page; an upload every ~{plan.upload_every:g} s per operator "
        f"({plan.upload_bytes[0] / 1e6:.2f}-{plan.upload_bytes[1] / 1e6:.2f} MB)"
    )
    print(f"machine             {os.cpu_count()} CPUs")
    if pgbench:
        print(
            "pgbench             single-row UPDATE of evaluation_answer by primary key, "
            f"{args.pgbench_clients} clients, {args.pgbench:g} s: {pgbench['tps']:.0f} tps, "
            f"latency average {pgbench['latency_ms']:.2f} ms, {pgbench['failed']:.0f} failed"
        )
    print()
    logins = len(results.logged_in)
    print(
        f"Arrival: {args.operators} operators logging in over {plan.ramp:g} s; {logins} logged "
        f"in, the last {max(results.logged_in, default=0):.0f} s after the first"
    )
    errors = table(arrival, max(1.0, offset), server_ms[0], tuple(EXPECTED)[:3])
    if cpu:
        cpu_lines(cpu[0], logins, max(1.0, offset), "arrival")
    arrival_memory = [m for m in memory if m[0] < offset]
    if arrival_memory:
        print(
            f"server memory       RSS start {arrival_memory[0][1] / 1024:.0f} MB, max "
            f"{max(m[1] for m in arrival_memory) / 1024:.0f} MB; load average max "
            f"{max(m[4] for m in arrival_memory):.2f}"
        )
    print()
    print(f"Soak: {soak_seconds:.0f} s, every operator who logged in working")
    errors += table(soak, soak_seconds, server_ms[1], tuple(EXPECTED))
    errors += results.waiting
    print()
    print(
        f"errors              {errors}"
        + (
            f" ({results.waiting} answers still awaited {GRACE:.0f} s after the end)"
            if results.waiting
            else ""
        )
    )
    for line in results.errors[:8]:
        print(f"  {line}")
    uploaded = sum(1 for r in soak if r.kind == "upload finish" and r.status == 201)
    print(f"files uploaded      {uploaded} ({uploaded / soak_seconds * 60:.1f} per minute)")
    saves = [r for r in soak if r.kind == "answer save"]
    save_ok = [r.ms for r in saves if r.status == 200]
    if saves:
        print(f"answer saves        {len(saves) / soak_seconds:.1f}/s")
        if pgbench and pgbench["tps"] > 0:
            share = 100 * len(saves) / soak_seconds / pgbench["tps"]
            print(f"                    = {share:.1f} % of pgbench's single-row update rate")
    if len(cpu) > 1:
        cpu_lines(cpu[1], len(soak), soak_seconds, "request")
    flat = True
    samples = [m for m in memory if m[0] >= offset] or memory
    if samples:
        rss = [(t - offset, kb / 1024) for t, kb, _pss, _n, _load in samples]
        pss = [(t - offset, kb / 1024) for t, _rss, kb, _n, _load in samples]
        loads = [m[4] for m in samples]
        print(
            f"load average        start {loads[0]:.2f}, middle {loads[len(loads) // 2]:.2f}, "
            f"end {loads[-1]:.2f}, max {max(loads):.2f}"
        )
        print(
            f"server memory       RSS of master + workers ({samples[-1][3]} processes), every "
            f"{args.sample:g} s: start {rss[0][1]:.0f} MB, middle {rss[len(rss) // 2][1]:.0f} MB, "
            f"end {rss[-1][1]:.0f} MB, max {max(v for _t, v in rss):.0f} MB"
        )
        print(
            f"                    PSS (shared pages counted once): start {pss[0][1]:.0f} MB, "
            f"end {pss[-1][1]:.0f} MB, max {max(v for _t, v in pss):.0f} MB"
        )
        whole = slope_per_minute(rss)
        second = slope_per_minute(rss[len(rss) // 2 :])
        mean = statistics.fmean(v for _t, v in rss)
        growth = second * (plan.duration / 60) / mean if mean else 0.0
        flat = abs(growth) < FLAT_SHARE
        print(
            f"memory slope        {whole:+.2f} MB/min over the soak, {second:+.2f} MB/min over "
            f"its second half ({100 * growth:+.1f} % of the mean over {plan.duration / 60:g} "
            f"min): {'flat' if flat else 'NOT flat'}"
        )
        step = max(1, len(rss) // 12)
        series = [f"{t:.0f} s {v:.0f}" for t, v in rss[::step]]
        print(f"memory over time    {', '.join(series)}, {rss[-1][0]:.0f} s {rss[-1][1]:.0f} MB")
    print()
    p95 = percentile(save_ok, 0.95) if save_ok else float("inf")
    verdicts = [
        f"answer save p95 {ms(p95)} (< {TARGET_SAVE_P95_MS:.0f} ms: "
        f"{'met' if p95 < TARGET_SAVE_P95_MS else 'missed'})",
        f"errors {errors} (zero: {'met' if errors == 0 else 'missed'})",
        f"memory {'flat: met' if flat else 'not flat: missed'}",
    ]
    print(f"targets             {'; '.join(verdicts)}")
    return 0 if save_ok and errors == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="SQLite, 4 operators, 5 s")
    parser.add_argument("--operators", type=int, help="default 500 (smoke: 4)")
    parser.add_argument("--duration", type=float, help="seconds of load (default 600; smoke: 5)")
    parser.add_argument(
        "--ramp", type=float, help="operators arrive over this many seconds (default 120)"
    )
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        metavar=("MIN", "MAX"),
        help="seconds between two actions (default 20 40)",
    )
    parser.add_argument(
        "--upload-every",
        type=float,
        help="mean seconds between two uploads of an operator (default 300)",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--sample", type=float, help="seconds between two memory samples (default 5)"
    )
    parser.add_argument(
        "--pgbench",
        type=float,
        default=30,
        metavar="SECONDS",
        help="pgbench run before the soak (0: none)",
    )
    parser.add_argument("--pgbench-clients", type=int, default=4)
    parser.add_argument(
        "--arrival-limit",
        type=float,
        default=900,
        help="seconds after the ramp to wait for the last logins before the soak starts",
    )
    args = parser.parse_args()
    smoke = args.smoke
    args.operators = args.operators or (4 if smoke else 500)
    args.sample = args.sample or (1.0 if smoke else 5.0)
    if smoke:
        args.workers, args.threads = min(args.workers, 2), min(args.threads, 4)
    plan = Plan(
        duration=args.duration or (5.0 if smoke else 600.0),
        ramp=args.ramp if args.ramp is not None else (0.5 if smoke else 120.0),
        think=tuple(args.think) if args.think else ((0.1, 0.4) if smoke else (20.0, 40.0)),  # type: ignore[arg-type]
        saves_per_page=(3, 8),
        upload_every=args.upload_every or (1.5 if smoke else 300.0),
        upload_bytes=(950_000, 1_100_000),
        at_least_once=smoke,
    )
    folder = Path(tempfile.mkdtemp(prefix="layakanak-soak-"))
    os.chmod(folder, 0o755)  # noqa: S103  (the postgres user must reach the cluster folder)
    (folder / "static").mkdir()
    env = {
        "LAYAKANAK_VAR_DIR": str(folder),
        "MEDIA_ROOT": str(folder / "media"),
        "SECRET_KEY": "benchmark-secret-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(folder / "static"),
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DJANGO_SETTINGS_MODULE": "layakanak.settings",
        "DB_CONN_MAX_AGE": "600",
        "DATABASE_URL": "",  # SQLite for the smoke run
    }
    postgres = None
    versions = {"database": "SQLite (smoke run)"}
    if not smoke:
        postgres = Postgres(folder)
        env["DATABASE_URL"] = postgres.start()
        version = subprocess.run(
            [str(postgres.bin / "postgres"), "--version"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        versions["database"] = f"{version} (throw-away cluster, default settings, fsync on)"
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import gunicorn

    versions["gunicorn"] = gunicorn.__version__
    server = None
    results = Results()
    memory: list[tuple[float, int, int, int, float]] = []
    server_ms: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {})
    cpu: list[dict[str, float]] = []  # arrival, soak
    pgbench = None
    stop = threading.Event()
    access_lines = warm_lines = 0
    try:
        started = time.monotonic()
        clients = prepare(args.operators, folder)
        set_passwords(args.operators)
        questions, accepted, evidence_pages = instrument_tables()
        if postgres is not None and args.pgbench > 0:
            low, high = answer_id_range()
            pgbench = postgres.pgbench_script(
                f"\\set id random({low}, {high})\n"
                "UPDATE evaluation_answer SET version = version + 1, answered_at = now() "
                "WHERE id = :id;\n",
                int(args.pgbench),
                clients=args.pgbench_clients,
            )
        from django.db import connections

        connections.close_all()
        print(f"set-up              {time.monotonic() - started:.0f} s", flush=True)
        server, port = start_gunicorn(
            folder,
            workers=args.workers,
            threads=args.threads,
            access_format="%(m)s %(U)s %(s)s %(D)s",
        )
        warm(port, args.workers)
        results.expected = len(clients)
        threads = [
            threading.Thread(
                target=operator,
                args=(port, c["region"], plan, questions, accepted, evidence_pages, results),
                daemon=True,
            )
            for c in clients
        ]
        for thread in threads:
            thread.start()
        sampler = threading.Thread(
            target=sample_memory, args=(server.pid, args.sample, stop, memory), daemon=True
        )
        postmaster = postgres.pid() if postgres is not None else None
        snapshots = [cpu_snapshot(server.pid, postmaster)]
        warm_lines = len((folder / "access.log").read_text().splitlines())
        results.started = time.perf_counter()
        sampler.start()
        # Arrival: every operator logs in (during the ramp); the soak starts once all have,
        # or after --arrival-limit seconds with those who have.
        results.arrive.set()
        results.all_arrived.wait(timeout=plan.ramp + args.arrival_limit)
        snapshots.append(cpu_snapshot(server.pid, postmaster))
        access_lines = len((folder / "access.log").read_text().splitlines())
        results.soak_started = time.perf_counter()
        results.soak.set()
        # Operators stop at the end of the soak; an answer still awaited a minute later is
        # reported (and counted as an error).
        deadline = results.soak_started + plan.duration + GRACE
        for thread in threads:
            thread.join(timeout=max(0.0, deadline - time.perf_counter()))
        results.waiting = sum(1 for thread in threads if thread.is_alive())
        results.soak_ended = time.perf_counter()
        snapshots.append(cpu_snapshot(server.pid, postmaster))
        stop.set()
        sampler.join()
        for first, second in itertools.pairwise(snapshots):
            cpu.append({name: second[name] - first[name] for name in second})
    finally:
        if server is not None:
            stop_process(server)
            lines = (folder / "access.log").read_text().splitlines()
            phases = (lines[warm_lines:access_lines], lines[access_lines:])
            for phase, part in enumerate(phases):
                for line in part:
                    fields = line.split()
                    kind = kind_of(fields[0], fields[1]) if len(fields) == 4 else None
                    if kind and fields[2] == str(EXPECTED[kind]):
                        server_ms[phase].setdefault(kind, []).append(int(fields[3]) / 1000)
            logged = (folder / "server.log").read_text(errors="replace").splitlines()
            if logged:
                print("server log (last lines):", *logged[-8:], sep="\n  ")
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)
    stop.set()
    return report(args, plan, results, server_ms, memory, cpu, pgbench, versions)


if __name__ == "__main__":
    sys.exit(main())
