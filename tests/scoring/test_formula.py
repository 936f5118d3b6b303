from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layakanak.scoring.formula import FormulaError, analyse_formula, compile_formula
from layakanak.scoring.model import Rounding


@pytest.mark.parametrize(
    ("source", "value", "expected"),
    [
        ("value * 2", "3.5", "7.0"),
        ("min(10, value * 2)", "8", "10"),
        ("max(0, value - 5)", "2", "0"),
        ("(value + 1) / 4", "1", "0.5"),
        ("-value + 10", "4", "6"),
        ("round(value / 3, 2)", "10", "3.33"),
        ("round(2.5)", "0", "3"),
        ("1 + 2 * 3 - 4 / 2", "0", "5"),
    ],
)
def test_formula_evaluates_over_exact_decimals(source, value, expected):
    assert compile_formula(source)(Decimal(value)) == Decimal(expected)


def test_round_follows_the_instrument_rounding_rule():
    assert compile_formula("round(2.5)", Rounding.HALF_EVEN)(Decimal(0)) == Decimal(2)
    assert compile_formula("round(2.9)", Rounding.DOWN)(Decimal(0)) == Decimal(2)


@pytest.mark.parametrize(
    "source",
    ["", "value *", "__import__('os')", "value.real", "open(1)", "min(1", "1 2", "value ** 2"],
)
def test_formula_rejects_anything_outside_the_tiny_language(source):
    with pytest.raises(FormulaError):
        compile_formula(source)


def test_division_by_zero_is_a_formula_error():
    with pytest.raises(FormulaError):
        compile_formula("10 / value")(Decimal(0))


@pytest.mark.parametrize(
    ("source", "direction", "limit"),
    [
        ("min(12, value * 2)", 1, "12"),
        ("min(7, value * 7 / 6)", 1, "7"),
        ("max(0, value - 5)", 1, "Infinity"),
        ("round(min(2.5, value / 4))", 1, "3"),
        ("-(-value) / 2", 1, "Infinity"),
        ("2 * 3", 0, "6"),
        ("10 - value", -1, "-Infinity"),
        ("value * value", None, None),
        ("10 / value", None, None),
        ("min(value, 10 - value)", None, None),
        ("min(5, value) - min(3, value)", None, None),
        ("round(value, value)", None, None),
    ],
)
def test_analysis_gives_the_direction_and_the_limit_as_the_value_grows(source, direction, limit):
    shape = analyse_formula(source)
    assert shape.direction == direction
    assert shape.limit == (None if limit is None else Decimal(limit))


@settings(max_examples=100, deadline=None)
@given(
    st.decimals(min_value="0.0000000000000001", max_value=1000, places=16),
    st.integers(min_value=1, max_value=500),
    st.decimals(min_value=0, max_value=10**6, places=2),
)
def test_a_non_decreasing_formula_never_falls_and_stays_below_its_limit(factor, cap, value):
    source = f"round(min({cap}, max(0, value * {factor:f} - 1)), 2)"
    shape = analyse_formula(source)
    evaluate = compile_formula(source)
    assert shape.direction == 1 and shape.limit == Decimal(cap)
    assert evaluate(value) <= evaluate(value + 1) <= shape.limit


def test_a_constant_division_by_zero_is_refused_when_the_formula_is_read():
    with pytest.raises(FormulaError, match="division by zero"):
        compile_formula("value / (2 - 2)")
