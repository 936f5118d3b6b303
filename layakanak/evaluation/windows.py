"""Whether a stage is open for a region at a given moment (window or extension)."""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.db.models import OuterRef, Subquery

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
    # One query: the window with the region's latest extension of it.
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
    if window is None:
        return False
    return is_open(window.opens_at, window.closes_at, window.extended_until, now)


def is_open(
    opens_at: datetime.datetime | None,
    closes_at: datetime.datetime | None,
    extended_until: datetime.datetime | None,
    now: datetime.datetime,
) -> bool:
    """Whether a window (None: the cycle has none for the stage), stretched by the region's
    latest extension, is open at `now`."""
    if opens_at is None or closes_at is None or now < opens_at:
        return False
    return now <= max(closes_at, extended_until or closes_at)


def stage_annotations(stage: str) -> dict[str, Subquery]:
    """Annotations for a Submission query giving what `is_open` needs for `stage`
    (`stage_opens_at`, `stage_closes_at`, `stage_extended_until`), so that the submission's own
    query answers whether the stage is open: an answer save locks the submission and checks its
    window in one round trip to the database."""
    return dict(_stage_annotations(stage))


@lru_cache(maxsize=8)
def _stage_annotations(stage: str) -> dict[str, Subquery]:
    # Built once per stage: a query copies (resolves) its annotations, so they can be shared.
    window = StageWindow.objects.filter(cycle_id=OuterRef("cycle_id"), stage=stage).order_by()
    extensions = Extension.objects.filter(submission_id=OuterRef("pk"), stage=stage)
    return {
        "stage_opens_at": Subquery(window.values("opens_at")[:1]),
        "stage_closes_at": Subquery(window.values("closes_at")[:1]),
        "stage_extended_until": Subquery(extensions.order_by("-until").values("until")[:1]),
    }
