"""Saving answers: validation, windows, extensions, conflicts, and the live score."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from layakanak.audit.models import AuditEvent
from layakanak.evaluation import queries
from layakanak.evaluation.actions.answers import do_save_answer
from layakanak.evaluation.actions.cycles import do_grant_extension
from layakanak.evaluation.errors import AnswerConflict, StageClosed
from layakanak.evaluation.models import Answer, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.answers import AnswerError
from layakanak.scoring.engine import score

pytestmark = pytest.mark.django_db


def test_a_saved_answer_is_scored_and_audited(balikpapan: Submission, operator_balikpapan) -> None:
    answer = do_save_answer(
        balikpapan, "4.1", ("960", "1000"), expected_version=0, actor=operator_balikpapan
    )
    assert answer is not None and answer.version == 1
    assert answer.value == ["960", "1000"]
    balikpapan.refresh_from_db()
    assert balikpapan.status == "in_progress" and balikpapan.answered_count == 1
    result = queries.live_score(balikpapan)
    assert result.points["4.1"] == Decimal("25.00")
    event = AuditEvent.objects.get(action="answer.saved")
    assert event.actor == operator_balikpapan
    assert event.after == {"question": "4.1", "value": ["960", "1000"], "version": 1}


@pytest.mark.parametrize(
    ("code", "value", "kind"),
    [
        ("4.1", ("1100", "1000"), "numerator_above_denominator"),
        ("4.1", ("5", "0"), "zero_denominator"),
        ("1.1", "zz", "unknown_option"),
        ("4.1", "ninety", "wrong_type"),
    ],
)
def test_a_bad_answer_is_refused_with_a_clear_error(
    balikpapan: Submission, operator_balikpapan, code: str, value: object, kind: str
) -> None:
    with pytest.raises(AnswerError) as excinfo:
        do_save_answer(balikpapan, code, value, expected_version=0, actor=operator_balikpapan)
    assert excinfo.value.question_code == code
    assert excinfo.value.message_id and excinfo.value.message_en
    assert not Answer.objects.filter(submission=balikpapan).exists()


def test_a_stale_save_gets_a_conflict_instead_of_overwriting(
    balikpapan: Submission, operator_balikpapan, dinkes_balikpapan
) -> None:
    do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    with pytest.raises(AnswerConflict) as excinfo:
        do_save_answer(balikpapan, "1.1", "b", expected_version=0, actor=dinkes_balikpapan)
    assert excinfo.value.current_value == "a"
    assert excinfo.value.current_version == 1
    assert "Ayu Operator Balikpapan" in excinfo.value.message_id
    assert Answer.objects.get(submission=balikpapan).value == "a"


def test_the_same_answer_sent_twice_is_not_a_conflict(
    balikpapan: Submission, operator_balikpapan
) -> None:
    do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    again = do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    assert again is not None and again.version == 1


def test_clearing_an_answer_keeps_its_history(balikpapan: Submission, operator_balikpapan) -> None:
    do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    cleared = do_save_answer(balikpapan, "1.1", None, expected_version=1, actor=operator_balikpapan)
    assert cleared is not None and cleared.value is None and cleared.version == 2
    balikpapan.refresh_from_db()
    assert balikpapan.answered_count == 0


def test_answers_are_refused_after_the_window_closes(
    balikpapan: Submission, operator_balikpapan
) -> None:
    later = timezone.now() + datetime.timedelta(days=25)
    with pytest.raises(StageClosed):
        do_save_answer(
            balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan, now=later
        )


def test_an_extension_reopens_the_window_for_that_region_only(
    balikpapan: Submission,
    samarinda: Submission,
    operator_balikpapan,
    operator_samarinda,
    central_admin,
) -> None:
    later = timezone.now() + datetime.timedelta(days=21)
    do_grant_extension(
        balikpapan,
        "evaluasi_mandiri",
        later + datetime.timedelta(days=2),
        "Gangguan jaringan: 2x24 jam",
        actor=central_admin,
    )
    assert do_save_answer(
        balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan, now=later
    )
    with pytest.raises(StageClosed):
        do_save_answer(
            samarinda, "1.1", "a", expected_version=0, actor=operator_samarinda, now=later
        )
    assert AuditEvent.objects.filter(action="submission.extension_granted").exists()


def test_an_extension_needs_a_reason(balikpapan: Submission, central_admin) -> None:
    with pytest.raises(ValueError, match="reason"):
        do_grant_extension(
            balikpapan, "evaluasi_mandiri", timezone.now(), "  ", actor=central_admin
        )


def test_live_score_equals_the_pure_engine(balikpapan: Submission, operator_balikpapan) -> None:
    answers = {"1.1": "a", "4.1": ("880", "1000"), "2.1": True}
    for code, value in answers.items():
        try:
            do_save_answer(balikpapan, code, value, expected_version=0, actor=operator_balikpapan)
        except AnswerError:
            continue
    stored = queries.answer_values(balikpapan)
    expected = score(instrument_of(balikpapan.cycle.instrument), stored)
    assert queries.live_score(balikpapan).total == expected.total
    assert expected.total > 0


def _amended_kla2023():  # type: ignore[no-untyped-def]
    import dataclasses

    from layakanak.instruments.files import SHIPPED_DIR
    from layakanak.instruments.schema import load_yaml
    from layakanak.scoring.model import Text

    original = load_yaml(SHIPPED_DIR / "kla-2023.yaml")
    return dataclasses.replace(original, name=Text(original.name.id + " (ubah)", "amended"))


def test_a_replaced_instrument_without_answers_is_used_with_its_new_questions(
    balikpapan: Submission, operator_balikpapan
) -> None:
    from layakanak.instruments.actions import do_load_instrument

    queries.question_ids(balikpapan.cycle.instrument)  # cached for the old rows
    do_load_instrument(_amended_kla2023(), actor="test", replace=True)
    balikpapan = Submission.objects.get(pk=balikpapan.pk)
    answer = do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    assert answer is not None and answer.question.code == "1.1"


def test_an_instrument_with_answers_cannot_be_replaced(
    balikpapan: Submission, operator_balikpapan
) -> None:
    from layakanak.instruments.actions import InstrumentLoadRefused, do_load_instrument

    do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    with pytest.raises(InstrumentLoadRefused, match="new slug"):
        do_load_instrument(_amended_kla2023(), actor="test", replace=True)
    assert Answer.objects.filter(submission=balikpapan).count() == 1
