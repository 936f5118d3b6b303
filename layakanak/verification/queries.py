"""Reads of the verification used by pages, actions, reports and the evaluation's edit check."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from layakanak.evaluation import queries as evaluation_queries
from layakanak.evaluation import stages
from layakanak.evaluation.models import StageScore, Submission, SubmissionStatus
from layakanak.instruments.models import InstrumentVersion
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.engine import propose_from_points
from layakanak.scoring.model import Instrument, QuestionType
from layakanak.verification.models import CheckStatus, QuestionCheck, Review, RevisionRequest


def open_revision(submission: Submission) -> RevisionRequest | None:
    """The unresolved send-back of the submission, if any (at most one at a time)."""
    return (
        RevisionRequest.objects.filter(
            submission_id=submission.pk, resolved_at__isnull=True, withdrawn=False
        )
        .order_by("-round")
        .first()
    )


def open_revision_questions(
    submission: Submission, now: datetime.datetime | None = None
) -> frozenset[str]:
    """The questions the operator may change although the submission is submitted: those of
    an unresolved send-back whose deadline has not passed."""
    request = open_revision(submission)
    if request is None or (now or timezone.now()) > request.deadline:
        return frozenset()
    return frozenset(request.questions)


def review_of(submission: Submission) -> Review | None:
    return Review.objects.filter(submission_id=submission.pk).first()


def current_stage(submission: Submission) -> str | None:
    """The stage the submission waits for: None before it is submitted; the first verification
    stage (VA) when submitted and no verifier has started yet."""
    review = review_of(submission)
    if review is not None:
        return review.stage
    if submission.status != SubmissionStatus.SUBMITTED:
        return None
    return stages.first_verification().code


def previous_stage(stage: str) -> str | None:
    row = stages.previous_verification(stage)
    return row.code if row else None


def stored_points(submission: Submission, stage: str) -> dict[str, Decimal] | None:
    row = StageScore.objects.filter(submission_id=submission.pk, stage=stage).first()
    if row is None:
        return None
    return {code: Decimal(points) for code, points in row.points.items()}


def claimed_points(submission: Submission) -> dict[str, Decimal]:
    """The points the region's answers earn now (changes only during a send-back)."""
    return dict(evaluation_queries.live_score(submission).points)


def base_points(submission: Submission, stage: str) -> dict[str, Decimal]:
    """Where a stage's verified points start: the claimed points in the first verification stage
    (VA), the previous stage's frozen points afterwards (falling back to the claimed ones)."""
    before = previous_stage(stage)
    frozen = stored_points(submission, before) if before else None
    return frozen if frozen is not None else claimed_points(submission)


def checks_of(submission: Submission, stage: str) -> dict[str, QuestionCheck]:
    rows = QuestionCheck.objects.filter(submission_id=submission.pk, stage=stage)
    return {row.question_code: row for row in rows.select_related("checked_by")}


def stage_points(
    submission: Submission, stage: str, checks: dict[str, QuestionCheck] | None = None
) -> dict[str, Decimal]:
    """Every question's points in this stage: its check, or where the stage starts."""
    points = base_points(submission, stage)
    for code, check in (checks if checks is not None else checks_of(submission, stage)).items():
        points[code] = check.verified_points
    return points


def questions_to_check(instrument: Instrument, submission: Submission) -> list[str]:
    """The questions a verifier must look at: answered, visible and scoring questions."""
    result = evaluation_queries.live_score(submission)
    return [
        q.code
        for q in instrument.questions
        if q.type is not QuestionType.TEXT
        and result.questions[q.code].answered
        and result.questions[q.code].visible
    ]


def unchecked(submission: Submission, stage: str) -> list[str]:
    instrument = instrument_of(submission.cycle.instrument)
    checks = checks_of(submission, stage)
    return [
        code
        for code in questions_to_check(instrument, submission)
        if code not in checks or checks[code].status == CheckStatus.PENDING
    ]


def total_of(points: dict[str, Decimal]) -> Decimal:
    return sum(points.values(), Decimal(0))


def recompute(stage_score: StageScore) -> tuple[Decimal, str]:
    """(total, band code) recomputed from the stored per-question points and the instrument
    version the score was computed with; equal to the stored values for every stored score."""
    version = InstrumentVersion.objects.get(sha256=stage_score.instrument_sha256)
    instrument = instrument_of(version)
    points = {code: Decimal(value) for code, value in stage_score.points.items()}
    unknown = [code for code in points if not instrument.has_question(code)]
    if unknown:
        raise ValueError(f"questions not in {version.slug}: {', '.join(unknown)}")
    return total_of(points), propose_from_points(instrument, points).band.code


def latest_score(submission: Submission) -> StageScore | None:
    """The latest frozen verification stage score (VF before VL before PU before VA)."""
    return latest_verified(StageScore.objects.filter(submission_id=submission.pk))


def latest_verified(scores: Iterable[StageScore]) -> StageScore | None:
    """Of one submission's stage scores, the one of the latest verification stage."""
    by_stage = {row.stage: row for row in scores}
    return next(
        (
            by_stage[row.code]
            for row in reversed(stages.verification_stages())
            if row.code in by_stage
        ),
        None,
    )


def evidence_snapshot(submission: Submission, codes: list[str]) -> dict[str, dict[str, object]]:
    """Per question: its stored answer (value and version) and its current evidence files."""
    answers = evaluation_queries.stored_answers(submission)
    evidence = evaluation_queries.evidence_by_requirement(submission)
    snapshot: dict[str, dict[str, object]] = {}
    for code in codes:
        answer = answers.get(code)
        files = sorted(
            f"{requirement}:{row.sha256}"
            for (question, requirement), rows in evidence.items()
            if question == code
            for row in rows
        )
        snapshot[code] = {
            "value": answer.value if answer else None,
            "version": answer.version if answer else 0,
            "evidence": files,
        }
    return snapshot


def desk_stage() -> stages.StageRow | None:
    """The verification stage before the field stage (the central review): its score is the
    desk score the selection into the field verification is judged on."""
    field = stages.field_stage()
    return stages.previous_verification(field.code) if field is not None else None
