"""A text answer, and a number written as text, have a length limit (issue 18, item 6): a text
of a megabyte is refused with the engine's bilingual error, before it reaches the database or
the audit event."""

from __future__ import annotations

import pytest

from layakanak.lib import limits
from layakanak.scoring import AnswerError, validate_answer

from .fixture import fixture_instrument

TEXT_QUESTION = "2.2"


def test_a_text_answer_up_to_the_limit_is_accepted() -> None:
    text = "Perda 3/2021 tentang KLA. " * (limits.TEXT_ANSWER // 26)
    question = fixture_instrument().question(TEXT_QUESTION)
    assert validate_answer(question, text[: limits.TEXT_ANSWER]) == text[: limits.TEXT_ANSWER]


def test_a_megabyte_text_answer_is_refused_with_its_length() -> None:
    question = fixture_instrument().question(TEXT_QUESTION)
    with pytest.raises(AnswerError) as refused:
        validate_answer(question, "x" * (1024 * 1024))
    assert refused.value.kind == "too_long"
    assert refused.value.message_id == (
        "Jawaban terlalu panjang (1048576 karakter); paling banyak 5000 karakter"
    )
    assert refused.value.message_en == (
        "The answer is too long (1048576 characters); at most 5000 characters"
    )


@pytest.mark.parametrize(("code", "value"), [("3.2", "9" * 5000), ("3.1", ("1", "1" * 100))])
def test_a_number_written_with_thousands_of_digits_is_refused(code: str, value: object) -> None:
    with pytest.raises(AnswerError) as refused:
        validate_answer(fixture_instrument().question(code), value)
    assert refused.value.kind == "too_long"
