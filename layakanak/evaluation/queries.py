"""Reads of the evaluation used by pages, the API and actions."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from layakanak.evaluation import values
from layakanak.evaluation.models import Answer, EvidenceFile, Submission
from layakanak.instruments.models import InstrumentVersion, Question
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.engine import ScoreResult, score


def question_ids(version: InstrumentVersion) -> dict[str, int]:
    """Question code -> row id for one instrument version; cached per content hash, because an
    explicit `--replace` of a version recreates its question rows."""
    return _question_ids(version.pk, version.sha256)


@lru_cache(maxsize=16)
def _question_ids(version_id: int, sha256: str) -> dict[str, int]:
    return dict(Question.objects.filter(version_id=version_id).values_list("code", "id"))


def question_codes(version: InstrumentVersion) -> dict[int, str]:
    """Question row id -> code for one instrument version (the inverse of `question_ids`)."""
    return _question_codes(version.pk, version.sha256)


@lru_cache(maxsize=16)
def _question_codes(version_id: int, sha256: str) -> dict[int, str]:
    return {question_id: code for code, question_id in _question_ids(version_id, sha256).items()}


def stored_answers(submission: Submission) -> dict[str, Answer]:
    """Answers by question code."""
    rows = Answer.objects.filter(submission=submission, value__isnull=False).select_related(
        "question"
    )
    return {row.question.code: row for row in rows}


def answer_values(submission: Submission) -> dict[str, object]:
    """Question code -> raw engine value, for scoring."""
    rows = Answer.objects.filter(submission=submission, value__isnull=False).values_list(
        "question__code", "question__type", "value"
    )
    return {code: values.from_json(value, kind) for code, kind, value in rows}


def live_score(submission: Submission, answers: Mapping[str, object] | None = None) -> ScoreResult:
    """The self-assessment score of the answers as they are now; `answers` (question code ->
    raw engine value, as `answer_values` gives) when the caller has just read them."""
    if answers is None:
        answers = answer_values(submission)
    return score(instrument_of(submission.cycle.instrument), answers)


def evidence_by_requirement(submission: Submission) -> dict[tuple[str, str], list[EvidenceFile]]:
    """(question code, requirement code) -> current (not removed) evidence files."""
    files: dict[tuple[str, str], list[EvidenceFile]] = {}
    rows = EvidenceFile.objects.filter(submission=submission, removed_at__isnull=True)
    for row in rows.select_related("requirement__question"):
        key = (row.requirement.question.code, row.requirement.code)
        files.setdefault(key, []).append(row)
    return files


def missing_for_submission(submission: Submission) -> list[dict[str, str]]:
    """What stops the submission: the items of `readiness` not provided yet (unanswered visible
    required questions, missing required documents), as plain dicts (`readiness.Item.as_dict`)."""
    # Imported here: `readiness` reads the live score through this module.
    from layakanak.evaluation import readiness

    return [item.as_dict() for item in readiness.of_submission(submission).missing]
