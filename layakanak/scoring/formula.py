"""A tiny, safe expression language for `number` questions, evaluated over exact Decimals.

Grammar (no `eval`, no attribute access, no names other than those listed)::

    expr  := term (("+" | "-") term)*
    term  := unary (("*" | "/") unary)*
    unary := ("+" | "-") unary | atom
    atom  := NUMBER | "value" | FUNC "(" expr ("," expr)* ")" | "(" expr ")"
    FUNC  := "min" | "max" | "round"        round(x) or round(x, digits)

`round` uses the instrument's rounding rule. Division by zero raises `FormulaError`.

`analyse_formula` also works out, from the expression alone, whether the result can only grow
with `value` (non-decreasing), and its limit as `value` grows without bound. Every formula of this
language with `value` multiplied or divided only by constants is piecewise linear, so a finite
limit is reached at some finite value: the best points a `number` question can earn are exact,
which the gap planner needs to say "reachable or not" exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

from layakanak.scoring.model import Rounding

Evaluator = Callable[[Decimal], Decimal]

ROUNDING_MODES: dict[Rounding, str] = {
    Rounding.HALF_UP: ROUND_HALF_UP,
    Rounding.HALF_EVEN: ROUND_HALF_EVEN,
    Rounding.DOWN: ROUND_DOWN,
}

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_]+)|(.))")
_FUNCTIONS = ("min", "max", "round")
_MAX_LENGTH = 500


INFINITY = Decimal("Infinity")


class FormulaError(ValueError):
    """A formula that cannot be parsed or evaluated."""


@dataclass(frozen=True)
class Shape:
    """How an expression moves with `value`.

    `direction`: 0 constant, 1 non-decreasing, -1 non-increasing, None not provably monotonic.
    `limit`: the value as `value` grows without bound (a Decimal, ±Infinity), None if unknown.
    """

    direction: int | None
    limit: Decimal | None


_UNKNOWN = Shape(None, None)
Node = tuple[Evaluator, Shape]


def _combine(directions: list[int | None]) -> int | None:
    moving = {d for d in directions if d != 0}
    if None in moving or len(moving) > 1:
        return None
    return moving.pop() if moving else 0


def _scale(shape: Shape, factor: Decimal, divide: bool = False) -> Shape:
    """`shape` multiplied (or divided) by the constant `factor`."""
    if factor == 0:
        return Shape(0, Decimal(0))
    direction = shape.direction if shape.direction is None or factor > 0 else -shape.direction
    limit = shape.limit
    if limit is not None:
        limit = limit / factor if divide else limit * factor
    return Shape(direction, limit)


def _sum(a: Shape, b: Shape) -> Shape:
    direction = _combine([a.direction, b.direction])
    if direction is None or a.limit is None or b.limit is None:
        return Shape(direction, None)
    return Shape(direction, a.limit + b.limit)


def _tokenize(source: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    source = source.rstrip()
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:  # pragma: no cover - the pattern matches any character
            raise FormulaError(f"cannot read formula at position {pos}")
        number, name, symbol = match.groups()
        if number is not None:
            tokens.append(("num", number))
        elif name is not None:
            tokens.append(("name", name))
        elif symbol is not None and symbol in "+-*/(),":
            tokens.append(("op", symbol))
        else:
            raise FormulaError(f"unexpected character {symbol!r} at position {match.start(3)}")
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, source: str, rounding: Rounding) -> None:
        if len(source) > _MAX_LENGTH:
            raise FormulaError(f"formula longer than {_MAX_LENGTH} characters")
        self.tokens = _tokenize(source)
        self.pos = 0
        self.mode = ROUNDING_MODES[rounding]

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, kind: str, text: str | None = None) -> str:
        token = self.peek()
        if token is None or token[0] != kind or (text is not None and token[1] != text):
            found = "end of formula" if token is None else repr(token[1])
            raise FormulaError(f"expected {text or kind}, found {found}")
        self.pos += 1
        return token[1]

    def parse(self) -> Node:
        if not self.tokens:
            raise FormulaError("empty formula")
        result = self.expr()
        if self.peek() is not None:
            raise FormulaError(f"unexpected {self.peek()[1]!r} after the expression")  # type: ignore[index]
        return result

    def expr(self) -> Node:
        left, shape = self.term()
        while (token := self.peek()) is not None and token in (("op", "+"), ("op", "-")):
            self.pos += 1
            right, right_shape = self.term()
            if token[1] == "+":
                left, shape = _add(left, right), _sum(shape, right_shape)
            else:
                left, shape = _sub(left, right), _sum(shape, _scale(right_shape, Decimal(-1)))
        return left, shape

    def term(self) -> Node:
        left, shape = self.unary()
        while (token := self.peek()) is not None and token in (("op", "*"), ("op", "/")):
            self.pos += 1
            right, right_shape = self.unary()
            if token[1] == "*":
                shape = _product(left, shape, right, right_shape)
                left = _mul(left, right)
            else:
                if right_shape.direction == 0 and right(Decimal(0)) == 0:
                    raise FormulaError("division by zero")
                shape = (
                    _scale(shape, right(Decimal(0)), divide=True)
                    if right_shape.direction == 0
                    else _UNKNOWN
                )
                left = _div(left, right)
        return left, shape

    def unary(self) -> Node:
        token = self.peek()
        if token == ("op", "-"):
            self.pos += 1
            inner, shape = self.unary()
            return (lambda v: -inner(v)), _scale(shape, Decimal(-1))
        if token == ("op", "+"):
            self.pos += 1
            return self.unary()
        return self.atom()

    def atom(self) -> Node:
        token = self.peek()
        if token is None:
            raise FormulaError("unexpected end of formula")
        kind, text = token
        if kind == "num":
            self.pos += 1
            constant = Decimal(text)
            return (lambda v: constant), Shape(0, constant)
        if kind == "op" and text == "(":
            self.pos += 1
            inner = self.expr()
            self.take("op", ")")
            return inner
        if kind == "name" and text == "value":
            self.pos += 1
            return (lambda v: v), Shape(1, INFINITY)
        if kind == "name" and text in _FUNCTIONS:
            self.pos += 1
            self.take("op", "(")
            args = [self.expr()]
            while self.peek() == ("op", ","):
                self.pos += 1
                args.append(self.expr())
            self.take("op", ")")
            return self.function(text, args)
        raise FormulaError(f"unknown name or symbol {text!r}")

    def function(self, name: str, nodes: list[Node]) -> Node:
        args = [evaluator for evaluator, _shape in nodes]
        shapes = [shape for _evaluator, shape in nodes]
        if name in ("min", "max"):
            direction = _combine([s.direction for s in shapes])
            limits = [s.limit for s in shapes]
            limit = None
            if direction is not None and None not in limits:
                pick = min if name == "min" else max
                limit = pick(x for x in limits if x is not None)
            shape = Shape(direction, limit)
            if len(args) == 2:
                first, second = args
                if name == "min":
                    return (lambda v: min(first(v), second(v))), shape
                return (lambda v: max(first(v), second(v))), shape
            if name == "min":
                return (lambda v: min(a(v) for a in args)), shape
            return (lambda v: max(a(v) for a in args)), shape
        if len(args) > 2:
            raise FormulaError("round takes one or two arguments")
        mode = self.mode
        number = args[0]
        digits = args[1] if len(args) == 2 else (lambda v: Decimal(0))
        fixed_digits = len(args) == 1 or shapes[1].direction == 0

        def rounded(v: Decimal) -> Decimal:
            places = digits(v)
            if places != places.to_integral_value() or not 0 <= places <= 10:
                raise FormulaError("round digits must be a whole number from 0 to 10")
            return number(v).quantize(Decimal(1).scaleb(-int(places)), rounding=mode)

        inner = shapes[0]
        if not fixed_digits:
            return rounded, _UNKNOWN
        places = digits(Decimal(0))
        if places != places.to_integral_value() or not 0 <= places <= 10:
            raise FormulaError("round digits must be a whole number from 0 to 10")
        limit = inner.limit
        if limit is not None and limit.is_finite():
            limit = limit.quantize(Decimal(1).scaleb(-int(places)), rounding=mode)
        return rounded, Shape(inner.direction, limit)


def _product(a: Evaluator, a_shape: Shape, b: Evaluator, b_shape: Shape) -> Shape:
    if a_shape.direction == 0:
        return _scale(b_shape, a(Decimal(0)))
    if b_shape.direction == 0:
        return _scale(a_shape, b(Decimal(0)))
    return _UNKNOWN


def _add(a: Evaluator, b: Evaluator) -> Evaluator:
    return lambda v: a(v) + b(v)


def _sub(a: Evaluator, b: Evaluator) -> Evaluator:
    return lambda v: a(v) - b(v)


def _mul(a: Evaluator, b: Evaluator) -> Evaluator:
    return lambda v: a(v) * b(v)


def _div(a: Evaluator, b: Evaluator) -> Evaluator:
    def divide(v: Decimal) -> Decimal:
        divisor = b(v)
        if divisor == 0:
            raise FormulaError("division by zero")
        return a(v) / divisor

    return divide


def compile_formula(source: str, rounding: Rounding = Rounding.HALF_UP) -> Evaluator:
    """Parse `source` once and return a function `value -> Decimal`.

    Raises `FormulaError` for syntax errors; the returned function raises `FormulaError` for
    division by zero or a bad `round` argument.
    """
    try:
        evaluator, _shape = _Parser(source, rounding).parse()
    except InvalidOperation as exc:
        raise FormulaError(f"invalid arithmetic: {exc}") from exc

    def evaluate(value: Decimal) -> Decimal:
        try:
            return evaluator(value)
        except InvalidOperation as exc:
            raise FormulaError(f"invalid arithmetic: {exc}") from exc

    return evaluate


def analyse_formula(source: str, rounding: Rounding = Rounding.HALF_UP) -> Shape:
    """The direction and the limit (as `value` grows) of a formula; see `Shape`.

    Raises `FormulaError` like `compile_formula`. A direction of None means the formula is not
    provably monotonic (e.g. `value * value`, `10 / value`, or `min(value, 10 - value)`).
    """
    try:
        return _Parser(source, rounding).parse()[1]
    except InvalidOperation as exc:
        raise FormulaError(f"invalid arithmetic: {exc}") from exc
