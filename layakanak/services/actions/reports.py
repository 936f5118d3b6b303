"""Reports (complaint hand-off) and appointment requests: submitted by the public, read and
handled by the petugas layanan of the kab/kota, purged after the retention period. Audit events
carry ids, region codes and statuses only: never free text, contact details or notes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layakanak.accounts.models import User
from layakanak.audit.actions import Actor, actor_name, record_event
from layakanak.lib import limits
from layakanak.regions.models import Region
from layakanak.services import crypto
from layakanak.services.actions._common import (
    PUBLIC,
    ServiceConflict,
    ServiceRefused,
    _check_text,
    _notify,
    _use_form_token,
    new_tracking_code,
)
from layakanak.services.models import (
    AppointmentRequest,
    CounsellingService,
    Report,
    ReportNote,
    ReportStatus,
    ServiceContact,
)

# --- Reports ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewReport:
    region: Region
    reporter_kind: str
    text: str = ""
    contact: str = ""
    # The public form's one-time token; None for writes that come from no form (demo, commands).
    form_token: str | None = None


def do_submit_report(new: NewReport) -> tuple[Report, str]:
    """Store a report (text and contact encrypted) and return it with its tracking code, which
    is shown once to the reporter and stored only as a hash."""
    _check_text(new.text.strip(), limits.REPORT_TEXT, gettext_lazy("The report"))
    _check_text(new.contact.strip(), limits.CONTACT, gettext_lazy("The contact"))
    code = new_tracking_code()
    with transaction.atomic():
        _use_form_token(new.form_token)
        report = Report.objects.create(
            region=new.region,
            reporter_kind=new.reporter_kind,
            anonymous=not new.contact.strip(),
            text_encrypted=crypto.encrypt(new.text.strip()),
            contact_encrypted=crypto.encrypt(new.contact.strip()),
            tracking_hash=crypto.tracking_hash(code),
        )
        record_event(
            "services.report_submitted",
            actor=PUBLIC,
            object_type="service_report",
            object_id=str(report.public_id),
            after={"region": new.region.code, "status": report.status},
        )
        contact = ServiceContact.objects.filter(region=new.region).first()
        path = reverse("services:inbox", kwargs={"code": new.region.code})
        if contact is not None and contact.email:
            to = contact.email
            transaction.on_commit(lambda: _notify(to, new.region, path))
    return report, code


def report_for_code(code: str) -> Report | None:
    return Report.objects.filter(tracking_hash=crypto.tracking_hash(code)).first()


def do_record_report_read(report: Report, *, actor: Actor, ip_address: str | None) -> None:
    """Log that a staff member opened a report (who and when)."""
    with transaction.atomic():
        record_event(
            "services.report_read",
            actor=actor,
            role="petugas_layanan",
            object_type="service_report",
            object_id=str(report.public_id),
            ip_address=ip_address,
        )


def do_change_report_status(
    report: Report,
    status: str,
    note: str,
    *,
    actor: Actor,
    ip_address: str | None,
    expected_version: int | None = None,
) -> ReportNote:
    """Change a report's status with a note. `expected_version` is the report's version the
    page showed (None skips the check: the demonstration, commands)."""
    if status not in ReportStatus.values:
        raise ServiceRefused(_("Unknown status."))
    _check_text(note.strip(), limits.CASE_NOTE, gettext_lazy("The note"))
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if expected_version is not None and expected_version != locked.version:
            last = locked.notes.select_related("author").order_by("-created_at", "-pk").first()
            raise ServiceConflict(
                gettext_lazy("The report's status"),
                locked.version,
                actor_name(last.author if last else None),
            )
        before = locked.status
        now = timezone.now()
        locked.status = status
        locked.status_changed_at = now
        locked.closed_at = now if status == ReportStatus.CLOSED else None
        locked.version += 1
        locked.save(update_fields=["status", "status_changed_at", "closed_at", "version"])
        entry = ReportNote.objects.create(
            report=locked,
            status=status,
            note_encrypted=crypto.encrypt(note.strip()),
            author=actor if isinstance(actor, User) else None,
        )
        record_event(
            "services.report_status_changed",
            actor=actor,
            role="petugas_layanan",
            object_type="service_report",
            object_id=str(locked.public_id),
            before={"status": before},
            after={"status": status, "note_added": bool(note.strip())},
            ip_address=ip_address,
        )
    report.refresh_from_db()
    return entry


def do_purge_service_reports(
    days: int, *, actor: Actor, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Delete reports closed, and appointment requests handled, more than `days` days ago.
    The audit event holds only the counts."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    with transaction.atomic():
        reports = Report.objects.filter(status=ReportStatus.CLOSED, closed_at__lt=cutoff)
        report_count = reports.count()
        reports.delete()
        appointments = AppointmentRequest.objects.filter(handled_at__lt=cutoff)
        appointment_count = appointments.count()
        appointments.delete()
        counts = {"reports": report_count, "appointments": appointment_count}
        record_event(
            "services.purged",
            actor=actor,
            object_type="service_report",
            after={**counts, "retention_days": days, "cutoff": cutoff.isoformat()},
        )
    return counts


def do_request_appointment(
    service: CounsellingService,
    *,
    contact: str,
    message: str,
    preferred_time: str,
    form_token: str | None = None,
) -> AppointmentRequest:
    _check_text(contact.strip(), limits.CONTACT, gettext_lazy("The contact"))
    _check_text(message.strip(), limits.APPOINTMENT_MESSAGE, gettext_lazy("The message"))
    _check_text(preferred_time.strip(), limits.PREFERRED_TIME, gettext_lazy("The preferred time"))
    with transaction.atomic():
        _use_form_token(form_token)
        appointment = AppointmentRequest.objects.create(
            service=service,
            contact_encrypted=crypto.encrypt(contact.strip()),
            message_encrypted=crypto.encrypt(message.strip()),
            preferred_time_encrypted=crypto.encrypt(preferred_time.strip()),
        )
        record_event(
            "services.appointment_requested",
            actor=PUBLIC,
            object_type="appointment_request",
            object_id=str(appointment.public_id),
            after={"service": service.pk, "region": service.region.code},
        )
        path = reverse("services:appointments", kwargs={"code": service.region.code})
        to, region = service.email, service.region
        transaction.on_commit(lambda: _notify(to, region, path))
    return appointment


def do_record_appointment_read(
    appointment: AppointmentRequest, *, actor: Actor, ip_address: str | None
) -> None:
    with transaction.atomic():
        record_event(
            "services.appointment_read",
            actor=actor,
            role="petugas_layanan",
            object_type="appointment_request",
            object_id=str(appointment.public_id),
            ip_address=ip_address,
        )


def do_mark_appointment_handled(
    appointment: AppointmentRequest, *, actor: Actor, ip_address: str | None
) -> None:
    with transaction.atomic():
        appointment.handled_at = timezone.now()
        appointment.save(update_fields=["handled_at"])
        record_event(
            "services.appointment_handled",
            actor=actor,
            role="petugas_layanan",
            object_type="appointment_request",
            object_id=str(appointment.public_id),
            ip_address=ip_address,
        )
