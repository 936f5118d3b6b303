"""Applying an uploaded workbook: the changes of its dry run (`workbook_read.ImportPlan`), saved
through the same answer-saving action as the autosave (`actions.answers.do_save_answer`), in one
transaction with one more audit event for the import as a whole."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event
from layakanak.evaluation.actions.answers import do_save_answer
from layakanak.evaluation.editability import check_editable
from layakanak.evaluation.errors import WorkbookRefused
from layakanak.evaluation.models import Submission
from layakanak.evaluation.workbook_read import ImportPlan


@transaction.atomic
def do_apply_workbook(
    submission: Submission,
    plan: ImportPlan,
    *,
    actor: Actor,
    sha256: str = "",
    now: datetime.datetime | None = None,
) -> int:
    """Save every change of an error-free plan in one transaction; the number saved. A plan
    with errors is refused whole (the preview showed them)."""
    if plan.errors:
        raise WorkbookRefused(
            _("The workbook still has errors; correct them and upload it again."),
        )
    now = now or timezone.now()
    check_editable(submission, now)
    for change in plan.changes:
        do_save_answer(
            submission,
            change.question,
            change.raw,
            expected_version=None,
            actor=actor,
            now=now,
        )
    record_event(
        "workbook.imported",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "sha256": sha256,
            "changes": len(plan.changes),
            "questions": [c.question for c in plan.changes],
        },
    )
    return len(plan.changes)
