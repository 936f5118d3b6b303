"""Submitting the self-assessment: the completeness check, the lock on the answers and the
self-assessment's frozen score (the first row of the stage table, `stages.self_assessment`)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.evaluation import queries, stages
from layakanak.evaluation.editability import check_editable
from layakanak.evaluation.errors import IncompleteSubmission
from layakanak.evaluation.models import StageScore, Submission, SubmissionStatus
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.engine import score


@transaction.atomic
def do_submit_self_assessment(
    submission: Submission, *, actor: Actor, now: datetime.datetime | None = None
) -> StageScore:
    """Check completeness, lock the answers and freeze the self-assessment's score under the
    self-assessment stage's code (EM)."""
    now = now or timezone.now()
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    check_editable(submission, now)
    missing = queries.missing_for_submission(submission)
    if missing:
        raise IncompleteSubmission(missing)
    version = submission.cycle.instrument
    instrument = instrument_of(version)
    result = score(instrument, queries.answer_values(submission))
    stage_score = StageScore.objects.create(
        submission=submission,
        stage=stages.self_assessment().code,
        total=result.total,
        band_code=result.band.code,
        instrument_sha256=version.sha256,
        points={code: format(points, "f") for code, points in result.points.items()},
        computed_at=now,
        computed_by=user_of(actor),
    )
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = now
    submission.submitted_by = user_of(actor)
    submission.last_activity_at = now
    submission.save(update_fields=["status", "submitted_at", "submitted_by", "last_activity_at"])
    record_event(
        "submission.submitted",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "stage": stage_score.stage,
            "total": format(result.total, "f"),
            "band": result.band.code,
        },
    )
    return stage_score
