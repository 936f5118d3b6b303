"""Whether a stage is open for a region at a given moment (window or extension)."""

from __future__ import annotations

import datetime

from layakanak.evaluation.models import Extension, StageWindow, Submission


def window_of(submission: Submission, stage: str) -> StageWindow | None:
    return StageWindow.objects.filter(cycle_id=submission.cycle_id, stage=stage).first()


def deadline_for(submission: Submission, stage: str) -> datetime.datetime | None:
    """The moment the stage closes for this region: the window end or a later extension."""
    window = window_of(submission, stage)
    extension = (
        Extension.objects.filter(submission=submission, stage=stage).order_by("-until").first()
    )
    ends = [moment for moment in (window and window.closes_at, extension and extension.until) if moment]
    return max(ends) if ends else None


def stage_is_open(submission: Submission, stage: str, now: datetime.datetime) -> bool:
    window = window_of(submission, stage)
    if window is None or now < window.opens_at:
        return False
    deadline = deadline_for(submission, stage)
    return deadline is not None and now <= deadline
