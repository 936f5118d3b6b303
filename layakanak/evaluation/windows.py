"""Whether a stage is open for a region at a given moment (window or extension)."""

from __future__ import annotations

import datetime

from layakanak.evaluation.models import Extension, StageWindow, Submission


def window_of(submission: Submission, stage: str) -> StageWindow | None:
    return StageWindow.objects.filter(cycle_id=submission.cycle_id, stage=stage).first()


def _deadline(
    submission: Submission, stage: str, window: StageWindow | None
) -> datetime.datetime | None:
    extended = (
        Extension.objects.filter(submission=submission, stage=stage)
        .order_by("-until")
        .values_list("until", flat=True)
        .first()
    )
    ends = [moment for moment in (window and window.closes_at, extended) if moment]
    return max(ends) if ends else None


def deadline_for(submission: Submission, stage: str) -> datetime.datetime | None:
    """The moment the stage closes for this region: the window end or a later extension."""
    return _deadline(submission, stage, window_of(submission, stage))


def stage_is_open(submission: Submission, stage: str, now: datetime.datetime) -> bool:
    window = window_of(submission, stage)
    if window is None or now < window.opens_at:
        return False
    deadline = _deadline(submission, stage, window)
    return deadline is not None and now <= deadline
