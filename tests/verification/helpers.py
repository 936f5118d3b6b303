"""Helpers of the verification tests."""

from __future__ import annotations

from typing import Any

from layakanak.audit.actions import user_of
from layakanak.evaluation import stages
from layakanak.evaluation.models import Submission
from layakanak.evaluation.stages import Requirement
from layakanak.instruments.queries import instrument_of
from layakanak.verification import queries
from layakanak.verification.actions.checks import do_save_check
from layakanak.verification.actions.stages import do_approve_stage
from layakanak.verification.models import QuestionCheck
from tests import clock


def accept_all(submission: Submission, stage: str, actor: Any) -> None:
    """Accept every question that still needs a check, at the score the stage starts from.

    The first one goes through `do_save_check` (which also opens the review at VA); the others
    are the very rows that action writes for an accepted item (version 1, the verifier, now),
    inserted at once. This is set-up for tests of what follows the checks: through the action,
    one by one, the 100-odd checks of a stage made each such test take 5-12 s on PostgreSQL.
    The action itself, its refusals and its conflicts have their own tests."""
    instrument = instrument_of(submission.cycle.instrument)
    start = queries.base_points(submission, stage)
    done = set(queries.checks_of(submission, stage)) | queries.open_revision_questions(submission)
    todo = [c for c in queries.questions_to_check(instrument, submission) if c not in done]
    if not todo:
        return
    first, *rest = todo
    do_save_check(
        submission,
        stage,
        first,
        verified_points=start[first],
        status="accepted",
        expected_version=0,
        actor=actor,
    )
    now = clock.now()
    QuestionCheck.objects.bulk_create(
        QuestionCheck(
            submission=submission,
            stage=stage,
            question_code=code,
            verified_points=start[code],
            status="accepted",
            comment="",
            version=1,
            checked_by=user_of(actor),
            checked_at=now,
        )
        for code in rest
    )


def first_scoring_question(submission: Submission, stage: str = "VA") -> tuple[str, Any]:
    """A checked-worthy question with points above zero, and its starting points."""
    instrument = instrument_of(submission.cycle.instrument)
    start = queries.base_points(submission, stage)
    code = next(c for c in queries.questions_to_check(instrument, submission) if start[c] > 0)
    return code, start[code]


def ready_for_approval(submission: Submission, stage: str, actor: Any) -> None:
    """What the stage's row says leaving it requires: every pending check accepted (VA and PU),
    or the field visit scheduled (VL)."""
    import datetime

    from layakanak.verification.actions.field import do_schedule_field_visit

    leaving = stages.get(stage).leaving
    if Requirement.EVERY_ANSWER_CHECKED in leaving:
        accept_all(submission, stage, actor)
    if Requirement.FIELD_VISIT_SCHEDULED in leaving:
        do_schedule_field_visit(
            submission,
            visit_date=datetime.date(2026, 5, 20),
            mode="hybrid",
            team=[],
            actor=actor,
        )


def through(submission: Submission, last: str, actor: Any, *, first: str = "VA") -> None:
    """Approve every verification stage of the table from `first` up to and including `last`
    (accepting every pending check of VA and PU, and scheduling the field visit on the way)."""
    codes = [row.code for row in stages.verification_stages()]
    for stage in codes[codes.index(first) :]:
        ready_for_approval(submission, stage, actor)
        do_approve_stage(submission, stage, actor=actor)
        if stage == last:
            return
