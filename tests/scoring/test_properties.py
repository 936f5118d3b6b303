"""Property tests of the engine, the bands and the planner (modest settings: runs in seconds)."""

import copy
import itertools
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from layakanak.instruments.schema import parse_document
from layakanak.scoring import band_for, band_threshold, plan, score
from layakanak.scoring.engine import band_rank
from layakanak.scoring.model import BandRule

from .fixture import branching_document, branching_instrument, fixture_instrument, with_band_rule

FAST = settings(max_examples=150, deadline=None)


@st.composite
def percentages(draw):
    denominator = draw(st.integers(min_value=1, max_value=1000))
    return (draw(st.integers(min_value=0, max_value=denominator)), denominator)


ANSWER = {
    "1.1": st.sampled_from(["a", "b", "c"]),
    "1.2": st.booleans(),
    "2.1": st.sets(st.sampled_from(["a", "b", "c", "d"])).map(sorted),
    "2.2": st.text(max_size=5),
    "3.1": percentages(),
    "3.2": st.integers(min_value=0, max_value=20),
    "4.1": st.decimals(min_value=0, max_value=60, places=3),
    "4.2": percentages(),
    "5.1": st.booleans(),
    "5.2": st.sampled_from(["a", "b", "c"]),
    "5.3": st.sets(st.sampled_from(["x", "y"])).map(sorted),
}
answer_sets = st.fixed_dictionaries({}, optional=ANSWER)


@FAST
@given(answer_sets)
def test_total_never_exceeds_the_maximum_and_is_the_sum_of_its_parts(answers):
    result = score(fixture_instrument(), answers)
    assert Decimal(0) <= result.total <= result.maximum == Decimal(1000)
    assert result.total == sum(q.points for q in result.questions.values())
    for component in result.components:
        assert component.points <= component.maximum


@FAST
@given(answer_sets)
def test_recomputation_is_identical(answers):
    assert score(fixture_instrument(), answers) == score(fixture_instrument(), dict(answers))


def improve(code, value):
    """A better answer for a question of the fixture (more points or the same)."""
    if code in ("2.1", "5.3"):
        pool = ["a", "b", "c", "d"] if code == "2.1" else ["x", "y"]
        return sorted(set(value) | set(pool[:1]))
    if code == "3.1":
        return (min(value[0] + 1, value[1]), value[1])
    if code == "4.2":
        return (max(value[0] - 1, 0), value[1])
    if code == "3.2":
        return value + 1
    if code == "4.1":
        return value + 1
    if code in ("1.1", "5.2"):
        return {"c": "b", "b": "a", "a": "a"}[value]
    if code in ("1.2", "5.1"):
        return True
    return value


@FAST
@given(answer_sets, st.sampled_from(sorted(ANSWER)))
def test_improving_an_answer_never_lowers_a_score(answers, code):
    if code not in answers:
        return
    better = dict(answers, **{code: improve(code, answers[code])})
    before, after = score(fixture_instrument(), answers), score(fixture_instrument(), better)
    assert after.questions[code].points >= before.questions[code].points
    assert after.total >= before.total


@FAST
@given(
    st.sampled_from(list(BandRule)),
    st.decimals(min_value=0, max_value=1000, places=2),
)
def test_band_threshold_and_band_for_agree_at_every_total(rule, total):
    instrument = with_band_rule(rule)
    band = band_for(instrument, total)
    assert band.min <= total.to_integral_value() or rule is not BandRule.TRUNCATE
    for candidate in instrument.bands:
        reaches = band_rank(instrument, band) >= band_rank(instrument, candidate)
        assert reaches == (total >= band_threshold(instrument, candidate))


TARGETS = st.sampled_from(["belum", "pratama", "madya", "nindya", "utama", "kla"])


@FAST
@given(answer_sets, TARGETS, st.booleans())
def test_gap_plan_reaches_every_reachable_target(answers, target, weighted):
    instrument = fixture_instrument()
    result = plan(instrument, answers, target, weight_by_effort=weighted)
    assert result.reachable  # the fixture can always reach 1000
    reached = score(instrument, result.answers)
    assert reached.total == result.projected_total >= result.threshold
    assert band_rank(instrument, reached.band) >= band_rank(instrument, instrument.band(target))
    for improvement in result.improvements:
        assert reached.questions[improvement.question].visible


def brute_force_maximum():
    instrument = branching_instrument()
    return max(
        score(instrument, {"1": a, "2": b, "3": c}).total
        for a, b, c in itertools.product(["a", "b"], [True, False], [True, False])
    )


@FAST
@given(
    st.fixed_dictionaries(
        {}, optional={"1": st.sampled_from(["a", "b"]), "2": st.booleans(), "3": st.booleans()}
    ),
    TARGETS,
)
def test_reachable_is_false_exactly_when_even_the_best_answers_miss(answers, target):
    instrument = branching_instrument()
    result = plan(instrument, answers, target)
    assert result.max_total == brute_force_maximum()
    assert result.reachable == (brute_force_maximum() >= result.threshold)
    if result.reachable:
        assert score(instrument, result.answers).total >= result.threshold
    else:
        assert result.improvements == ()


def number_branch_instrument(formula):
    """The branching fixture with a number question on branch b: at most 600 points."""
    document = copy.deepcopy(branching_document())
    questions = document["components"][0]["indicators"][0]["questions"]
    questions[1]["points_yes"] = "400"  # branch a: 0 + 400
    questions[2] = {  # branch b: 400 + a number worth up to 200
        "code": "3",
        "text": {"id": "Nilai", "en": "Value"},
        "type": "number",
        "formula": formula,
        "max_points": "200",
        "show_if": {"question": "1", "in": ["b"]},
    }
    return parse_document(document, "number-branch")


@FAST
@given(
    st.decimals(min_value="0.00000000000001", max_value=500, places=14),
    st.sampled_from(["min(200, value * {k})", "round(min(200, max(0, value * {k} - 3)), 1)"]),
    st.fixed_dictionaries(
        {}, optional={"1": st.sampled_from(["a", "b"]), "2": st.booleans(), "3": st.just(1)}
    ),
    TARGETS,
)
@example(Decimal("0.00000000000001"), "min(200, value * {k})", {"1": "a"}, "utama")
def test_reachable_is_exact_with_a_number_question_however_slow_its_formula(
    factor, formula, answers, target
):
    # A factor of 1e-14 needs a value of 2e16 for full points: far beyond any fixed search.
    instrument = number_branch_instrument(formula.format(k=f"{factor:f}"))
    result = plan(instrument, answers, target)
    assert result.max_total == Decimal(600)
    assert result.reachable == (Decimal(600) >= result.threshold)
    if result.reachable:
        reached = score(instrument, result.answers)
        assert reached.total == result.projected_total >= result.threshold
    else:
        assert result.improvements == ()
