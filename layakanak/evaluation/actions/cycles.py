"""Setting up a cycle: the cycle and its stage windows, its participants, extensions for a region,
and taking a region out again.

Every action runs in one transaction, checks the cycle's rules (`cycle_rules`) and records an
audit event. The set-up pages, the `create_cycle` command, the demonstration and tests call them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, actor_name, record_event, user_of
from layakanak.evaluation.cycle_rules import (
    check_aware,
    check_slug,
    check_stage,
    check_stage_order,
    check_window,
)
from layakanak.evaluation.errors import CycleSetupRefused, EditConflict
from layakanak.evaluation.models import (
    Cycle,
    Extension,
    StageWindow,
    Submission,
    SubmissionStatus,
)
from layakanak.instruments.models import InstrumentVersion
from layakanak.lib import limits
from layakanak.regions.models import Region


@transaction.atomic
def do_create_cycle(
    slug: str,
    *,
    name_id: str,
    name_en: str,
    instrument: InstrumentVersion,
    windows: Mapping[str, tuple[datetime.datetime, datetime.datetime]],
    reminder_days: Iterable[int] = (7, 3, 1),
    actor: Actor,
) -> Cycle:
    """Create a cycle with its instrument version and stage windows.

    Refused (CycleSetupRefused) when the slug is taken, a stage is unknown, a moment is naive, a
    window closes before it opens or the stages are out of order (cycle_rules)."""
    check_slug(slug)
    limits.check_length(name_id, limits.NAME, _("The name in Indonesian"), CycleSetupRefused)
    limits.check_length(name_en, limits.NAME, _("The name in English"), CycleSetupRefused)
    for stage, (opens_at, closes_at) in windows.items():
        check_window(stage, opens_at, closes_at)
    check_stage_order(windows)
    if Cycle.objects.filter(slug=slug).exists():
        raise CycleSetupRefused(_("A cycle with the slug %(slug)r exists."), slug=slug)
    cycle = Cycle.objects.create(
        slug=slug,
        name_id=name_id,
        name_en=name_en,
        instrument=instrument,
        reminder_days=sorted(set(reminder_days), reverse=True),
        updated_by=user_of(actor),
    )
    for stage, (opens_at, closes_at) in windows.items():
        StageWindow.objects.create(cycle=cycle, stage=stage, opens_at=opens_at, closes_at=closes_at)
    record_event(
        "cycle.created",
        actor=actor,
        object_type="cycle",
        object_id=slug,
        after={
            "instrument": instrument.slug,
            "windows": {stage: [o.isoformat(), c.isoformat()] for stage, (o, c) in windows.items()},
        },
    )
    return cycle


@transaction.atomic
def do_set_stage_window(
    cycle: Cycle,
    stage: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    *,
    actor: Actor,
) -> StageWindow:
    """Set (or change) one stage window of a cycle, checked on its own: a known stage, aware
    moments, closing after opening. The order of the stages is checked where all the windows
    are planned together (`do_create_cycle`, `do_set_stage_windows`: the pages and the
    `create_cycle` command); a single window may be moved out of order on purpose (a stage
    closed early, a test)."""
    return do_set_stage_windows(
        cycle, {stage: (opens_at, closes_at)}, actor=actor, keep_order=False
    )[0]


@transaction.atomic
def do_set_stage_windows(
    cycle: Cycle,
    windows: Mapping[str, tuple[datetime.datetime, datetime.datetime]],
    *,
    actor: Actor,
    keep_order: bool = True,
    expected_version: int | None = None,
) -> list[StageWindow]:
    """Set several stage windows at once (the settings page), so that moving every stage
    later is one change: the order of the stages is checked on the result.

    `expected_version` is the cycle's version the settings page showed: when another change
    was saved since, EditConflict is raised and nothing is written (None skips the check: the
    `create_cycle` command and the demonstration, which show no page)."""
    for stage, (opens_at, closes_at) in windows.items():
        check_window(stage, opens_at, closes_at)
    locked = (
        Cycle.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=cycle.pk)
    )
    if windows and expected_version is not None and expected_version != locked.version:
        raise EditConflict(_("The cycle's settings"), locked.version, actor_name(locked.updated_by))
    current = {w.stage: w for w in StageWindow.objects.select_for_update().filter(cycle=cycle)}
    if keep_order:
        check_stage_order(
            {**{stage: (w.opens_at, w.closes_at) for stage, w in current.items()}, **windows}
        )
    saved = []
    for stage, (opens_at, closes_at) in windows.items():
        window = current.get(stage)
        before = window and [window.opens_at.isoformat(), window.closes_at.isoformat()]
        window, _created = StageWindow.objects.update_or_create(
            cycle=cycle, stage=stage, defaults={"opens_at": opens_at, "closes_at": closes_at}
        )
        record_event(
            "cycle.window_set",
            actor=actor,
            object_type="cycle",
            object_id=cycle.slug,
            before={stage: before},
            after={stage: [opens_at.isoformat(), closes_at.isoformat()]},
        )
        saved.append(window)
    if windows:
        locked.version += 1
        locked.updated_by = user_of(actor)
        locked.save(update_fields=["version", "updated_by"])
        cycle.version, cycle.updated_by = locked.version, locked.updated_by
    return saved


@transaction.atomic
def do_add_participants(cycle: Cycle, regions: Iterable[Region], *, actor: Actor) -> int:
    """Add kab/kota to a cycle; regions already taking part are left as they are."""
    existing = set(cycle.submissions.values_list("region_id", flat=True))
    new = [r for r in regions if r.pk not in existing]
    if any(r.level != "regency" for r in new):
        raise ValueError("only kabupaten/kota take part in a cycle")
    Submission.objects.bulk_create(Submission(cycle=cycle, region=r) for r in new)
    if new:
        record_event(
            "cycle.participants_added",
            actor=actor,
            object_type="cycle",
            object_id=cycle.slug,
            after={"regions": [r.code for r in new]},
        )
    return len(new)


@transaction.atomic
def do_grant_extension(
    submission: Submission, stage: str, until: datetime.datetime, reason: str, *, actor: Actor
) -> Extension:
    """Give a region more time in one stage (e.g. the customary 2x24 hours): until a moment
    after the stage's window closes, with a reason."""
    if not reason.strip():
        raise CycleSetupRefused(_("An extension needs a reason."))
    limits.check_length(reason.strip(), limits.EXTENSION_REASON, _("The reason"), CycleSetupRefused)
    check_stage(stage)
    check_aware(until)
    window = StageWindow.objects.filter(cycle_id=submission.cycle_id, stage=stage).first()
    if window is None:
        raise CycleSetupRefused(
            _("This cycle has no window for that stage yet; set the window first."),
        )
    if until <= window.closes_at:
        raise CycleSetupRefused(
            _("An extension must end after the stage's window closes."),
        )
    extension = Extension.objects.create(
        submission=submission,
        stage=stage,
        until=until,
        reason=reason.strip(),
        granted_by=user_of(actor),
    )
    record_event(
        "submission.extension_granted",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={"stage": stage, "until": until.isoformat(), "reason": reason.strip()},
    )
    return extension


@transaction.atomic
def do_remove_participant(submission: Submission, *, actor: Actor) -> None:
    """Take a region out of a cycle. Only a region that has not started: removing a submission
    with answers or evidence would destroy the region's work, so it is refused."""
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if (
        locked.status != SubmissionStatus.NOT_STARTED
        or locked.answers.exists()
        or locked.evidence.exists()
    ):
        raise CycleSetupRefused(
            _("This region has started its self-assessment; it cannot be removed from the cycle."),
        )
    code = locked.region.code
    try:
        locked.delete()
    except ProtectedError as error:  # a later stage (verification, results) points at it
        raise CycleSetupRefused(
            _("This region already has records of another stage; it cannot be removed."),
        ) from error
    record_event(
        "cycle.participant_removed",
        actor=actor,
        object_type="cycle",
        object_id=locked.cycle.slug,
        before={"region": code},
    )
