"""A verifier's verdict on one question in the stage under way."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, actor_name, record_event, user_of
from layakanak.evaluation.models import Submission
from layakanak.instruments.queries import instrument_of
from layakanak.lib import limits
from layakanak.verification import queries
from layakanak.verification.actions._common import _parse_points, open_stage
from layakanak.verification.errors import CheckConflict, VerificationRefused
from layakanak.verification.models import CheckStatus, QuestionCheck


@transaction.atomic
def do_save_check(
    submission: Submission,
    stage: str,
    question_code: str,
    *,
    verified_points: object,
    status: str,
    comment: str = "",
    expected_version: int | None,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> QuestionCheck:
    """Record a verifier's verdict on one question in the current stage.

    The verified score starts from where the stage starts (the claimed points at VA); a score
    that differs needs the status "adjusted" or "evidence insufficient" and a comment (the
    justification). `expected_version` is the version the sender saw (0: not yet checked); a
    different current version raises CheckConflict and nothing is written.
    """
    now = now or timezone.now()
    submission, review = open_stage(submission, stage, now)
    instrument = instrument_of(submission.cycle.instrument)
    if not instrument.has_question(question_code):
        raise VerificationRefused(
            _("Question %(question_code)s is not in this instrument."),
            question_code=question_code,
        )
    if question_code in queries.open_revision_questions(submission, now):
        raise VerificationRefused(
            _("This question is sent back to the region for revision."),
        )
    if status not in CheckStatus.values or status == CheckStatus.PENDING:
        raise VerificationRefused(_("Choose a check status."))
    maximum = instrument.question(question_code).maximum
    points = _parse_points(verified_points, maximum, instrument.quantum)
    start = queries.base_points(submission, stage).get(question_code, Decimal(0))
    comment = limits.check_length(
        comment.strip(), limits.COMMENT, _("The comment"), VerificationRefused
    )
    if status == CheckStatus.ACCEPTED and points != start:
        raise VerificationRefused(
            _("The score differs from the starting score: choose 'adjusted' and give a reason."),
        )
    if status != CheckStatus.ACCEPTED and not comment:
        raise VerificationRefused(
            _("Give a reason (comment) for an adjusted score or insufficient evidence."),
        )
    check = (
        QuestionCheck.objects.select_for_update()
        .filter(submission=submission, stage=stage, question_code=question_code)
        .first()
    )
    current_version = check.version if check else 0
    if expected_version is not None and expected_version != current_version and check:
        if _repeats(check, actor, points, status, comment):
            # The same verifier sent the same verdict twice (an autosave still on its way when
            # the form was submitted): nothing to change, and nothing of anyone else's is lost.
            return check
        raise CheckConflict(
            check.verified_points,
            check.status,
            check.comment,
            check.version,
            actor_name(check.checked_by),
        )
    before = _check_state(check)
    if check is None:
        check = QuestionCheck(
            submission=submission, stage=stage, question_code=question_code, version=0
        )
    unchanged = (
        check.pk is not None
        and check.verified_points == points
        and check.status == status
        and check.comment == comment
    )
    if unchanged:
        return check  # a repeated save (e.g. the autosave and the form both sent)
    check.verified_points, check.status, check.comment = points, status, comment
    check.version += 1
    check.checked_by = user_of(actor)
    check.checked_at = now
    check.save()
    review.updated_at = now
    review.save(update_fields=["updated_at"])
    record_event(
        "verification.check_saved",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        before=before,
        after={"stage": stage, "question": question_code, **_check_state(check)},  # type: ignore[dict-item]
    )
    return check


def _repeats(
    check: QuestionCheck, actor: Actor, points: Decimal, status: str, comment: str
) -> bool:
    """Whether the stored check is exactly this verdict, saved by this very actor."""
    user = user_of(actor)
    return (
        user is not None
        and check.checked_by_id == user.pk
        and check.verified_points == points
        and check.status == status
        and check.comment == comment
    )


def _check_state(check: QuestionCheck | None) -> dict[str, Any] | None:
    if check is None:
        return None
    return {
        "points": format(check.verified_points, "f"),
        "status": check.status,
        "comment": check.comment,
        "version": check.version,
    }
