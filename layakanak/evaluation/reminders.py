"""Deadline reminders to regions that have not submitted their self-assessment: who gets one and
when (`due_reminder`). Sending them is an action (`actions.reminders.do_send_reminders`), run
daily with `layakanak send_reminders`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from layakanak.accounts.models import RoleAssignment
from layakanak.evaluation.models import Cycle, Submission


@dataclass
class ReminderReport:
    """What `actions.reminders.do_send_reminders` did."""

    sent: int = 0
    skipped_without_operator: int = 0


def operator_emails(submission: Submission) -> list[str]:
    """The addresses of the region's active operators, who receive its reminders."""
    return sorted(
        RoleAssignment.objects.filter(
            role="operator_daerah",
            region_id=submission.region_id,
            active=True,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )


def due_reminder(cycle: Cycle, deadline: datetime.datetime, now: datetime.datetime) -> int | None:
    """The reminder (days before the deadline) due now, or None."""
    if now >= deadline:
        return None
    left = deadline - now
    due = [d for d in cycle.reminder_days if left <= datetime.timedelta(days=d)]
    return min(due) if due else None
