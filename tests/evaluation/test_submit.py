"""Submission rules at the action level."""

from __future__ import annotations

from decimal import Decimal

import pytest

from layakanak.evaluation.actions.answers import do_save_answer
from layakanak.evaluation.actions.submission import do_submit_self_assessment
from layakanak.evaluation.errors import IncompleteSubmission
from layakanak.evaluation.models import Submission
from layakanak.scoring.model import Question, QuestionType

pytestmark = pytest.mark.django_db


def any_answer(question: Question) -> object:
    """A valid answer of the question's type (the first option, or a small value)."""
    kind = question.type
    if kind is QuestionType.SINGLE_CHOICE:
        return question.options[0].code
    if kind is QuestionType.CHECKLIST:
        return [question.items[0].code]
    if kind is QuestionType.PERCENTAGE:
        return ("1", "2")
    if kind is QuestionType.COUNT:
        return 1
    if kind is QuestionType.YES_NO:
        return True
    if kind is QuestionType.NUMBER:
        return Decimal("1")
    return "Uraian"


def test_an_incomplete_self_assessment_cannot_be_submitted(
    balikpapan: Submission, operator_balikpapan
) -> None:
    do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    with pytest.raises(IncompleteSubmission) as excinfo:
        do_submit_self_assessment(balikpapan, actor=operator_balikpapan)
    kinds = {item["kind"] for item in excinfo.value.missing}
    assert kinds == {"answer", "evidence"}
    assert any(
        item["question"] == "1.1" and item["kind"] == "evidence" for item in excinfo.value.missing
    )
    balikpapan.refresh_from_db()
    assert balikpapan.status == "in_progress"
