"""What the self-assessment's actions do to the submission around their own write: lock its row
(the answers, the evidence and the status change only under that lock) and mark the activity.

Two ways of each, because the autosave is the hottest path of deadline day: it reads the
self-assessment window in the same query as the lock and counts the answers it already read,
while the evidence actions lock plainly and leave the counter alone.
"""

from __future__ import annotations

import datetime

from layakanak.evaluation.models import Cycle, Stage, Submission, SubmissionStatus
from layakanak.evaluation.windows import stage_annotations


def lock_submission(submission: Submission) -> Submission:
    """The submission's row, read again under a row lock, with its cycle and instrument version."""
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("cycle__instrument")
        .defer("cycle__instrument__document")
        .get(pk=submission.pk)
    )


def lock_with_window(submission: Submission) -> Submission:
    """The submission's row, read again under a row lock (its status may have changed), with its
    self-assessment window (`windows.stage_annotations`) and the cycle and instrument version the
    caller already loaded (they do not change), or loaded in the same query when it had not."""
    locked = Submission.objects.select_for_update(of=("self",)).annotate(
        **stage_annotations(Stage.EVALUASI_MANDIRI)
    )
    if Submission.cycle.is_cached(submission) and Cycle.instrument.is_cached(submission.cycle):
        row = locked.get(pk=submission.pk)
        row.cycle = submission.cycle
        return row
    return (
        locked.select_related("cycle__instrument")
        .defer("cycle__instrument__document")
        .get(pk=submission.pk)
    )


def touch(submission: Submission, now: datetime.datetime) -> None:
    """Mark activity on the submission (and that it has started) after an evidence change."""
    Submission.objects.filter(pk=submission.pk).update(last_activity_at=now)
    Submission.objects.filter(pk=submission.pk, status=SubmissionStatus.NOT_STARTED).update(
        status=SubmissionStatus.IN_PROGRESS
    )


def touch_answered(submission: Submission, now: datetime.datetime, *, answered_count: int) -> None:
    """Mark activity on the locked submission after an answer save, with its answered counter."""
    submission.last_activity_at = now
    submission.answered_count = answered_count
    if submission.status == SubmissionStatus.NOT_STARTED:
        submission.status = SubmissionStatus.IN_PROGRESS
    submission.save(update_fields=["last_activity_at", "answered_count", "status"])
