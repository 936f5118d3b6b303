"""The field verification: the visit's date, mode and team, the service sites (loci) shown and
the notes of the Forum Anak session. All belong to the stage whose leaving requires the visit
(VL in the stage table); they may be written after its window closed, while it is under way.

Several team members work on one visit: the schedule and the notes are saved with the version
the page showed (`FieldVisit.version`), and a save from a stale page is refused (EditConflict,
naming who saved since) instead of silently replacing a colleague's notes."""

from __future__ import annotations

import datetime
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
from layakanak.verification.models import FieldVisit, Locus, VisitMode


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
) -> FieldVisit:
    """Set (or change) the date, the mode and the team of the region's field verification.

    `expected_version` is the visit's version the page showed (0 when it showed none)."""
    now = now or timezone.now()
    submission = _open_field_stage(submission, now)
    if mode not in VisitMode.values:
        raise VerificationRefused(_("Choose the kind of visit."))
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
        "team": sorted(visit.team.values_list("pk", flat=True)),
        "version": visit.version,
    }
    if visit is None:
        visit = FieldVisit(submission=submission, version=0)
    visit.visit_date, visit.mode = visit_date, mode
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
    """Add a service site (Puskesmas, school, RBRA, PUSPAGA, UPTD PPA…) with its notes."""
    now = now or timezone.now()
    visit = _visit_for_update(submission, now)
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
