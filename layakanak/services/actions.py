"""Every write of the child-services module. Each action runs in one transaction and appends an
audit event in it. Audit events of reports and appointment requests carry ids, region codes and
statuses only: never free text, contact details, notes or tracking codes."""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from layakanak.accounts.models import User
from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.regions.models import Region
from layakanak.services import crypto, photos, throttle
from layakanak.services.models import (
    AppointmentRequest,
    ChildForum,
    CounsellingService,
    ForumActivity,
    Playground,
    PlaygroundPhoto,
    Report,
    ReportNote,
    ReportStatus,
    ServiceContact,
)

logger = logging.getLogger(__name__)

PUBLIC = "public"
# Crockford's base32 without look-alikes: 16 characters are 80 random bits.
_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


class ServiceRefused(Exception):
    """A write that was refused; the message is shown to the user as it is."""


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _plain(value: Any) -> Any:
    if isinstance(value, Region):
        return value.code
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, str, list)):
        return value
    return str(value)


def _notify(to: str, region: Region, path: str) -> None:
    """An e-mail that says only that something waits in the inbox: no personal data."""
    if not to:
        return
    subject = _("[%(site)s] A new item is waiting in the child-services inbox") % {
        "site": settings.SITE_NAME
    }
    body = _(
        "A new item is waiting in the child-services inbox of %(region)s.\n\n"
        "Open it after logging in: %(link)s\n\n"
        "For the child's safety this e-mail contains no details."
    ) % {"region": region.name, "link": settings.SITE_URL.rstrip("/") + path}
    try:
        send_mail(subject, body, None, [to])
    except Exception:  # the inbox still holds the report; the mail is only a nudge
        logger.exception("service notification e-mail could not be sent")


def _use_form_token(token: str | None) -> None:
    """A public form's token is accepted once: the same form sent again (a replay, or a script
    re-posting one valid form) is refused. It is used inside the action's transaction, so a
    submission that fails leaves it usable."""
    if token is not None and not throttle.use_token(token):
        raise ServiceRefused(
            _("This form has already been sent. Reload the page to send a new one.")
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
    report: Report, status: str, note: str, *, actor: Actor, ip_address: str | None
) -> ReportNote:
    if status not in ReportStatus.values:
        raise ServiceRefused(_("Unknown status."))
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        before = locked.status
        now = timezone.now()
        locked.status = status
        locked.status_changed_at = now
        locked.closed_at = now if status == ReportStatus.CLOSED else None
        locked.save(update_fields=["status", "status_changed_at", "closed_at"])
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


# --- UPTD PPA contact and counselling directory -----------------------------------------------

CONTACT_FIELDS = ("unit_name", "email", "phone", "whatsapp", "address")
SERVICE_FIELDS = (
    "kind",
    "name",
    "address",
    "hours",
    "phone",
    "whatsapp",
    "email",
    "online",
    "latitude",
    "longitude",
    "active",
)
FORUM_FIELDS = ("region", "name", "decree", *ChildForum.MEMBER_FIELDS)
ACTIVITY_FIELDS = ("kind", "held_on", "title", "outcome")
PLAYGROUND_FIELDS = (
    "district",
    "name",
    "address",
    "latitude",
    "longitude",
    "requirements_met",
    "certification",
    "certified_on",
)


def _save(
    obj: models.Model, fields: tuple[str, ...], data: dict[str, Any], action: str, actor: Actor
) -> None:
    creating = obj.pk is None
    before = None if creating else _snapshot(obj, fields)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    obj.full_clean()
    obj.save()
    record_event(
        action,
        actor=actor,
        object_type=obj._meta.model_name or "",
        object_id=str(obj.pk),
        before=before,
        after=_snapshot(obj, fields),
    )


def do_save_contact(region: Region, data: dict[str, Any], *, actor: Actor) -> ServiceContact:
    with transaction.atomic():
        contact = ServiceContact.objects.filter(region=region).first() or ServiceContact(
            region=region
        )
        _save(contact, CONTACT_FIELDS, data, "services.contact_saved", actor)
    return contact


def do_save_service(
    service: CounsellingService | None, region: Region, data: dict[str, Any], *, actor: Actor
) -> CounsellingService:
    with transaction.atomic():
        target = service or CounsellingService(region=region)
        _save(target, SERVICE_FIELDS, data, "services.counselling_saved", actor)
    return target


def do_request_appointment(
    service: CounsellingService,
    *,
    contact: str,
    message: str,
    preferred_time: str,
    form_token: str | None = None,
) -> AppointmentRequest:
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


# --- Forum Anak and RBRA ----------------------------------------------------------------------


def do_save_forum(
    forum: ChildForum | None, regency: Region, data: dict[str, Any], *, actor: Actor
) -> ChildForum:
    region = data.get("region") or (forum.region if forum else regency)
    if region.pk != regency.pk and not region.code.startswith(regency.code + "."):
        raise ServiceRefused(_("The forum's region must lie in this kab/kota."))
    with transaction.atomic():
        target = forum or ChildForum(regency=regency)
        _save(target, FORUM_FIELDS, data, "services.forum_saved", actor)
    return target


def do_add_forum_activity(
    forum: ChildForum, data: dict[str, Any], *, actor: Actor
) -> ForumActivity:
    with transaction.atomic():
        activity = ForumActivity(forum=forum)
        _save(activity, ACTIVITY_FIELDS, data, "services.forum_activity_added", actor)
    return activity


def do_save_playground(
    playground: Playground | None, regency: Region, data: dict[str, Any], *, actor: Actor
) -> Playground:
    district = data.get("district") or (playground.district if playground else None)
    if district is None or district.parent_id != regency.pk:
        raise ServiceRefused(_("The playground's kecamatan must lie in this kab/kota."))
    data = {**data, "requirements_met": sorted(int(n) for n in data.get("requirements_met", []))}
    with transaction.atomic():
        target = playground or Playground(regency=regency)
        _save(target, PLAYGROUND_FIELDS, data, "services.playground_saved", actor)
    return target


# --- RBRA photos --------------------------------------------------------------------------------

MAX_PHOTOS_PER_PLAYGROUND = 12


def do_add_playground_photo(
    playground: Playground,
    upload: IO[bytes],
    size: int,
    *,
    caption: str,
    no_identifiable_child: bool,
    actor: Actor,
) -> PlaygroundPhoto:
    """Store a photo of a playground, re-encoded without metadata (photos.py).

    UU 11/2012 Pasal 19 and UU 27/2022: nothing is stored unless the uploader confirms that the
    photo shows no child who can be recognised; the confirmation is kept in the audit event."""
    if not no_identifiable_child:
        raise ServiceRefused(str(photos.NO_CHILD_REFUSAL))
    try:
        clean = photos.clean_photo(upload, size)
    except photos.PhotoRefused as refusal:
        raise ServiceRefused(str(refusal)) from None
    saved: list[str] = []
    try:
        with transaction.atomic():
            locked = Playground.objects.select_for_update().get(pk=playground.pk)
            if locked.photos.count() >= MAX_PHOTOS_PER_PLAYGROUND:
                raise ServiceRefused(
                    _("A playground can have at most %(count)s photos. Remove one first.")
                    % {"count": MAX_PHOTOS_PER_PLAYGROUND}
                )
            photo = PlaygroundPhoto(
                playground=locked,
                content_type=clean.content_type,
                width=clean.width,
                height=clean.height,
                caption=caption.strip(),
                uploaded_by=user_of(actor),
            )
            photo.image.save(
                f"{photo.public_id.hex}-photo.{clean.extension}",
                ContentFile(clean.image),
                save=False,
            )
            saved.append(photo.image.name)
            photo.thumbnail.save(
                f"{photo.public_id.hex}-thumb.{clean.extension}",
                ContentFile(clean.thumbnail),
                save=False,
            )
            saved.append(photo.thumbnail.name)
            photo.save()
            record_event(
                "services.playground_photo_added",
                actor=actor,
                object_type="playground_photo",
                object_id=str(photo.public_id),
                after={
                    "playground": locked.pk,
                    "regency": locked.regency.code,
                    "content_type": clean.content_type,
                    "width": clean.width,
                    "height": clean.height,
                    "bytes": len(clean.image),
                    "caption": photo.caption,
                    "no_identifiable_child_confirmed": True,
                    "metadata_stripped": True,
                },
            )
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    return photo


def do_remove_playground_photo(photo: PlaygroundPhoto, *, actor: Actor) -> None:
    """Delete a photo; its files leave the storage once the deletion is committed."""
    names = [photo.image.name, photo.thumbnail.name]
    with transaction.atomic():
        before = {
            "playground": photo.playground_id,
            "caption": photo.caption,
            "uploaded_at": photo.uploaded_at.isoformat(),
        }
        object_id = str(photo.public_id)
        PlaygroundPhoto.objects.filter(pk=photo.pk).delete()
        record_event(
            "services.playground_photo_removed",
            actor=actor,
            object_type="playground_photo",
            object_id=object_id,
            before=before,
        )
        transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
