"""The selection into the field verification (KLA.md section 11): only the regions that pass the
desk stages are visited. The rule and the route of the others are settings of the cycle; the
admin reviews the rule's proposal, changes it with a reason, and announces the selection."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, actor_name, record_event, user_of
from layakanak.evaluation import stages
from layakanak.evaluation.errors import EditConflict
from layakanak.evaluation.models import Cycle, StageScore, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.lib import limits
from layakanak.verification import queries
from layakanak.verification.errors import VerificationRefused
from layakanak.verification.models import (
    Decision,
    FieldSelection,
    FieldSelectionEntry,
    Review,
    ReviewState,
    UnselectedRoute,
)

NOT_SELECTED_REASON = (
    "Tidak terpilih untuk verifikasi lapangan; tanpa predikat pada siklus ini. / "
    "Not selected for the field verification; no predicate in this cycle."
)


@dataclass(frozen=True)
class Candidate:
    """A region waiting for the selection: its desk score and what the rule proposes."""

    submission: Submission
    score: StageScore
    proposed: bool


def _field_code() -> str:
    field = stages.field_stage()
    if field is None:
        raise VerificationRefused(_("This evaluation has no field verification stage."))
    return field.code


def candidates(cycle: Cycle, min_score: Decimal | None) -> list[Candidate]:
    """The regions that have passed the desk stages (their review is at the field stage) with
    their desk score, highest first; the rule proposes those at or above `min_score`."""
    desk = queries.desk_stage()
    if desk is None:
        return []
    waiting = list(
        Review.objects.filter(submission__cycle=cycle, stage=_field_code())
        .exclude(state=ReviewState.DECIDED)
        .select_related("submission__region")
        .defer("submission__cycle__instrument__document")
    )
    scores = {
        s.submission_id: s
        for s in StageScore.objects.filter(
            submission__in=[r.submission_id for r in waiting], stage=desk.code
        )
    }
    found = [
        Candidate(
            review.submission,
            scores[review.submission_id],
            min_score is not None and scores[review.submission_id].total >= min_score,
        )
        for review in waiting
        if review.submission_id in scores
    ]
    return sorted(found, key=lambda c: (-c.score.total, c.submission.region.code))


def still_at_desk(cycle: Cycle) -> int:
    """Submitted regions whose desk stages are not finished (not yet at the field stage)."""
    field = stages.get(_field_code())
    before = [row.code for row in stages.reviewed_stages() if row.order < field.order]
    submitted = Submission.objects.filter(cycle=cycle, status="submitted")
    unreviewed = submitted.filter(review__isnull=True).count()
    return unreviewed + Review.objects.filter(submission__cycle=cycle, stage__in=before).count()


@transaction.atomic
def do_set_selection_rule(
    cycle: Cycle,
    *,
    min_score: Decimal | None,
    unselected_route: str,
    actor: Actor,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> FieldSelection:
    """Set the cycle's selection rule: regions at or above `min_score` after the central review
    are proposed for the field verification; `unselected_route` says where the others go.
    `expected_version` is the version the page showed (None: no page, e.g. a command)."""
    now = now or timezone.now()
    if unselected_route not in UnselectedRoute.values:
        raise VerificationRefused(_("Unknown route for the regions not selected."))
    maximum = instrument_of(cycle.instrument).total_points
    if min_score is not None and not (0 <= min_score <= maximum):
        raise VerificationRefused(
            _("The minimum score must be between 0 and %(maximum)s."), maximum=maximum
        )
    selection = FieldSelection.objects.select_for_update(of=("self",)).filter(cycle=cycle).first()
    if selection is not None and selection.announced_at is not None:
        raise VerificationRefused(_("The selection has been announced; its rule is fixed."))
    if selection is not None and expected_version not in (None, selection.version):
        raise EditConflict(
            _("The selection rule"), selection.version, actor_name(selection.updated_by)
        )
    before = (
        {"min_score": str(selection.min_score), "route": selection.unselected_route}
        if selection
        else None
    )
    if selection is None:
        selection = FieldSelection(cycle=cycle, version=0)
    selection.min_score = min_score
    selection.unselected_route = unselected_route
    selection.updated_by = user_of(actor)
    selection.updated_at = now
    selection.version += 1
    selection.save()
    record_event(
        "verification.selection_rule_set",
        actor=actor,
        object_type="cycle",
        object_id=cycle.slug,
        before=before,
        after={"min_score": str(min_score), "route": unselected_route},
    )
    return selection


@transaction.atomic
def do_announce_selection(
    cycle: Cycle,
    changes: Mapping[int, tuple[bool, str]],
    *,
    actor: Actor,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> FieldSelection:
    """Announce who gets a field verification. `changes` maps a submission id to (selected,
    reason) where the admin departs from the rule's proposal; a departure needs a reason. Every
    region at the field stage gets an entry; those not selected leave the verification by the
    cycle's route: decided from their desk score, or given no predicate in this cycle."""
    now = now or timezone.now()
    selection = FieldSelection.objects.select_for_update(of=("self",)).filter(cycle=cycle).first()
    if selection is None:
        raise VerificationRefused(_("Set the selection rule first."))
    if selection.announced_at is not None:
        raise VerificationRefused(_("The selection has already been announced."))
    if expected_version not in (None, selection.version):
        raise EditConflict(
            _("The selection rule"), selection.version, actor_name(selection.updated_by)
        )
    waiting = still_at_desk(cycle)
    if waiting:
        raise VerificationRefused(
            _(
                "%(count)s region(s) have not finished the desk stages; announce the selection "
                "when every region has."
            ),
            count=waiting,
        )
    found = candidates(cycle, selection.min_score)
    if not found:
        raise VerificationRefused(_("No region is waiting for the selection."))
    unknown = set(changes) - {c.submission.pk for c in found}
    if unknown:
        raise VerificationRefused(_("A region in the selection is not waiting for it."))
    entries = []
    for candidate in found:
        selected, reason = changes.get(candidate.submission.pk, (candidate.proposed, ""))
        reason = limits.check_length(
            reason.strip(), limits.REASON, _("The reason"), VerificationRefused
        )
        if selected != candidate.proposed and not reason:
            raise VerificationRefused(
                _("%(region)s: a choice that differs from the rule's proposal needs a reason."),
                region=candidate.submission.region.name,
            )
        entries.append(
            FieldSelectionEntry(
                selection=selection,
                submission=candidate.submission,
                score=candidate.score.total,
                proposed=candidate.proposed,
                selected=selected,
                reason=reason if selected != candidate.proposed else "",
            )
        )
    FieldSelectionEntry.objects.bulk_create(entries)
    decision_code = stages.decision().code
    lowest = instrument_of(cycle.instrument).bands[0].code
    for entry, candidate in zip(entries, found, strict=True):
        if entry.selected:
            continue
        Review.objects.filter(submission=candidate.submission).update(
            stage=decision_code, updated_at=now
        )
        if selection.unselected_route == UnselectedRoute.NO_PREDICATE:
            Decision.objects.create(
                submission=candidate.submission,
                final_total=candidate.score.total,
                proposed_band=candidate.score.band_code,
                decided_band=lowest,
                reason=NOT_SELECTED_REASON,
                decided_by=user_of(actor),
                decided_at=now,
            )
            Review.objects.filter(submission=candidate.submission).update(state=ReviewState.DECIDED)
    selection.announced_at = now
    selection.announced_by = user_of(actor)
    selection.version += 1
    selection.save(update_fields=["announced_at", "announced_by", "version"])
    chosen = [e for e in entries if e.selected]
    record_event(
        "verification.selection_announced",
        actor=actor,
        object_type="cycle",
        object_id=cycle.slug,
        after={
            "min_score": str(selection.min_score),
            "route": selection.unselected_route,
            "selected": sorted(e.submission.region.code for e in chosen),
            "not_selected": sorted(e.submission.region.code for e in entries if not e.selected),
            "changed": {
                e.submission.region.code: e.reason for e in entries if e.selected != e.proposed
            },
        },
    )
    return selection
