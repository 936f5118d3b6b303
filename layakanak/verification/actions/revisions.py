"""Send-backs: a verifier sends questions back to the region, the operator resubmits them, or
the verifier closes the request (e.g. after its deadline passed without an answer)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.evaluation.models import Submission
from layakanak.instruments.queries import instrument_of
from layakanak.lib import limits
from layakanak.verification import queries
from layakanak.verification.actions._common import open_review, open_stage
from layakanak.verification.errors import VerificationRefused
from layakanak.verification.models import (
    CheckStatus,
    QuestionCheck,
    Review,
    ReviewState,
    RevisionRequest,
)


@transaction.atomic
def do_request_revision(
    submission: Submission,
    stage: str,
    question_codes: Iterable[str],
    *,
    reason: str,
    deadline: datetime.datetime,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> RevisionRequest:
    """Send chosen questions back to the region with a reason and a deadline (e.g. 2×24 h)."""
    now = now or timezone.now()
    submission, review = open_stage(submission, stage, now)
    if review.state == ReviewState.SENT_BACK:
        raise VerificationRefused(
            _("A revision request is already waiting for the region."),
        )
    instrument = instrument_of(submission.cycle.instrument)
    chosen = set(question_codes)
    unknown = [code for code in chosen if not instrument.has_question(code)]
    codes = [q.code for q in instrument.questions if q.code in chosen]
    if not codes or unknown:
        raise VerificationRefused(
            _("Choose the questions to send back (from this instrument)."),
        )
    if not reason.strip():
        raise VerificationRefused(_("Give the reason for sending back."))
    limits.check_length(reason.strip(), limits.REASON, _("The reason"), VerificationRefused)
    if deadline <= now:
        raise VerificationRefused(_("The deadline must be in the future."))
    round_number = RevisionRequest.objects.filter(submission=submission).count() + 1
    request = RevisionRequest.objects.create(
        submission=submission,
        stage=stage,
        round=round_number,
        questions=codes,
        reason=reason.strip(),
        deadline=deadline,
        requested_by=user_of(actor),
        requested_at=now,
        before=queries.evidence_snapshot(submission, codes),
    )
    review.state = ReviewState.SENT_BACK
    review.updated_at = now
    review.save(update_fields=["state", "updated_at"])
    record_event(
        "verification.revision_requested",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "stage": stage,
            "round": round_number,
            "questions": codes,
            "reason": reason.strip(),
            "deadline": deadline.isoformat(),
        },
    )
    return request


def _close_revision(
    submission: Submission,
    review: Review,
    request: RevisionRequest,
    actor: Actor,
    now: datetime.datetime,
    *,
    withdrawn: bool,
) -> None:
    request.after = queries.evidence_snapshot(submission, list(request.questions))
    request.resolved_at = now
    request.resolved_by = user_of(actor)
    request.withdrawn = withdrawn
    request.save(update_fields=["after", "resolved_at", "resolved_by", "withdrawn"])
    changed = request.changed_questions()
    # What changed must be looked at again in this stage.
    for check in QuestionCheck.objects.filter(
        submission=submission, stage=request.stage, question_code__in=changed
    ):
        check.status = CheckStatus.PENDING
        check.version += 1
        check.checked_at = now
        check.save(update_fields=["status", "version", "checked_at"])
    review.state = ReviewState.IN_REVIEW
    review.updated_at = now
    review.save(update_fields=["state", "updated_at"])
    record_event(
        "verification.revision_withdrawn" if withdrawn else "verification.revision_resubmitted",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={"round": request.round, "changed": changed, "late": now > request.deadline},
    )


@transaction.atomic
def do_resubmit_revision(
    submission: Submission, *, actor: Actor, now: datetime.datetime | None = None
) -> RevisionRequest:
    """The operator sends the revised items back to the verifier (also after the deadline,
    which is recorded as late); the changed questions return to "not yet checked"."""
    now = now or timezone.now()
    submission, review = open_review(submission, now)
    request = queries.open_revision(submission)
    if request is None or review.state != ReviewState.SENT_BACK:
        raise VerificationRefused(_("There is no open revision request."))
    _close_revision(submission, review, request, actor, now, withdrawn=False)
    return request


@transaction.atomic
def do_withdraw_revision(
    submission: Submission, *, actor: Actor, now: datetime.datetime | None = None
) -> RevisionRequest:
    """The verifier closes a send-back (e.g. after its deadline passed without an answer)."""
    now = now or timezone.now()
    submission, review = open_review(submission, now)
    request = queries.open_revision(submission)
    if request is None:
        raise VerificationRefused(_("There is no open revision request."))
    _close_revision(submission, review, request, actor, now, withdrawn=True)
    return request
