"""Whole-cycle scoring, the reads and the write it is made of: every region's live
self-assessment score, for the cockpit.

`actions.scoring.do_score_cycle(cycle, *, actor)` reads every answer of the cycle in one
streamed query (`stored_answer_texts`), scores all submissions with the totals-only path of the
pure engine (`score_stored`, through `scoring.totals`: the same total and band as
`scoring.score`, without the per-question results this job does not keep) and writes each
submission's total, band and time (`Submission.live_total`, `live_band`, `live_scored_at`) in
bulk (`write_live_scores`, one batched `executemany`), in one transaction with one audit event.
The command `layakanak score --cycle 2026` runs it; schedule it every 15 minutes or so during
the self-assessment (docs/evaluation.md).

The live score is a reading of the answers as they are, for the ministry's overview; the score
that counts is frozen per stage at submission and verification (`StageScore`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db import connection
from django.db.models import Field

from layakanak.evaluation.models import Answer, Cycle, Submission
from layakanak.scoring.answers import AnswerError
from layakanak.scoring.totals import Total, TotalsTable

WRITE_BATCH = 500  # submissions per executemany call
LIVE_FIELDS = ("live_total", "live_band", "live_scored_at")  # in the order of the UPDATE

LiveScore = tuple[int, Decimal | None, str]  # submission id, total (None: not scored), band
READ_BATCH = 100  # submissions fetched from the cursor at a time


@dataclass(frozen=True)
class CycleScore:
    """What `do_score_cycle` did."""

    cycle: str
    scored: int  # submissions whose live score was written
    answers: int  # answer rows read
    failed: dict[str, str] = field(default_factory=dict)  # region code -> why not scored
    by_band: dict[str, int] = field(default_factory=dict)  # band code -> submissions
    scored_at: datetime.datetime | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # read+score, write


SEPARATOR = "\x1e"  # ASCII record separator: never in JSON text (control characters are escaped)


def _answers_sql() -> str:
    """Every stored answer of one cycle, one row per submission: its id, its number of answers
    and the text "question id␞stored JSON␞question id␞stored JSON…" (␞: `SEPARATOR`).

    The database only concatenates texts (the stored JSON as it is: SQLite keeps what Django
    wrote, PostgreSQL writes jsonb in its canonical form); Python splits 514 strings instead
    of decoding 75,000 values, and `scoring.totals` reads the JSON texts directly."""
    if connection.vendor == "postgresql":
        aggregate = "string_agg(a.question_id::text || chr(30) || a.value::text, chr(30))"
    else:  # SQLite: JSON is stored as text (a check constraint keeps it valid JSON)
        aggregate = "group_concat(CAST(a.question_id AS TEXT) || char(30) || a.value, char(30))"
    answer, submission = Answer._meta.db_table, Submission._meta.db_table
    return (
        f"SELECT a.submission_id, count(*), {aggregate} "  # noqa: S608 (table names only)
        f"FROM {answer} a JOIN {submission} s ON s.id = a.submission_id "
        "WHERE s.cycle_id = %s AND a.value IS NOT NULL "
        "GROUP BY a.submission_id"
    )


def stored_answer_texts(cycle: Cycle) -> Iterator[tuple[int, int, dict[str, str]]]:
    """(submission id, answer rows, {question id as text: stored JSON text}) per submission
    that has answers, streamed from one query."""
    with connection.cursor() as cursor:
        cursor.execute(_answers_sql(), [cycle.pk])
        while rows := cursor.fetchmany(READ_BATCH):
            for submission_id, count, text in rows:
                parts = text.split(SEPARATOR)
                yield submission_id, count, dict(zip(parts[::2], parts[1::2], strict=True))


def score_stored(
    table: TotalsTable, stored_sets: list[dict[str, str]]
) -> list[Total | AnswerError]:
    """The total and band of each set of stored answers ({question id as text: stored JSON
    text}, `table` keyed by question ids): `engine.score` of the decoded values, which are what
    the engine accepts as raw values (percentages as lists of decimal strings, checklists as
    lists). An answer set the engine refuses (an answer that no longer validates, which should
    not happen) gives its error instead of failing the whole cycle."""
    results: list[Total | AnswerError] = []
    total_json = table.total_json
    for stored in stored_sets:
        try:
            results.append(total_json(stored))
        except AnswerError as exc:
            results.append(exc)
    return results


def write_live_scores(scores: list[LiveScore], now: datetime.datetime) -> None:
    """One parameterised UPDATE per submission, sent with `executemany` (pipelined by psycopg,
    a prepared statement in SQLite). `bulk_update` builds a CASE expression per field and row
    and spent seconds resolving those expressions for 514 submissions (docs/performance.md)."""
    fields = {
        name: cast("Field[Any, Any]", Submission._meta.get_field(name)) for name in LIVE_FIELDS
    }
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 (names from the model only)
        quote(Submission._meta.db_table),
        ", ".join(f"{quote(str(field.column))} = %s" for field in fields.values()),
        quote("id"),
    )
    total, scored_at = fields["live_total"], fields["live_scored_at"]
    when = scored_at.get_db_prep_save(now, connection)
    params = [
        (total.get_db_prep_save(value, connection), band, when, pk) for pk, value, band in scores
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), WRITE_BATCH):
            cursor.executemany(sql, params[start : start + WRITE_BATCH])
