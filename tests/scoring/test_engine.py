from decimal import Decimal

import pytest

from layakanak.scoring import AnswerError, score, score_many, validate_answers

from .fixture import BALIKPAPAN_ANSWERS, BEST_ANSWERS, fixture_instrument


def test_best_answers_score_the_full_thousand_points():
    result = score(fixture_instrument(), BEST_ANSWERS)
    assert result.total == Decimal("1000.00")
    assert result.maximum == Decimal("1000.00")
    assert result.band.code == "kla"


def test_no_answers_score_zero_and_no_predicate():
    result = score(fixture_instrument(), {})
    assert result.total == Decimal("0.00")
    assert str(result.total) == "0.00"
    assert result.band.code == "belum"


def test_balikpapan_answers_score_per_question_indicator_component_and_total():
    result = score(fixture_instrument(), BALIKPAPAN_ANSWERS)
    assert result.questions["1.1"].points == Decimal("200.00")
    assert result.questions["2.1"].points == Decimal("150.00")
    assert result.questions["3.1"].points == Decimal("60.00")  # 88% reaches the 75% threshold
    assert result.questions["4.1"].points == Decimal("75.00")  # 30 * 2.5
    assert result.questions["4.2"].points == Decimal("100.00")  # 4% child marriage <= 5%
    assert result.indicators["5"].points == Decimal("125.00")
    assert [c.points for c in result.components] == [
        Decimal("400.00"),
        Decimal("285.00"),
        Decimal("125.00"),
    ]
    assert result.total == Decimal("810.00")
    assert result.band.code == "utama"


def test_checklist_points_keep_decimals_exactly():
    result = score(fixture_instrument(), {"2.1": ["b", "c"]})
    assert result.questions["2.1"].points == Decimal("60.00")
    assert score(fixture_instrument(), {"2.1": ["b"]}).total == Decimal("29.50")


def test_percentage_threshold_is_compared_exactly_without_division():
    instrument = fixture_instrument()
    assert score(instrument, {"3.1": (9, 10)}).questions["3.1"].points == Decimal("100.00")
    assert score(instrument, {"3.1": (899, 1000)}).questions["3.1"].points == Decimal("60.00")
    assert score(instrument, {"3.1": (2, 3)}).questions["3.1"].points == Decimal("20.00")
    assert score(instrument, {"3.1": (0, 3)}).questions["3.1"].points == Decimal("0.00")


def test_lower_is_better_percentage_rewards_small_rates():
    instrument = fixture_instrument()
    assert score(instrument, {"4.2": (5, 100)}).questions["4.2"].points == Decimal("100.00")
    assert score(instrument, {"4.2": (6, 100)}).questions["4.2"].points == Decimal("50.00")
    assert score(instrument, {"4.2": (11, 100)}).questions["4.2"].points == Decimal("0.00")


def test_count_below_lowest_threshold_scores_zero():
    instrument = fixture_instrument()
    assert score(instrument, {"3.2": 0}).questions["3.2"].points == Decimal("0.00")
    assert score(instrument, {"3.2": 5}).questions["3.2"].points == Decimal("25.00")


def test_formula_result_is_rounded_and_clamped_to_max_points():
    instrument = fixture_instrument()
    assert score(instrument, {"4.1": "1.003"}).questions["4.1"].points == Decimal("2.51")
    assert score(instrument, {"4.1": 1000}).questions["4.1"].points == Decimal("100.00")
    assert score(instrument, {"4.1": -5}).questions["4.1"].points == Decimal("0.00")


def test_hidden_question_scores_zero_and_is_left_out_of_completeness():
    result = score(fixture_instrument(), {"1.1": "c", "1.2": True})
    assert result.questions["1.2"].visible is False
    assert result.questions["1.2"].points == Decimal("0.00")
    assert result.indicators["1"].completeness == "[1/1]"


def test_nested_show_if_hides_grandchildren_when_the_grandparent_is_no():
    result = score(fixture_instrument(), {"5.1": False, "5.2": "a", "5.3": ["x"]})
    assert not result.questions["5.2"].visible
    assert not result.questions["5.3"].visible
    assert result.indicators["5"].points == Decimal("0.00")


def test_completeness_counts_visible_required_questions_and_answered_optional_ones():
    result = score(fixture_instrument(), {"1.1": "a"})
    assert result.indicators["1"].completeness == "[1/2]"
    assert result.indicators["2"].completeness == "[0/1]"  # the optional text is not counted
    with_text = score(fixture_instrument(), {"2.2": "catatan"})
    assert with_text.indicators["2"].completeness == "[1/2]"
    assert result.components[0].completeness == "[1/3]"


def test_unknown_question_code_is_an_error_not_a_silent_zero():
    with pytest.raises(AnswerError) as caught:
        score(fixture_instrument(), {"9.9": "a"})
    assert caught.value.question_code == "9.9"
    assert caught.value.kind == "unknown_question"


def test_none_answer_counts_as_unanswered():
    result = score(fixture_instrument(), {"1.1": None})
    assert not result.questions["1.1"].answered


def test_validate_answers_collects_every_problem():
    problems = validate_answers(fixture_instrument(), {"1.1": "z", "3.2": -1, "9": 1, "5.1": True})
    assert sorted(p.question_code for p in problems) == ["1.1", "3.2", "9"]


def test_score_many_gives_the_same_results_as_score():
    sets = [BEST_ANSWERS, BALIKPAPAN_ANSWERS, {}]
    assert score_many(fixture_instrument(), sets) == [score(fixture_instrument(), s) for s in sets]


def test_recomputing_the_same_answers_is_identical():
    first = score(fixture_instrument(), BALIKPAPAN_ANSWERS)
    assert score(fixture_instrument(), dict(BALIKPAPAN_ANSWERS)) == first
