from decimal import Decimal

import pytest

from layakanak.scoring import AnswerError, validate_answer

from .fixture import fixture_instrument


def question(code):
    return fixture_instrument().question(code)


@pytest.mark.parametrize(
    ("code", "value", "kind"),
    [
        ("1.1", 1, "wrong_type"),
        ("1.1", "z", "unknown_option"),
        ("2.1", "a", "wrong_type"),
        ("2.1", ["a", "q"], "unknown_item"),
        ("2.1", [1], "wrong_type"),
        ("3.1", (101, 100), "numerator_above_denominator"),
        ("3.1", (-1, 100), "percentage_out_of_range"),
        ("3.1", (0, 0), "denominator_not_positive"),
        ("3.1", (1, -5), "denominator_not_positive"),
        ("3.1", 50, "wrong_type"),
        ("3.1", (Decimal("NaN"), 100), "non_finite"),
        ("3.1", ("1", "inf"), "non_finite"),
        ("3.2", -1, "negative_count"),
        ("3.2", Decimal("2.5"), "count_not_whole"),
        ("3.2", True, "wrong_type"),
        ("3.2", "tiga", "not_a_number"),
        ("4.1", Decimal("Infinity"), "non_finite"),
        ("4.1", float("nan"), "non_finite"),
        ("4.1", 2.5, "wrong_type"),
        ("5.1", "ya", "wrong_type"),
        ("2.2", 5, "wrong_type"),
    ],
)
def test_invalid_answer_raises_a_clear_bilingual_error(code, value, kind):
    with pytest.raises(AnswerError) as caught:
        validate_answer(question(code), value)
    error = caught.value
    assert error.kind == kind
    assert error.question_code == code
    assert error.message_id and error.message_en
    assert code in str(error)


def test_answers_are_normalised():
    assert validate_answer(question("2.1"), ["a", "a", "b"]) == frozenset({"a", "b"})
    assert validate_answer(question("3.1"), ("45", 50)) == (Decimal(45), Decimal(50))
    assert validate_answer(question("3.2"), "7") == 7
    assert validate_answer(question("4.1"), "12.5") == Decimal("12.5")
    assert validate_answer(question("1.1"), None) is None


def test_error_message_names_the_valid_options():
    with pytest.raises(AnswerError) as caught:
        validate_answer(question("1.1"), "z")
    assert "a, b, c" in caught.value.message_en
    assert "tidak ada" in caught.value.message_id
