"""The field verification: the visit's date, mode and team, the service sites (loci) shown and
the notes of the Forum Anak session. All belong to the stage whose leaving requires the visit
(VL in the stage table); they may be written after its window closed, while it is under way.

Several team members work on one visit: the schedule and the notes are saved with the version
the page showed (`FieldVisit.version`), and a save from a stale page is refused (EditConflict,
naming who saved since) instead of silently replacing a colleague's notes."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, actor_name, record_event, user_of
from layakanak.evaluation import stages
from layakanak.evaluation.errors import EditConflict
from layakanak.evaluation.models import Submission
from layakanak.lib import limits
from layakanak.verification.actions._common import open_stage
from layakanak.verification.errors import VerificationRefused
from layakanak.verification.models import FieldVisit, Locus, SiteKind, VisitMode
from layakanak.verification.site_kinds import is_active


def _open_field_stage(submission: Submission, now: datetime.datetime) -> Submission:
    """The submission locked, its review in the field stage (no window check)."""
    field_stage = stages.field_stage()
    assert field_stage is not None, "the stage table has no stage that requires a field visit"
    submission, _review = open_stage(submission, field_stage.code, now, window=False)
    return submission


def _check_version(visit: FieldVisit | None, expected_version: int | None) -> None:
    """Refuse a save from a page that showed another version of the visit (0: no visit yet);
    None skips the check (the demonstration and commands, which show no page)."""
    current = visit.version if visit else 0
    if expected_version is not None and expected_version != current:
        assert visit is not None  # only a visit that exists can have moved on
        raise EditConflict(_("The field visit"), current, actor_name(visit.updated_by))


@transaction.atomic
def do_schedule_field_visit(
    submission: Submission,
    *,
    visit_date: datetime.date,
    mode: str,
    team: Iterable[Any],
    actor: Actor,
    now: datetime.datetime | None = None,
    expected_version: int | None = None,
    video_call_date: datetime.date | None = None,
) -> FieldVisit:
    """Set (or change) the date, the mode and the team of the region's field verification;
    a hybrid visit (VLH) may give the day of its video call with the sites.

    `expected_version` is the visit's version the page showed (0 when it showed none)."""
    now = now or timezone.now()
    submission = _open_field_stage(submission, now)
    if mode not in VisitMode.values:
        raise VerificationRefused(_("Choose the kind of visit."))
    if video_call_date is not None and mode != VisitMode.HYBRID:
        raise VerificationRefused(_("A video call date is only for a hybrid visit."))
    visit = (
        FieldVisit.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(submission=submission)
        .first()
    )
    _check_version(visit, expected_version)
    before = visit and {
        "date": visit.visit_date.isoformat(),
        "mode": visit.mode,
        "video_call_date": visit.video_call_date and visit.video_call_date.isoformat(),
        "team": sorted(visit.team.values_list("pk", flat=True)),
        "version": visit.version,
    }
    if visit is None:
        visit = FieldVisit(submission=submission, version=0)
    visit.visit_date, visit.mode, visit.video_call_date = visit_date, mode, video_call_date
    visit.updated_by, visit.updated_at = user_of(actor), now
    visit.version += 1
    visit.save()
    members = list(team)
    visit.team.set(members)
    record_event(
        "verification.field_visit_scheduled",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        before=before,
        after={
            "date": visit_date.isoformat(),
            "mode": mode,
            "video_call_date": video_call_date and video_call_date.isoformat(),
            "team": sorted(member.pk for member in members),
            "version": visit.version,
        },
    )
    return visit


def _visit_for_update(submission: Submission, now: datetime.datetime) -> FieldVisit:
    submission = _open_field_stage(submission, now)
    visit = (
        FieldVisit.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(submission=submission)
        .first()
    )
    if visit is None:
        raise VerificationRefused(
            _("Schedule the field verification first."),
        )
    return visit


@transaction.atomic
def do_add_locus(
    submission: Submission,
    *,
    kind: str,
    name: str,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    notes: str = "",
    actor: Actor,
    now: datetime.datetime | None = None,
) -> Locus:
    """Add a service site with its notes; `kind` is the code of an active kind of site
    (`verification.site_kinds`: Puskesmas, school, PISA, Forum Anak…)."""
    now = now or timezone.now()
    visit = _visit_for_update(submission, now)
    if not is_active(kind):
        raise VerificationRefused(_("Choose the kind of site."))
    if not name.strip():
        raise VerificationRefused(_("Give the name of the site."))
    limits.check_length(name.strip(), limits.NAME, _("The name"), VerificationRefused)
    limits.check_length(address.strip(), limits.ADDRESS, _("The address"), VerificationRefused)
    limits.check_length(notes.strip(), limits.NOTES, _("The notes"), VerificationRefused)
    if (latitude is None) != (longitude is None):
        raise VerificationRefused(_("Give latitude and longitude together."))
    if (
        latitude is not None
        and longitude is not None
        and (not -90 <= latitude <= 90 or not -180 <= longitude <= 180)
    ):
        raise VerificationRefused(_("The coordinates are not valid."))
    locus = Locus.objects.create(
        visit=visit,
        kind=kind,
        name=name.strip(),
        address=address.strip(),
        latitude=latitude,
        longitude=longitude,
        notes=notes.strip(),
        added_by=user_of(actor),
        added_at=now,
    )
    record_event(
        "verification.locus_added",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "kind": kind,
            "name": locus.name,
            "latitude": latitude and str(latitude),
            "longitude": longitude and str(longitude),
        },
    )
    return locus


@transaction.atomic
def do_save_forum_anak_notes(
    submission: Submission,
    notes: str,
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
    expected_version: int | None = None,
) -> FieldVisit:
    """The notes of the breakout session with the Forum Anak (no child's personal data).

    `expected_version` is the visit's version the page showed."""
    now = now or timezone.now()
    notes = limits.check_length(notes.strip(), limits.NOTES, _("The notes"), VerificationRefused)
    visit = _visit_for_update(submission, now)
    before = visit.forum_anak_notes
    if notes == before:
        return visit  # nothing changes (a repeated save): nobody's notes can be lost
    _check_version(visit, expected_version)
    visit.forum_anak_notes = notes
    visit.updated_by = user_of(actor)
    visit.updated_at = now
    visit.version += 1
    visit.save(update_fields=["forum_anak_notes", "updated_by", "updated_at", "version"])
    record_event(
        "verification.forum_anak_notes_saved",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        before={"notes": before},
        after={"notes": visit.forum_anak_notes, "version": visit.version},
    )
    return visit


@transaction.atomic
def do_set_site_kind(
    code: str,
    *,
    name_id: str,
    name_en: str,
    position: int,
    active: bool = True,
    actor: Actor,
) -> SiteKind:
    """Add a kind of field verification site, or change or retire (`active=False`) one, the
    shipped defaults included (a row with a default's code overrides it)."""
    code = code.strip()
    if not re.fullmatch(r"[a-z0-9_]{1,30}", code):
        raise VerificationRefused(
            _("A kind's code is 1 to 30 lower-case letters, digits or underscores.")
        )
    names = [name.strip() for name in (name_id, name_en)]
    if not all(names):
        raise VerificationRefused(_("Give the kind's name in Indonesian and in English."))
    for name in names:
        limits.check_length(name, 100, _("The name"), VerificationRefused)
    if not 0 <= position <= 32767:
        raise VerificationRefused(_("The position must be between 0 and 32767."))
    row = SiteKind.objects.select_for_update().filter(code=code).first()
    before = row and {"name_id": row.name_id, "name_en": row.name_en, "active": row.active}
    row = row or SiteKind(code=code)
    row.name_id, row.name_en, row.position, row.active = names[0], names[1], position, active
    row.save()
    record_event(
        "verification.site_kind_set",
        actor=actor,
        object_type="site_kind",
        object_id=code,
        before=before,
        after={"name_id": row.name_id, "name_en": row.name_en, "active": active},
    )
    return row
