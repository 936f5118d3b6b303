"""The predicate decision, the stage after the last verification stage."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.evaluation import stages
from layakanak.evaluation.models import Submission
from layakanak.instruments.queries import instrument_of
from layakanak.lib import limits
from layakanak.verification.actions._common import (
    final_score,
    open_stage,
    require_leaving,
)
from layakanak.verification.errors import VerificationRefused
from layakanak.verification.models import Decision, ReviewState


@transaction.atomic
def do_decide_predicate(
    submission: Submission,
    band_code: str,
    *,
    reason: str = "",
    actor: Actor,
    now: datetime.datetime | None = None,
) -> Decision:
    """Record the predicate given. The proposal is the band of the final (VF) score; a
    different predicate needs a reason (KLA.md section 3: the 2022 Utama list)."""
    now = now or timezone.now()
    decision_stage = stages.decision().code
    submission, review = open_stage(submission, decision_stage, now)
    require_leaving(submission, decision_stage)  # the final score exists
    final = final_score(submission)
    assert final is not None
    instrument = instrument_of(submission.cycle.instrument)
    if band_code not in {band.code for band in instrument.bands}:
        raise VerificationRefused(_("Unknown predicate."))
    reason = limits.check_length(
        reason.strip(), limits.REASON, _("The reason"), VerificationRefused
    )
    if band_code != final.band_code and not reason:
        raise VerificationRefused(
            _("The predicate differs from the one the final score implies: a reason is required."),
        )
    decision = Decision.objects.create(
        submission=submission,
        final_total=final.total,
        proposed_band=final.band_code,
        decided_band=band_code,
        reason=reason,
        decided_by=user_of(actor),
        decided_at=now,
    )
    review.state = ReviewState.DECIDED
    review.updated_at = now
    review.save(update_fields=["state", "updated_at"])
    record_event(
        "verification.predicate_decided",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "final_total": format(final.total, "f"),
            "proposed": final.band_code,
            "decided": band_code,
            "reason": reason,
        },
    )
    return decision
