"""Closing a stage (its score frozen, the review moved to the next stage in the stage table) and
reopening an approved one."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.evaluation import stages
from layakanak.evaluation.models import StageScore, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.lib import limits
from layakanak.scoring.engine import propose_from_points
from layakanak.verification import queries
from layakanak.verification.actions._common import (
    open_review,
    open_stage,
    require_leaving,
    skips_field_stage,
)
from layakanak.verification.errors import StageLocked, VerificationRefused
from layakanak.verification.models import Review, ReviewState


@transaction.atomic
def do_approve_stage(
    submission: Submission, stage: str, *, actor: Actor, now: datetime.datetime | None = None
) -> StageScore:
    """Close a stage: freeze its score (per-question points, total, band, instrument hash) as
    StageScore `stage` and move to the next stage. What leaving needs is the stage row's
    `leaving`: every answered question checked (VA, PU), the field visit scheduled (VL)."""
    now = now or timezone.now()
    submission, review = open_stage(submission, stage, now)
    if review.state == ReviewState.SENT_BACK:
        raise VerificationRefused(
            _("The region has not answered the revision request yet."),
        )
    require_leaving(submission, stage)
    version = submission.cycle.instrument
    instrument = instrument_of(version)
    points = queries.stage_points(submission, stage)
    ordered = {q.code: points.get(q.code, Decimal(0)) for q in instrument.questions}
    total = queries.total_of(ordered)
    band = propose_from_points(instrument, ordered).band  # the instrument's must-meet rules too
    stage_score, _created = StageScore.objects.update_or_create(
        submission=submission,
        stage=stage,
        defaults={
            "total": total,
            "band_code": band.code,
            "instrument_sha256": version.sha256,
            "points": {code: format(value, "f") for code, value in ordered.items()},
            "computed_at": now,
            "computed_by": user_of(actor),
        },
    )
    following = stages.next_stage(stage)
    assert following is not None  # the decision follows the last verification stage
    if following == stages.field_stage() and skips_field_stage(submission):
        following = stages.decision()  # not selected for the field verification
    review.stage = following.code
    review.state = ReviewState.IN_REVIEW
    review.updated_at = now
    review.save(update_fields=["stage", "state", "updated_at"])
    record_event(
        "verification.stage_approved",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "stage": stage,
            "total": format(total, "f"),
            "band": band.code,
            "next": review.stage,
        },
    )
    return stage_score


@transaction.atomic
def do_reopen_stage(
    submission: Submission,
    stage: str,
    *,
    reason: str,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> Review:
    """A higher level reopens an approved stage: the review returns to it and the scores of
    that stage and every later one are withdrawn (kept in the audit event)."""
    now = now or timezone.now()
    submission, review = open_review(submission, now)
    if not reason.strip():
        raise VerificationRefused(_("Give the reason for reopening."))
    limits.check_length(reason.strip(), limits.REASON, _("The reason"), VerificationRefused)
    if review.state == ReviewState.DECIDED:
        raise StageLocked(
            _("The predicate has been decided; stages can no longer be reopened."),
        )
    row = stages.find(stage)
    if row is None or not row.checks or not stages.is_before(stage, review.stage):
        raise VerificationRefused(
            _("Only an approved stage can be reopened."),
        )
    if review.state == ReviewState.SENT_BACK:
        raise VerificationRefused(
            _("Close the open revision request first."),
        )
    later = [r.code for r in stages.verification_stages() if r.order >= row.order]
    withdrawn = StageScore.objects.filter(submission=submission, stage__in=later)
    before = {
        "stage": review.stage,
        "scores": {score.stage: format(score.total, "f") for score in withdrawn},
    }
    withdrawn.delete()
    review.stage = stage
    review.state = ReviewState.IN_REVIEW
    review.reopened_reason = reason.strip()
    review.updated_at = now
    review.save(update_fields=["stage", "state", "reopened_reason", "updated_at"])
    record_event(
        "verification.stage_reopened",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        before=before,
        after={"stage": stage, "reason": reason.strip()},
    )
    return review
