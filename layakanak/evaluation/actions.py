"""Writes of the evaluation: cycles, windows, participants, extensions, answers, submission.

Every action runs in one transaction, checks state (windows, status, versions) and records an
audit event. Views, the API, commands and tests all call these functions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from layakanak.audit.actions import Actor, actor_name, record_event, user_of
from layakanak.evaluation import queries, values
from layakanak.evaluation.cycle_rules import (
    check_aware,
    check_slug,
    check_stage,
    check_stage_order,
    check_window,
)
from layakanak.evaluation.errors import (
    AnswerConflict,
    CycleSetupRefused,
    IncompleteSubmission,
    StageClosed,
)
from layakanak.evaluation.models import (
    Answer,
    Cycle,
    Extension,
    Stage,
    StageScore,
    StageWindow,
    Submission,
    SubmissionStatus,
)
from layakanak.evaluation.windows import is_open, stage_annotations, stage_is_open
from layakanak.instruments.models import InstrumentVersion
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region
from layakanak.scoring.answers import AnswerError, validate_answer
from layakanak.scoring.engine import score
from layakanak.scoring.model import Instrument


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
    for stage, (opens_at, closes_at) in windows.items():
        check_window(stage, opens_at, closes_at)
    check_stage_order(windows)
    if Cycle.objects.filter(slug=slug).exists():
        raise CycleSetupRefused(
            f"Siklus dengan slug {slug!r} sudah ada.", f"A cycle with the slug {slug!r} exists."
        )
    cycle = Cycle.objects.create(
        slug=slug,
        name_id=name_id,
        name_en=name_en,
        instrument=instrument,
        reminder_days=sorted(set(reminder_days), reverse=True),
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
) -> list[StageWindow]:
    """Set several stage windows at once (the settings page), so that moving every stage
    later is one change: the order of the stages is checked on the result."""
    for stage, (opens_at, closes_at) in windows.items():
        check_window(stage, opens_at, closes_at)
    current = {w.stage: w for w in StageWindow.objects.select_for_update().filter(cycle=cycle)}
    if keep_order:
        check_stage_order(
            {**{stage: (w.opens_at, w.closes_at) for stage, w in current.items()}, **windows}
        )
    saved = []
    for stage, (opens_at, closes_at) in windows.items():
        window = current.get(stage)
        before = window and [window.opens_at.isoformat(), window.closes_at.isoformat()]
        window, _ = StageWindow.objects.update_or_create(
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
        raise CycleSetupRefused("Perpanjangan memerlukan alasan.", "An extension needs a reason.")
    check_stage(stage)
    check_aware(until)
    window = StageWindow.objects.filter(cycle_id=submission.cycle_id, stage=stage).first()
    if window is None:
        raise CycleSetupRefused(
            "Siklus ini belum memiliki jadwal untuk tahap tersebut; atur jadwalnya dahulu.",
            "This cycle has no window for that stage yet; set the window first.",
        )
    if until <= window.closes_at:
        raise CycleSetupRefused(
            "Perpanjangan harus berakhir setelah jadwal tahap ini ditutup.",
            "An extension must end after the stage's window closes.",
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
            "Daerah ini sudah mulai mengisi evaluasi mandiri; pesertanya tidak dapat dihapus.",
            "This region has started its self-assessment; it cannot be removed from the cycle.",
        )
    code = locked.region.code
    try:
        locked.delete()
    except ProtectedError as error:  # a later stage (verification, results) points at it
        raise CycleSetupRefused(
            "Daerah ini sudah memiliki catatan tahap lain; pesertanya tidak dapat dihapus.",
            "This region already has records of another stage; it cannot be removed.",
        ) from error
    record_event(
        "cycle.participant_removed",
        actor=actor,
        object_type="cycle",
        object_id=locked.cycle.slug,
        before={"region": code},
    )


def _check_editable(
    submission: Submission,
    now: datetime.datetime,
    question_code: str | None = None,
    *,
    window_open: bool | None = None,
) -> None:
    # --- verification (issue 6): during an open send-back the operator may change exactly the
    # questions sent back (answers and evidence), although the submission is submitted.
    if question_code is not None and submission.status == SubmissionStatus.SUBMITTED:
        from layakanak.verification.queries import open_revision_questions

        if question_code in open_revision_questions(submission, now):
            return
    # --- end verification
    if submission.status == SubmissionStatus.SUBMITTED:
        raise StageClosed(
            "Evaluasi mandiri sudah dikirim; jawaban tidak dapat diubah lagi.",
            "The self-assessment has been submitted; answers can no longer be changed.",
        )
    if window_open is None:
        window_open = stage_is_open(submission, Stage.EVALUASI_MANDIRI, now)
    if not window_open:
        raise StageClosed(
            "Masa evaluasi mandiri sudah ditutup (atau belum dibuka) untuk daerah ini.",
            "The self-assessment window is closed (or not yet open) for this region.",
        )


def check_editable(
    submission: Submission, now: datetime.datetime, question_code: str | None = None
) -> None:
    """Raise StageClosed unless the submission's answers and evidence may change at `now`
    (also used by the evidence and workbook actions). With `question_code`, a question sent
    back for revision stays editable after submission."""
    _check_editable(submission, now, question_code)


@dataclass(frozen=True)
class SavedAnswer:
    """What `do_save_answer_with_values` did: the answer row (None when there is none) and every
    stored answer of the submission after the save, read under the submission's lock."""

    answer: Answer | None
    stored: dict[str, Any]  # question code -> stored JSON value (unanswered questions left out)
    instrument: Instrument

    @property
    def values(self) -> dict[str, object]:
        """Question code -> raw engine value, ready to be scored (as `queries.answer_values`)."""
        question = self.instrument.question
        return {
            code: values.from_json(value, question(code).type)
            for code, value in self.stored.items()
        }


def do_save_answer(
    submission: Submission,
    question_code: str,
    raw_value: object,
    *,
    expected_version: int | None,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> Answer | None:
    """Validate and save one answer (None clears it).

    `expected_version` is the version the sender last saw (0 for "no answer yet"); a different
    current version raises AnswerConflict and nothing is written. None skips the check (used by
    imports that show a dry run first). Raises AnswerError for an invalid value.
    """
    return do_save_answer_with_values(
        submission,
        question_code,
        raw_value,
        expected_version=expected_version,
        actor=actor,
        now=now,
    ).answer


# The columns of Answer in the order of its concrete fields, read as tuples (much cheaper than
# model instances for a whole submission) and turned into a model instance only for the answer
# being saved.
_ANSWER_COLUMNS = tuple(field.attname for field in Answer._meta.concrete_fields)
_QUESTION_ID_COLUMN = _ANSWER_COLUMNS.index("question_id")
_VALUE_COLUMN = _ANSWER_COLUMNS.index("value")


@transaction.atomic
def do_save_answer_with_values(
    submission: Submission,
    question_code: str,
    raw_value: object,
    *,
    expected_version: int | None,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> SavedAnswer:
    """`do_save_answer`, also giving every answer of the submission after the save, so that the
    autosave can return the live score without reading the answers again.

    One save is a handful of queries: lock the submission (with its cycle and instrument
    version), the stage window, every answer row of the submission (the one being saved, the
    answered counter and the live score all come from it), then the answer write, the
    submission's counters and the audit event.
    """
    now = now or timezone.now()
    submission = _lock(submission)
    window_open = is_open(
        getattr(submission, "stage_opens_at"),  # noqa: B009  (annotations of _lock)
        getattr(submission, "stage_closes_at"),  # noqa: B009
        getattr(submission, "stage_extended_until"),  # noqa: B009
        now,
    )
    _check_editable(submission, now, question_code, window_open=window_open)
    version = submission.cycle.instrument
    instrument = instrument_of(version)
    if not instrument.has_question(question_code):
        raise AnswerError(
            question_code,
            "unknown_question",
            f"Pertanyaan {question_code!r} tidak ada di instrumen ini",
            f"Question {question_code!r} is not in this instrument",
        )
    question = instrument.question(question_code)
    normalised = None if raw_value is None else validate_answer(question, raw_value)
    stored = values.to_json(normalised)
    question_id = queries.question_ids(version)[question_code]
    codes = queries.question_codes(version)
    answer: Answer | None = None
    stored_values: dict[str, object] = {}
    rows = Answer.objects.filter(submission_id=submission.pk).values_list(*_ANSWER_COLUMNS)
    for row in rows:
        if row[_QUESTION_ID_COLUMN] == question_id:
            answer = Answer.from_db(rows.db, _ANSWER_COLUMNS, row)
            answer.submission = submission
        if row[_VALUE_COLUMN] is not None:
            stored_values[codes[row[_QUESTION_ID_COLUMN]]] = row[_VALUE_COLUMN]

    def outcome(saved: Answer | None) -> SavedAnswer:
        return SavedAnswer(saved, stored_values, instrument)

    current_version = answer.version if answer else 0
    if answer is not None and answer.value == stored:
        # nothing changes: a repeated save (e.g. an offline draft sent twice)
        return outcome(answer)
    if answer is not None and expected_version is not None and expected_version != current_version:
        raise AnswerConflict(answer.value, answer.version, actor_name(answer.answered_by))
    if answer is None and stored is None:
        return outcome(None)
    before = {"value": answer.value, "version": answer.version} if answer else None
    created = answer is None
    if answer is None:
        answer = Answer(submission=submission, question_id=question_id, version=0)
    answer.value = stored
    answer.version += 1
    answer.answered_by = user_of(actor)
    answer.answered_at = now
    if created:
        answer.save(force_insert=True)
    else:
        answer.save(update_fields=["value", "version", "answered_by", "answered_at"])
    if stored is None:
        stored_values.pop(question_code, None)
    else:
        stored_values[question_code] = stored
    # The answered counter comes from the rows read under the submission's lock (every answer
    # is written here, under that lock), so it is exact without counting again.
    _touch(submission, now, answered_count=len(stored_values))
    record_event(
        "answer.saved",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        before=before,
        after={"question": question_code, "value": stored, "version": answer.version},
    )
    return outcome(answer)


def _lock(submission: Submission) -> Submission:
    """The submission's row, read again under a row lock (its status may have changed), with its
    self-assessment window (`windows.stage_annotations`) and the cycle and instrument version the
    caller already loaded (they do not change), or loaded in the same query when it had not."""
    locked = Submission.objects.select_for_update(of=("self",)).annotate(
        **stage_annotations(Stage.EVALUASI_MANDIRI)
    )
    if Submission.cycle.is_cached(submission) and Cycle.instrument.is_cached(submission.cycle):
        row = locked.get(pk=submission.pk)
        row.cycle = submission.cycle
        return row
    return (
        locked.select_related("cycle__instrument")
        .defer("cycle__instrument__document")
        .get(pk=submission.pk)
    )


def _touch(submission: Submission, now: datetime.datetime, *, answered_count: int) -> None:
    submission.last_activity_at = now
    submission.answered_count = answered_count
    if submission.status == SubmissionStatus.NOT_STARTED:
        submission.status = SubmissionStatus.IN_PROGRESS
    submission.save(update_fields=["last_activity_at", "answered_count", "status"])


@transaction.atomic
def do_submit_self_assessment(
    submission: Submission, *, actor: Actor, now: datetime.datetime | None = None
) -> StageScore:
    """Check completeness, lock the answers and freeze the self-assessment score as stage EM."""
    now = now or timezone.now()
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_editable(submission, now)
    missing = queries.missing_for_submission(submission)
    if missing:
        raise IncompleteSubmission(missing)
    version = submission.cycle.instrument
    instrument = instrument_of(version)
    result = score(instrument, queries.answer_values(submission))
    stage_score = StageScore.objects.create(
        submission=submission,
        stage="EM",
        total=result.total,
        band_code=result.band.code,
        instrument_sha256=version.sha256,
        points={code: format(points, "f") for code, points in result.points.items()},
        computed_at=now,
        computed_by=user_of(actor),
    )
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = now
    submission.submitted_by = user_of(actor)
    submission.last_activity_at = now
    submission.save(update_fields=["status", "submitted_at", "submitted_by", "last_activity_at"])
    record_event(
        "submission.submitted",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={"stage": "EM", "total": format(result.total, "f"), "band": result.band.code},
    )
    return stage_score
