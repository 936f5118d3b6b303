"""Deadline reminders to regions that have not submitted their self-assessment.

Run daily (cron, systemd timer or the task worker) with `layakanak send_reminders`; each
reminder (region × days before the deadline) is sent once, so running it more often is harmless.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from layakanak.accounts.models import RoleAssignment
from layakanak.audit.actions import Actor, record_event
from layakanak.evaluation.models import Cycle, Reminder, Stage, Submission, SubmissionStatus
from layakanak.evaluation.windows import deadline_for
from layakanak.regions.timezones import zone_for, zone_label


@dataclass
class ReminderReport:
    sent: int = 0
    skipped_without_operator: int = 0


def operator_emails(submission: Submission) -> list[str]:
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


def do_send_reminders(
    cycle: Cycle, *, now: datetime.datetime | None = None, actor: Actor
) -> ReminderReport:
    now = now or timezone.now()
    report = ReminderReport()
    pending = cycle.submissions.exclude(status=SubmissionStatus.SUBMITTED).select_related("region")
    for submission in pending:
        deadline = deadline_for(submission, Stage.EVALUASI_MANDIRI)
        days = due_reminder(cycle, deadline, now) if deadline else None
        if (
            days is None
            or Reminder.objects.filter(submission=submission, days_before=days).exists()
        ):
            continue
        recipients = operator_emails(submission)
        if not recipients:
            report.skipped_without_operator += 1
            continue
        assert deadline is not None
        _send(cycle, submission, deadline, days, recipients, now, actor)
        report.sent += 1
    return report


@transaction.atomic
def _send(
    cycle: Cycle,
    submission: Submission,
    deadline: datetime.datetime,
    days: int,
    recipients: list[str],
    now: datetime.datetime,
    actor: Actor,
) -> None:
    Reminder.objects.create(
        submission=submission, days_before=days, sent_at=now, recipients=len(recipients)
    )
    local = deadline.astimezone(zone_for(submission.region.code))
    context = {
        "cycle": cycle,
        "submission": submission,
        "days": days,
        "deadline": local,
        "zone": zone_label(submission.region.code),
        "site": settings.SITE_NAME,
        "url": f"{settings.SITE_URL}/evaluasi/{cycle.slug}/{submission.region.code}/",
    }
    with translation.override("id"):
        subject = render_to_string("evaluation/email/reminder_subject.txt", context).strip()
        body = render_to_string("evaluation/email/reminder.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=False))
    record_event(
        "submission.reminder_sent",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={"days_before": days, "recipients": len(recipients)},
    )
