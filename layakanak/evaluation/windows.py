"""Whether a stage is open for a region at a given moment (window or extension)."""

from __future__ import annotations

import datetime

from django.db.models import Subquery

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
    # One query: the window with the region's latest extension of it (every answer save asks).
    latest_extension = (
        Extension.objects.filter(submission_id=submission.pk, stage=stage)
        .order_by("-until")
        .values("until")[:1]
    )
    window = (
        StageWindow.objects.filter(cycle_id=submission.cycle_id, stage=stage)
        .annotate(extended_until=Subquery(latest_extension))
        .order_by()  # one window per cycle and stage: no ordering (and no join for it)
        .first()
    )
    if window is None or now < window.opens_at:
        return False
    extended: datetime.datetime | None = window.extended_until
    return now <= max(window.closes_at, extended or window.closes_at)
