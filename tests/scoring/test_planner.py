from decimal import Decimal

import pytest

from layakanak.scoring import next_band, plan, score

from .fixture import BALIKPAPAN_ANSWERS, BEST_ANSWERS, branching_instrument, fixture_instrument


def test_balikpapan_at_utama_learns_what_it_needs_for_kla():
    instrument = fixture_instrument()
    result = next_band(instrument, BALIKPAPAN_ANSWERS)
    assert result is not None
    assert result.current_band.code == "utama"
    assert result.target.code == "kla"
    assert result.threshold == Decimal("900.01")
    assert result.reachable
    assert [i.question for i in result.improvements] == ["5.2", "5.3"]
    first = result.improvements[0]
    assert (first.indicator, first.component, first.opd) == ("5", "K2", ("DP3A",))
    assert (first.current_points, first.achievable_points) == (Decimal("75.00"), Decimal("150.00"))
    assert first.change.kind == "choose_option"
    assert first.change.option == "a"
    assert result.improvements[1].change.items == ("x", "y")
    assert "Berfungsi penuh" in first.explanation.id
    assert "Fully functioning" in first.explanation.en
    assert score(instrument, result.answers).band.code == "kla"
    assert result.projected_total == Decimal("935.00")


def test_plan_takes_the_largest_gains_first_and_the_smallest_closing_move_last():
    result = plan(fixture_instrument(), {}, "pratama")
    gains = [i.gain for i in result.improvements]
    assert gains[:2] == [Decimal("200.00"), Decimal("50.00")]  # 1.1 a with its child 1.2
    assert result.projected_total >= result.threshold
    assert len(result.improvements) == len({i.question for i in result.improvements})


def test_plan_proposes_concrete_percentage_and_value_targets():
    answers = dict(BEST_ANSWERS, **{"3.1": (110, 200), "3.2": 2, "4.1": 0})  # 780 points
    result = plan(fixture_instrument(), answers, "kla")
    changes = {i.question: i.change for i in result.improvements}
    assert list(changes) == ["4.1", "3.1"]
    assert changes["4.1"].kind == "set_value"
    assert changes["4.1"].answer == Decimal(40)  # min(100, 40 * 2.5) = 100
    assert changes["3.1"].kind == "reach_percentage"
    assert changes["3.1"].threshold == Decimal("75")  # the smallest move closing the gap
    assert changes["3.1"].answer == (Decimal(150), Decimal(200))
    assert "150 dari 200" in changes["3.1"].description.id


def test_plan_proposes_the_smallest_count_that_closes_a_tiny_gap():
    answers = dict(BEST_ANSWERS, **{"3.2": 0, "2.1": []})  # 800 points, Nindya
    result = plan(fixture_instrument(), answers, "utama")
    [improvement] = result.improvements
    assert improvement.question == "3.2"
    assert improvement.change.kind == "reach_count"
    assert improvement.change.answer == 1
    assert improvement.change.threshold == Decimal(1)
    assert improvement.opd == ("Disdukcapil", "Kecamatan")  # the question's own OPD


def test_weighting_by_effort_prefers_cheap_questions():
    plain = plan(fixture_instrument(), {}, "belum")
    assert plain.improvements == ()
    weighted = plan(fixture_instrument(), {}, "pratama", weight_by_effort=True)
    unweighted = plan(fixture_instrument(), {}, "pratama")
    assert weighted.improvements[0].question == "2.1"  # low effort, 150 points
    assert unweighted.improvements[0].question == "1.1"  # high effort, 200 points
    assert weighted.projected_total >= weighted.threshold


def test_already_in_the_target_band_needs_no_improvement():
    result = plan(fixture_instrument(), BEST_ANSWERS, "utama")
    assert result.improvements == ()
    assert result.shortfall == 0


def test_unreachable_target_says_so_and_proposes_nothing():
    result = plan(branching_instrument(), {}, "madya")
    assert result.max_total == Decimal("500")
    assert not result.reachable
    assert result.improvements == ()
    assert result.shortfall == Decimal("600.01")
    assert result.threshold - result.max_total == Decimal("100.01")


def test_plan_switches_a_branch_only_together_with_the_question_it_reveals():
    result = plan(branching_instrument(), {"1": "b", "3": True}, "pratama")
    assert result.reachable
    assert result.projected_total == Decimal("500.00")
    assert result.current_total == Decimal("500.00")
    low = plan(branching_instrument(), {"1": "b"}, "pratama")
    assert [i.question for i in low.improvements] == ["3"]


def test_top_band_has_no_next_band():
    assert next_band(fixture_instrument(), BEST_ANSWERS) is None


def test_unknown_target_band_is_refused():
    with pytest.raises(KeyError):
        plan(fixture_instrument(), {}, "platinum")
