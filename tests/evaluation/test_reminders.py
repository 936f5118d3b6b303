from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from layakanak.evaluation.actions.cycles import do_grant_extension
from layakanak.evaluation.models import Cycle, Reminder, Submission

pytestmark = pytest.mark.django_db


def _deadline(cycle: Cycle) -> datetime.datetime:
    return cycle.windows.get(stage="evaluasi_mandiri").closes_at


def test_reminders_go_to_operators_of_regions_not_submitted(
    cycle: Cycle,
    balikpapan: Submission,
    operator_balikpapan,
    operator_samarinda,
    time_machine,
    django_capture_on_commit_callbacks,
) -> None:
    time_machine.move_to(_deadline(cycle) - datetime.timedelta(days=6, hours=23))
    with django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("send_reminders", stdout=out)
    assert "2 reminder(s) sent, 1 region(s) without an operator account" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "operator@balikpapan.example",
        "operator@samarinda.example",
    ]
    message = next(m for m in mail.outbox if "balikpapan" in m.to[0])
    assert "Kota Balikpapan" in message.subject
    assert "WITA" in message.body
    assert "/evaluasi/2026/64.71/" in message.body


def test_each_reminder_is_sent_once(
    cycle: Cycle, operator_balikpapan, time_machine, django_capture_on_commit_callbacks
) -> None:
    time_machine.move_to(_deadline(cycle) - datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=StringIO())
        call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().days_before == 3


def test_no_reminder_long_before_the_deadline(cycle: Cycle, operator_balikpapan) -> None:
    call_command("send_reminders", stdout=StringIO())
    assert mail.outbox == []


def test_an_extension_moves_the_reminder(
    cycle: Cycle,
    balikpapan: Submission,
    operator_balikpapan,
    central_admin,
    time_machine,
    django_capture_on_commit_callbacks,
) -> None:
    do_grant_extension(
        balikpapan,
        "evaluasi_mandiri",
        _deadline(cycle) + datetime.timedelta(days=10),
        "Banjir",
        actor=central_admin,
    )
    time_machine.move_to(_deadline(cycle) - datetime.timedelta(hours=12))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=StringIO())
    assert mail.outbox == []
    assert timezone.now() < _deadline(cycle)


def test_stale_uploads_are_discarded_by_the_daily_command(
    balikpapan: Submission, operator_balikpapan, time_machine
) -> None:
    from layakanak.evaluation.actions.uploads import do_start_upload
    from layakanak.evaluation.models import UploadSession

    session = do_start_upload(
        balikpapan, "4.1", "surat", "surat.pdf", 1000, actor=operator_balikpapan
    )
    out = StringIO()
    call_command("discard_stale_uploads", stdout=out)
    assert "0 unfinished upload(s) discarded." in out.getvalue()
    time_machine.move_to(timezone.now() + datetime.timedelta(days=4))
    call_command("discard_stale_uploads", stdout=out)
    assert "1 unfinished upload(s) discarded." in out.getvalue()
    assert not UploadSession.objects.filter(pk=session.pk).exists()
