"""Whole-cycle scoring with database reads and writes, on SQLite and PostgreSQL (issue 11).

    python benchmarks/bench_cycle_scoring.py              # 514 kab/kota, complete answers
    python benchmarks/bench_cycle_scoring.py --smoke      # the test subset, one run each
    python benchmarks/bench_cycle_scoring.py --profile    # also cProfile one scoring run
    python benchmarks/bench_cycle_scoring.py --engine     # the second version, full engine
    python benchmarks/bench_cycle_scoring.py --before     # the first version, for comparison

For each database the script builds a throw-away installation in a child process (SQLite in a
temporary file; PostgreSQL 15 in a temporary cluster started with initdb/pg_ctl, the code of
bench_answer_save.py): every province and kab/kota, the shipped kla-2023 instrument, cycle 2026
with every kab/kota taking part and complete synthetic answers (every visible question; written
in bulk, not timed). Then, best of a few runs each:

- `do_score_cycle` exactly as `layakanak score --cycle 2026` runs it: read every answer of the
  cycle in one query (the stored JSON texts of each submission concatenated by the database),
  score with the totals-only path (`scoring.totals`, reading the JSON texts), write each
  submission's live total, band and time with one batched `executemany` in one transaction,
  one audit event;
- a plain SQL aggregate that reads every answer row of the cycle once (count and total length of
  the stored values per submission), the floor any whole-cycle computation in the database has.

Targets (issue 11): under 3 s on both databases, within 3x of the aggregate. The stored totals
and bands of every submission are checked against the full engine's score (`engine.score` of the
answers as the submission page reads them).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import os
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
TARGET_SECONDS, TARGET_RATIO = 3.0, 3.0
DATABASES = ("sqlite", "postgresql")


# -- the child: one database ------------------------------------------------------------------


def install(database: str, folder: Path, smoke: bool) -> Any:
    """Environment, database, regions, instrument and cycle 2026 with every kab/kota."""
    sys.path[:0] = [str(ROOT), str(BENCH)]
    from bench_answer_save import Postgres, kab_kota_only

    os.environ.update(
        {
            "LAYAKANAK_VAR_DIR": str(folder),
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(folder / "static"),
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "SECRET_KEY": "benchmark-secret-key",
            "DJANGO_SETTINGS_MODULE": "layakanak.settings",
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": "",
        }
    )
    (folder / "static").mkdir(parents=True, exist_ok=True)
    postgres = None
    if database == "postgresql":
        cluster = folder / "pg"
        cluster.mkdir()
        os.chmod(folder, 0o755)  # noqa: S103 (the postgres user must reach the cluster folder)
        postgres = Postgres(cluster)
        os.environ["DATABASE_URL"] = postgres.start()

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
    from layakanak.instruments.models import InstrumentVersion
    from layakanak.regions.models import Region

    call_command("migrate", verbosity=0)
    if smoke:
        from tests.conftest import write_region_subset

        regions_dir = write_region_subset(folder / "regions")
    else:
        regions_dir = kab_kota_only(folder / "regions")
    call_command("load_regions", "--dir", str(regions_dir), verbosity=0, stdout=io.StringIO())
    call_command("load_instrument", "--shipped", verbosity=0, stdout=io.StringIO())
    now = timezone.now()
    day = timezone.timedelta(days=1)
    cycle = do_create_cycle(
        "2026",
        name_id="Evaluasi KLA 2026",
        name_en="KLA evaluation 2026",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={"evaluasi_mandiri": (now - 30 * day, now + day)},
        actor="benchmark",
    )
    kabkota = Region.objects.filter(level="regency", retired_on__isnull=True)
    do_add_participants(cycle, kabkota, actor="benchmark")
    return cycle, postgres


def fill_complete_answers(cycle: Any) -> int:
    """Every visible question of every submission answered (synthetic answers of regions of
    varied strength), stored as the save action stores them, written in bulk."""
    from django.db import connection
    from django.utils import timezone

    from layakanak.demo.synthetic import synthetic_answers
    from layakanak.evaluation import queries, values
    from layakanak.evaluation.models import Answer, Submission
    from layakanak.instruments.queries import instrument_of
    from layakanak.scoring.answers import validate_answer

    instrument = instrument_of(cycle.instrument)
    ids = queries.question_ids(cycle.instrument)
    now = timezone.now()
    rows = []
    submissions = list(Submission.objects.filter(cycle=cycle).order_by("region__code"))
    for number, submission in enumerate(submissions):
        rng = random.Random(number)
        answers = synthetic_answers(instrument, rng.uniform(0.2, 1.0), rng)
        for code, raw in answers.items():
            value = values.to_json(validate_answer(instrument.question(code), raw))
            rows.append(
                Answer(submission=submission, question_id=ids[code], value=value, answered_at=now)
            )
        submission.answered_count = len(answers)
        submission.status = "submitted"
    Answer.objects.bulk_create(rows, batch_size=2000)
    Submission.objects.bulk_update(submissions, ["answered_count", "status"], batch_size=500)
    with connection.cursor() as cursor:  # statistics, as a database that has been running has
        cursor.execute("ANALYZE")
    return len(rows)


def aggregate(cycle: Any) -> Callable[[], object]:
    """A plain SQL aggregate reading every answer row of the cycle once."""
    from django.db import connection

    value = "a.value::text" if connection.vendor == "postgresql" else "a.value"
    sql = (
        f"SELECT a.submission_id, count(*), sum(length({value})) "  # noqa: S608
        "FROM evaluation_answer a JOIN evaluation_submission s ON s.id = a.submission_id "
        "WHERE s.cycle_id = %s AND a.value IS NOT NULL GROUP BY a.submission_id"
    )

    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, [cycle.pk])
            return cursor.fetchall()

    return run


def per_row_reader(cycle: Any) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """The first version's reader: every answer row through the ORM (one JSON value decoded per
    row in Python), grouped by submission. Kept here to measure the change (--before)."""
    from layakanak.evaluation.models import Answer

    rows = (
        Answer.objects.filter(submission__cycle=cycle, value__isnull=False)
        .order_by("submission_id")
        .values_list("submission_id", "question_id", "value")
        .iterator(chunk_size=2000)
    )
    for submission_id, group in itertools.groupby(rows, key=itemgetter(0)):
        stored = {str(question_id): value for _, question_id, value in group}
        yield submission_id, len(stored), stored


def json_object_reader(cycle: Any) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """The second version's reader (--engine): the database builds one JSON object per
    submission (`json_group_object` / `jsonb_object_agg`), Python decodes it."""
    from django.db import connection

    if connection.vendor == "postgresql":
        aggregate = "jsonb_object_agg(a.question_id, a.value)"
    else:
        aggregate = "json_group_object(CAST(a.question_id AS TEXT), json(a.value))"
    sql = (
        f"SELECT a.submission_id, count(*), {aggregate} "  # noqa: S608
        "FROM evaluation_answer a JOIN evaluation_submission s ON s.id = a.submission_id "
        "WHERE s.cycle_id = %s AND a.value IS NOT NULL GROUP BY a.submission_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [cycle.pk])
        while rows := cursor.fetchmany(100):
            for submission_id, count, document in rows:
                values = json.loads(document) if isinstance(document, str | bytes) else document
                yield submission_id, count, values


def bulk_update_writer(scores: list[Any], now: Any) -> None:
    """The first version's writer: `bulk_update` in batches of 500 (--before)."""
    from layakanak.evaluation.cycle_scoring import LIVE_FIELDS
    from layakanak.evaluation.models import Submission

    rows = [Submission(pk=pk, live_total=t, live_band=b, live_scored_at=now) for pk, t, b in scores]
    Submission.objects.bulk_update(rows, LIVE_FIELDS, batch_size=500)


def decimal_values(stored: Any, questions: Any) -> dict[str, object]:
    """The second version's conversion of stored JSON to engine values (--engine): checklists
    as lists, percentages as Decimals (the engine's fast path)."""
    from decimal import Decimal

    answers: dict[str, object] = {}
    for question_id, value in stored.items():
        code, kind = questions[question_id]
        if kind == "checklist":
            answers[code] = list(value)
        elif kind == "percentage":
            numerator, denominator = value
            if type(numerator) is str and type(denominator) is str:
                try:
                    answers[code] = (Decimal(numerator), Decimal(denominator))
                    continue
                except ArithmeticError:
                    pass
            answers[code] = value
        else:
            answers[code] = value
    return answers


def full_engine_scorer(convert: Callable[[Any, Any], dict[str, object]]) -> Callable[..., Any]:
    """The earlier versions' scoring (--engine, --before): stored JSON converted to engine
    values, full `ScoreResult`s from `score_many` (an answer set it refuses gives its error)."""
    from layakanak.scoring.answers import AnswerError
    from layakanak.scoring.engine import compiled, score_many
    from layakanak.scoring.totals import Total

    def score_stored(table: Any, stored_sets: list[dict[str, Any]]) -> list[Any]:
        instrument = table.instrument
        types = {q.code: str(q.type) for q in instrument.questions}
        questions = {key: (code, types[code]) for key, code in table.code_of.items()}
        answer_sets = [convert(stored, questions) for stored in stored_sets]
        try:
            results: list[Any] = score_many(instrument, answer_sets)
        except AnswerError:
            results = []
            for answers in answer_sets:
                try:
                    results.append(compiled(instrument).score(answers))
                except AnswerError as exc:
                    results.append(exc)
        return [r if isinstance(r, AnswerError) else Total(r.total, r.band) for r in results]

    return score_stored


def string_values(stored: Any, questions: Any) -> dict[str, object]:
    """The first version's conversion: percentages handed to the engine as stored, as decimal
    strings (--before)."""
    from layakanak.evaluation.values import from_json

    return {questions[q][0]: from_json(v, questions[q][1]) for q, v in stored.items()}


def server_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        number = connection.pg_version  # type: ignore[attr-defined]
        return f"{number // 10000}.{number % 10000}"
    return str(connection.Database.sqlite_version)  # type: ignore[attr-defined]


def best(
    run: Callable[[], object], repeat: int, cpu: Callable[[], float]
) -> tuple[float, float, list[float]]:
    """Best wall time, best CPU time (`cpu`: seconds used so far by this process and the
    database server) and every wall time. CPU time is what the work costs whatever else the
    machine is running; wall time is what a person waits."""
    times, cpu_times = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), cpu()
        run()
        times.append(time.perf_counter() - started)
        cpu_times.append(cpu() - cpu_started)
    return min(times), min(cpu_times), times


def child(database: str, smoke: bool, repeat: int, version: str, profile: bool) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix=f"layakanak-score-{database}-"))
    postgres = None
    try:
        cycle, postgres = install(database, folder, smoke)
        from layakanak.evaluation import cycle_scoring, queries
        from layakanak.evaluation.actions.scoring import do_score_cycle
        from layakanak.evaluation.models import Submission

        if version == "before":
            cycle_scoring.stored_answer_texts = per_row_reader  # type: ignore[assignment]
            cycle_scoring.write_live_scores = bulk_update_writer
            cycle_scoring.score_stored = full_engine_scorer(string_values)
        elif version == "engine":
            cycle_scoring.stored_answer_texts = json_object_reader  # type: ignore[assignment]
            cycle_scoring.score_stored = full_engine_scorer(decimal_values)
        answers = fill_complete_answers(cycle)
        from bench_answer_save import tree_cpu

        server = postgres.pid() if postgres is not None else None

        def cpu() -> float:
            return time.process_time() + (tree_cpu(server) if server else 0.0)

        reports: list[Any] = []

        def score() -> None:
            reports.append(do_score_cycle(cycle, actor="benchmark"))

        score()  # warm: the instrument is parsed and compiled once per process
        sql_best, sql_cpu, sql_times = best(aggregate(cycle), repeat, cpu)
        score_best, score_cpu, score_times = best(score, repeat, cpu)
        fastest = reports[1:][score_times.index(score_best)]
        profile_text = ""
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            score()
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(18)
            profile_text = out.getvalue()
        report = fastest
        sample = list(Submission.objects.filter(cycle=cycle).select_related("cycle"))
        wrong = []
        for submission in sample:
            expected = queries.live_score(submission)
            if (submission.live_total, submission.live_band) != (
                expected.total,
                expected.band.code,
            ):
                wrong.append(submission.region_id)
        return {
            "database": database,
            "version": server_version(),
            "submissions": report.scored,
            "answers": answers,
            "read_answers": report.answers,
            "score": score_best,
            "score_cpu": score_cpu,
            "score_runs": score_times,
            "parts": report.seconds,
            "aggregate": sql_best,
            "aggregate_cpu": sql_cpu,
            "aggregate_runs": sql_times,
            "checked": len(sample),
            "wrong": wrong,
            "profile": profile_text,
        }
    finally:
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)


# -- the parent: both databases, one report ---------------------------------------------------


def postgres_available() -> bool:
    return bool(shutil.which("initdb")) or any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="test subset, one run each")
    parser.add_argument("--repeat", type=int, help="runs of each timing (default 3)")
    parser.add_argument("--profile", action="store_true", help="cProfile one scoring run")
    parser.add_argument(
        "--before",
        action="store_true",
        help="the first version, for comparison: answers read row by row through the ORM, "
        "percentages passed as strings, scores written with bulk_update",
    )
    parser.add_argument(
        "--engine",
        action="store_true",
        help="the second version, for comparison: one JSON object per submission decoded in "
        "Python, the full engine (`score_many`) on answers converted from it",
    )
    parser.add_argument("--database", choices=DATABASES, action="append", help="default: both")
    parser.add_argument("--child", choices=DATABASES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.smoke else 3)
    version = "before" if args.before else "engine" if args.engine else "totals"
    if args.child:
        result = child(args.child, args.smoke, repeat, version, args.profile)
        print(json.dumps(result))
        return 0

    databases = args.database or list(DATABASES)
    results, failures = [], 0
    for database in databases:
        if database == "postgresql" and not postgres_available():
            print("postgresql: skipped (initdb not found; apt-get install postgresql)")
            continue
        argv = [sys.executable, __file__, "--child", database, "--repeat", str(repeat)]
        argv += ["--smoke"] if args.smoke else []
        argv += ["--profile"] if args.profile else []
        argv += ["--before"] if args.before else []
        argv += ["--engine"] if args.engine else []
        done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, check=False)
        if done.returncode != 0:
            print(f"{database}: FAILED\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
            failures += 1
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))

    version = {
        "before": "first version (--before)",
        "engine": "second version, full engine (--engine)",
        "totals": "do_score_cycle",
    }[version]
    print(
        f"whole-cycle scoring, kla-2023, complete answers, {version}; best of {repeat} run(s); "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    print(
        "wall: seconds waited; CPU: seconds of CPU used by this process and the database server "
        "(the fair measure on a busy machine); ratio: scoring / SQL aggregate"
    )
    print(
        f"{'database':<17} {'regions':>7} {'answers':>7} {'wall s':>7} {'(read+score':>11} "
        f"{'write)':>6} {'CPU s':>6} {'SQL wall':>8} {'SQL CPU':>7} {'ratio wall':>10} "
        f"{'ratio CPU':>9}  targets"
    )
    for r in results:
        ratio = r["score"] / r["aggregate"] if r["aggregate"] else float("inf")
        ratio_cpu = r["score_cpu"] / r["aggregate_cpu"] if r["aggregate_cpu"] else float("inf")
        verdicts = [
            f"< {TARGET_SECONDS:g} s {'ok' if r['score'] < TARGET_SECONDS else 'SLOW'}",
            f"< {TARGET_RATIO:g}x {'ok' if ratio < TARGET_RATIO else 'MISSED'}",
        ]
        name = f"{r['database']} {r['version']}"
        print(
            f"{name:<17} {r['submissions']:>7} {r['read_answers']:>7} {r['score']:>7.3f} "
            f"{r['parts']['read_and_score']:>11.3f} {r['parts']['write']:>6.3f} "
            f"{r['score_cpu']:>6.3f} {r['aggregate']:>8.3f} {r['aggregate_cpu']:>7.3f} "
            f"{ratio:>9.1f}x {ratio_cpu:>8.1f}x  {', '.join(verdicts)}"
        )
        if r["wrong"]:
            print(f"  WRONG stored totals for regions {r['wrong']}")
            failures += 1
        if r["read_answers"] != r["answers"]:
            print(f"  read {r['read_answers']} answers of {r['answers']} stored")
            failures += 1
    for r in results:
        runs = ", ".join(f"{t:.3f}" for t in r["score_runs"])
        print(f"  {r['database']}: scoring runs {runs} s; totals checked on {r['checked']} regions")
        if r["profile"]:
            print(f"profile of one run on {r['database']}:\n{r['profile']}")
    return 1 if failures or not results else 0


if __name__ == "__main__":
    sys.exit(main())
