"""Scoring a whole cycle: every region's live self-assessment score, written for the cockpit
(the reads and the bulk write it uses are `cycle_scoring`'s).

The reads, the scoring and the write are called through the `cycle_scoring` module, not imported
by name, so that `benchmarks/bench_cycle_scoring.py` can swap in the earlier implementations it
compares with (`--before`, `--engine`).
"""

from __future__ import annotations

import datetime
import time

from django.db import transaction
from django.utils import timezone

from layakanak.audit.actions import Actor, record_event
from layakanak.evaluation import cycle_scoring, queries
from layakanak.evaluation.cycle_scoring import CycleScore, LiveScore
from layakanak.evaluation.models import Cycle, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.answers import AnswerError
from layakanak.scoring.totals import compiled_totals


def do_score_cycle(
    cycle: Cycle, *, actor: Actor, now: datetime.datetime | None = None
) -> CycleScore:
    """Score every submission of `cycle` from its stored answers and store the live scores.

    The answers are read and scored before the write transaction starts, so that the rows of
    the submissions (which every answer save locks) are locked only while the scores are written;
    `now` (the time of the reading) is stored as `live_scored_at`. A submission without answers
    scores 0 (the engine's score of no answers).
    """
    started = time.perf_counter()
    now = now or timezone.now()
    version = cycle.instrument
    instrument = instrument_of(version)
    keys = {code: str(pk) for pk, code in queries.question_codes(version).items()}
    table = compiled_totals(instrument).rekeyed(keys)
    submissions = {
        pk: code
        for pk, code in Submission.objects.filter(cycle=cycle)
        .order_by("pk")
        .values_list("pk", "region__code")
    }
    answer_sets: dict[int, dict[str, str]] = {pk: {} for pk in submissions}
    rows = 0
    for submission_id, count, stored in cycle_scoring.stored_answer_texts(cycle):
        answer_sets[submission_id] = stored
        rows += count
    ids = list(answer_sets)
    results = cycle_scoring.score_stored(table, list(answer_sets.values()))
    read_and_scored = time.perf_counter()

    scores: list[LiveScore] = []
    failed: dict[str, str] = {}
    by_band: dict[str, int] = {}
    for pk, result in zip(ids, results, strict=True):
        if isinstance(result, AnswerError):
            failed[submissions[pk]] = f"{result.question_code}: {result.message_en}"
            scores.append((pk, None, ""))
        else:
            scores.append((pk, result.total, result.band.code))
            by_band[result.band.code] = by_band.get(result.band.code, 0) + 1
    _write(cycle, scores, now=now, actor=actor, rows=rows, failed=failed, by_band=by_band)
    finished = time.perf_counter()
    return CycleScore(
        cycle=cycle.slug,
        scored=len(scores) - len(failed),
        answers=rows,
        failed=failed,
        by_band=dict(sorted(by_band.items())),
        scored_at=now,
        seconds={"read_and_score": read_and_scored - started, "write": finished - read_and_scored},
    )


@transaction.atomic
def _write(
    cycle: Cycle,
    scores: list[LiveScore],
    *,
    now: datetime.datetime,
    actor: Actor,
    rows: int,
    failed: dict[str, str],
    by_band: dict[str, int],
) -> None:
    cycle_scoring.write_live_scores(scores, now)
    record_event(
        "cycle.scored",
        actor=actor,
        object_type="cycle",
        object_id=cycle.slug,
        after={
            "submissions": len(scores),
            "scored": len(scores) - len(failed),
            "answers": rows,
            "by_band": dict(sorted(by_band.items())),
            "failed": failed,
            "scored_at": now.isoformat(),
        },
    )
