"""What every verification action starts with, and the refusals they share.

Each action opens the same way: lock the submission, get its review (created by the first write
of the first verification stage), require the stage to be the one under way and its window to be
open for the region. `open_stage` does that once for all of them, reading the stage table
(`evaluation.stages`); `require_leaving` checks what a stage's row says leaving it requires.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from layakanak.core.locale import bilingual
from layakanak.evaluation import stages
from layakanak.evaluation.models import StageScore, Submission, SubmissionStatus
from layakanak.evaluation.windows import stage_is_open
from layakanak.verification import queries
from layakanak.verification.errors import StageLocked, VerificationRefused
from layakanak.verification.models import (
    FieldSelection,
    FieldSelectionEntry,
    FieldVisit,
    Review,
    ReviewState,
    UnselectedRoute,
)


def _locked_submission(submission: Submission) -> Submission:
    locked = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("cycle__instrument", "region")
        .defer("cycle__instrument__document")
    )
    return locked.get(pk=submission.pk)


def _running_name(code: str) -> str:
    """A stage's name inside running text, in the language the refusal is shown in."""
    return bilingual(stages.name_id(code), stages.name_en(code))


def _review(submission: Submission, now: datetime.datetime, *, create: bool = False) -> Review:
    """The submission's review, locked; created at VA the first time a verifier writes."""
    review = Review.objects.select_for_update().filter(submission_id=submission.pk).first()
    if review is not None:
        return review
    if submission.status != SubmissionStatus.SUBMITTED:
        raise VerificationRefused(
            _("This region has not submitted its self-assessment; verification cannot start."),
        )
    if not create:
        raise StageLocked(
            _("Administrative verification has not started for this region."),
        )
    return Review.objects.create(submission=submission, started_at=now, updated_at=now)


def _require_stage(review: Review, stage: str) -> None:
    if review.state == ReviewState.DECIDED:
        raise StageLocked(
            _("The predicate of this region has been decided; verification is locked."),
        )
    if review.stage != stage:
        raise StageLocked(
            _(
                "The %(stage)s stage is not under way (current stage: %(current)s); an approved "
                "stage is locked unless a central verifier reopens it."
            ),
            stage=_running_name(stage),
            current=_running_name(review.stage),
        )


def _require_window(submission: Submission, stage: str, now: datetime.datetime) -> None:
    row = stages.get(stage)
    if not stage_is_open(submission, row.window, now):
        raise VerificationRefused(
            _("The %(stage)s window is not open for this region."),
            stage=_running_name(stage),
        )


def open_review(submission: Submission, now: datetime.datetime) -> tuple[Submission, Review]:
    """The submission locked and its review locked, whatever stage it is in (send-backs,
    reopening); refused when verification has not started."""
    submission = _locked_submission(submission)
    return submission, _review(submission, now)


def open_stage(
    submission: Submission, stage: str, now: datetime.datetime, *, window: bool = True
) -> tuple[Submission, Review]:
    """The opening of an action in `stage`: the submission and its review locked (the review is
    created when this is the first verification stage), the stage under way and, with `window`,
    its window open for the region (the field visit's notes are kept also after the window)."""
    submission = _locked_submission(submission)
    review = _review(submission, now, create=stage == stages.first_verification().code)
    _require_stage(review, stage)
    row = stages.get(stage)
    for requirement in row.entering:
        _ENTERING[requirement](submission, row)
    if window:
        _require_window(submission, stage, now)
    return submission, review


def _parse_points(raw: object, maximum: Decimal, quantum: Decimal) -> Decimal:
    try:
        points = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise VerificationRefused(_("The score could not be read.")) from exc
    if not points.is_finite() or points < 0 or points > maximum:
        raise VerificationRefused(
            _("The score must be between 0 and %(maximum)s."), maximum=maximum
        )
    if points != points.quantize(quantum):
        raise VerificationRefused(
            _("The score has at most %(decimals)s decimals."),
            decimals=-quantum.as_tuple().exponent,  # type: ignore[operator]
        )
    return points.quantize(quantum)


def _every_answer_checked(submission: Submission, row: stages.StageRow) -> None:
    missing = queries.unchecked(submission, row.code)
    if missing:
        raise VerificationRefused(
            _("%(count)s question(s) not yet checked (e.g. %(examples)s)."),
            count=len(missing),
            examples=", ".join(missing[:5]),
        )


def _field_visit_scheduled(submission: Submission, row: stages.StageRow) -> None:
    if not FieldVisit.objects.filter(submission=submission).exists():
        raise VerificationRefused(
            _("Schedule the field verification first."),
        )


def final_score(submission: Submission) -> StageScore | None:
    """The frozen score the decision starts from: the final verification stage's (VF); for a
    region not selected for the field verification and routed by its desk score, the score of
    the stage before the field stage (the central review)."""
    final = stages.final_verification().code
    score = StageScore.objects.filter(submission=submission, stage=final).first()
    if score is not None:
        return score
    desk = queries.desk_stage()
    if desk is None:
        return None
    entry = (
        FieldSelectionEntry.objects.filter(submission=submission, selected=False)
        .select_related("selection")
        .first()
    )
    if entry is None or entry.selection.unselected_route != UnselectedRoute.DESK_SCORE:
        return None
    return StageScore.objects.filter(submission=submission, stage=desk.code).first()


def _final_score(submission: Submission, row: stages.StageRow) -> None:
    if final_score(submission) is None:
        raise VerificationRefused(_("There is no final verification score."))


def _selected_for_field(submission: Submission, row: stages.StageRow) -> None:
    selection = FieldSelection.objects.filter(cycle_id=submission.cycle_id).first()
    if selection is None:  # no selection rule in this cycle: every region is visited
        return
    if selection.announced_at is None:
        raise VerificationRefused(
            _("The selection for the field verification has not been announced yet."),
        )
    if not FieldSelectionEntry.objects.filter(submission=submission, selected=True).exists():
        raise VerificationRefused(
            _("This region was not selected for the field verification."),
        )


_ENTERING = {
    stages.Requirement.SELECTED_FOR_FIELD: _selected_for_field,
}


def skips_field_stage(submission: Submission) -> bool:
    """Whether the announced selection left this region out of the field verification (it goes
    from the stage before straight to the decision, also after that stage is reopened)."""
    return FieldSelectionEntry.objects.filter(submission=submission, selected=False).exists()


def entering_refusal(submission: Submission, stage: str) -> VerificationRefused | None:
    """Why the stage cannot be worked on for this region (its row's `entering`), or None: for
    pages, which show it instead of forms that would be refused."""
    row = stages.find(stage)
    if row is None:
        return None
    for requirement in row.entering:
        try:
            _ENTERING[requirement](submission, row)
        except VerificationRefused as refusal:
            return refusal
    return None


_REQUIREMENTS = {
    stages.Requirement.EVERY_ANSWER_CHECKED: _every_answer_checked,
    stages.Requirement.FIELD_VISIT_SCHEDULED: _field_visit_scheduled,
    stages.Requirement.FINAL_SCORE: _final_score,
}


def require_leaving(submission: Submission, stage: str) -> None:
    """Refuse unless everything the stage's row says leaving it requires holds, in its order."""
    row = stages.get(stage)
    for requirement in row.leaving:
        _REQUIREMENTS[requirement](submission, row)
