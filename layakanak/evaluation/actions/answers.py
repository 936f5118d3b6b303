"""Saving the self-assessment's answers, one at a time (the autosave, the API, the workbook).

A save validates the value with the scoring engine's rules, checks that the answer may change
(`editability.check_editable`) and that nobody changed it since the sender loaded it (versions),
and writes the answer, the submission's counters and an audit event in one small transaction:
deadline day is hundreds of these a minute.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, actor_name, record_event, user_of
from layakanak.evaluation import queries, values
from layakanak.evaluation.actions._common import lock_with_window, touch_answered
from layakanak.evaluation.editability import check_editable
from layakanak.evaluation.errors import AnswerConflict, answer_error
from layakanak.evaluation.models import Answer, Submission
from layakanak.evaluation.windows import is_open
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.answers import validate_answer
from layakanak.scoring.model import Instrument


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
    submission = lock_with_window(submission)
    window_open = is_open(
        getattr(submission, "stage_opens_at"),  # noqa: B009  (annotations of lock_with_window)
        getattr(submission, "stage_closes_at"),  # noqa: B009
        getattr(submission, "stage_extended_until"),  # noqa: B009
        now,
    )
    check_editable(submission, now, question_code, window_open=window_open)
    version = submission.cycle.instrument
    instrument = instrument_of(version)
    if not instrument.has_question(question_code):
        raise answer_error(
            question_code,
            "unknown_question",
            _("Question %(code)r is not in this instrument"),
            code=question_code,
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
    touch_answered(submission, now, answered_count=len(stored_values))
    record_event(
        "answer.saved",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        before=before,
        after={"question": question_code, "value": stored, "version": answer.version},
    )
    return outcome(answer)
