"""Bulk writes for seeding verification: the checks of one stage of one submission at once.

Demonstration tooling (`layakanak demo`), not the verifiers' workflow: the demo's regions that
have passed a stage get its many "accepted" checks here, with the same preconditions and rules
as the interactive `do_save_check`, in one transaction with one audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.evaluation.models import Submission
from layakanak.instruments.queries import instrument_of
from layakanak.verification import queries
from layakanak.verification.actions._common import open_stage
from layakanak.verification.errors import VerificationRefused
from layakanak.verification.models import CheckStatus, QuestionCheck


@dataclass(frozen=True)
class SeedCheck:
    """A verifier's verdict on one question that is not simply "accepted"."""

    points: Decimal
    status: str  # adjusted or evidence_insufficient
    comment: str


@transaction.atomic
def do_seed_checks(
    submission: Submission,
    stage: str,
    adjusted: Mapping[str, SeedCheck] | None = None,
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> int:
    """Check every question of the stage that has no check yet, in bulk: the `adjusted` ones
    with their points, status and comment, the others accepted at the points the stage starts
    from (the many "accepted" clicks of a verifier). Same preconditions and rules as
    `actions.do_save_check` (stage under way, window open, a lowered score needs a status and
    a comment)."""
    now = now or timezone.now()
    adjusted = adjusted or {}
    submission, review = open_stage(submission, stage, now)
    instrument = instrument_of(submission.cycle.instrument)
    start = queries.base_points(submission, stage)
    to_check = queries.questions_to_check(instrument, submission)
    done = set(queries.checks_of(submission, stage))
    for code, verdict in adjusted.items():
        valid = (
            code in to_check
            and verdict.status in (CheckStatus.ADJUSTED, CheckStatus.EVIDENCE_INSUFFICIENT)
            and verdict.comment.strip()
            and 0 <= verdict.points <= instrument.question(code).maximum
            and verdict.points == verdict.points.quantize(instrument.quantum)
        )
        if not valid:
            raise VerificationRefused(_("The check of %(code)s is not valid."), code=code)
    user = user_of(actor)
    rows = []
    for code in to_check:
        if code in done:
            continue
        given = adjusted.get(code)
        rows.append(
            QuestionCheck(
                submission=submission,
                stage=stage,
                question_code=code,
                verified_points=given.points if given else start.get(code, Decimal(0)),
                status=given.status if given else CheckStatus.ACCEPTED,
                comment=given.comment.strip() if given else "",
                checked_by=user,
                checked_at=now,
            )
        )
    QuestionCheck.objects.bulk_create(rows, batch_size=500)
    review.updated_at = now
    review.save(update_fields=["updated_at"])
    record_event(
        "verification.checks_seeded",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "stage": stage,
            "accepted": [row.question_code for row in rows if row.status == CheckStatus.ACCEPTED],
            "lowered": {
                row.question_code: format(row.verified_points, "f")
                for row in rows
                if row.status != CheckStatus.ACCEPTED
            },
        },
    )
    return len(rows)
