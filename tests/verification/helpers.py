"""Helpers of the verification tests."""

from __future__ import annotations

from typing import Any

from layakanak.evaluation.models import Submission
from layakanak.instruments.queries import instrument_of
from layakanak.verification import queries
from layakanak.verification.actions import do_approve_stage, do_save_check


def accept_all(submission: Submission, stage: str, actor: Any) -> None:
    """Accept every question that needs a check, at the score the stage starts from."""
    instrument = instrument_of(submission.cycle.instrument)
    start = queries.base_points(submission, stage)
    checks = queries.checks_of(submission, stage)
    for code in queries.questions_to_check(instrument, submission):
        check = checks.get(code)
        do_save_check(
            submission,
            stage,
            code,
            verified_points=check.verified_points if check else start[code],
            status="accepted" if not check else check.status,
            comment=check.comment if check else "",
            expected_version=check.version if check else 0,
            actor=actor,
        ) if not check or check.status == "pending" else None


def first_scoring_question(submission: Submission, stage: str = "VA") -> tuple[str, Any]:
    """A checked-worthy question with points above zero, and its starting points."""
    instrument = instrument_of(submission.cycle.instrument)
    start = queries.base_points(submission, stage)
    code = next(c for c in queries.questions_to_check(instrument, submission) if start[c] > 0)
    return code, start[code]


def through(submission: Submission, last: str, actor: Any, *, first: str = "VA") -> None:
    """Approve every stage from `first` up to and including `last` (accepting every pending
    check of VA and PU, and scheduling the field visit on the way)."""
    import datetime

    from layakanak.verification.actions import do_schedule_field_visit

    stages = ("VA", "PU", "VL", "VF")
    for stage in stages[stages.index(first) :]:
        if stage in ("VA", "PU"):
            accept_all(submission, stage, actor)
        if stage == "VL":
            do_schedule_field_visit(
                submission,
                visit_date=datetime.date(2026, 5, 20),
                mode="hybrid",
                team=[],
                actor=actor,
            )
        do_approve_stage(submission, stage, actor=actor)
        if stage == last:
            return
