"""Sending the deadline reminders of a cycle's self-assessment.

Run daily (cron, systemd timer or the task worker) with `layakanak send_reminders`; each
reminder (region × days before the deadline) is sent once, so running it more often is harmless.
Each reminder is its own transaction (the row that marks it sent, the e-mail after commit, an
audit event), so one region's failure does not hold back the others.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from layakanak.audit.actions import Actor, record_event
from layakanak.evaluation.models import Cycle, Reminder, Stage, Submission, SubmissionStatus
from layakanak.evaluation.reminders import ReminderReport, due_reminder, operator_emails
from layakanak.evaluation.windows import deadline_for


def do_send_reminders(
    cycle: Cycle, *, now: datetime.datetime | None = None, actor: Actor
) -> ReminderReport:
    """Send the reminder due now (if not sent before) to the operators of every region of
    `cycle` that has not submitted; regions without an active operator are counted, not sent."""
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
    context = {
        "cycle": cycle,
        "submission": submission,
        "days": days,
        "deadline": deadline,  # shown in the region's zone, labelled (`region_time`)
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
