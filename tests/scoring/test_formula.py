from decimal import Decimal

import pytest

from layakanak.scoring.formula import FormulaError, compile_formula
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
