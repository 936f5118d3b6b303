"""A tiny, safe expression language for `number` questions, evaluated over exact Decimals.

Grammar (no `eval`, no attribute access, no names other than those listed)::

    expr  := term (("+" | "-") term)*
    term  := unary (("*" | "/") unary)*
    unary := ("+" | "-") unary | atom
    atom  := NUMBER | "value" | FUNC "(" expr ("," expr)* ")" | "(" expr ")"
    FUNC  := "min" | "max" | "round"        round(x) or round(x, digits)

`round` uses the instrument's rounding rule. Division by zero raises `FormulaError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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


class FormulaError(ValueError):
    """A formula that cannot be parsed or evaluated."""


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

    def parse(self) -> Evaluator:
        if not self.tokens:
            raise FormulaError("empty formula")
        result = self.expr()
        if self.peek() is not None:
            raise FormulaError(f"unexpected {self.peek()[1]!r} after the expression")  # type: ignore[index]
        return result

    def expr(self) -> Evaluator:
        left = self.term()
        while (token := self.peek()) is not None and token in (("op", "+"), ("op", "-")):
            self.pos += 1
            right = self.term()
            left = _add(left, right) if token[1] == "+" else _sub(left, right)
        return left

    def term(self) -> Evaluator:
        left = self.unary()
        while (token := self.peek()) is not None and token in (("op", "*"), ("op", "/")):
            self.pos += 1
            right = self.unary()
            left = _mul(left, right) if token[1] == "*" else _div(left, right)
        return left

    def unary(self) -> Evaluator:
        token = self.peek()
        if token == ("op", "-"):
            self.pos += 1
            inner = self.unary()
            return lambda v: -inner(v)
        if token == ("op", "+"):
            self.pos += 1
            return self.unary()
        return self.atom()

    def atom(self) -> Evaluator:
        token = self.peek()
        if token is None:
            raise FormulaError("unexpected end of formula")
        kind, text = token
        if kind == "num":
            self.pos += 1
            constant = Decimal(text)
            return lambda v: constant
        if kind == "op" and text == "(":
            self.pos += 1
            inner = self.expr()
            self.take("op", ")")
            return inner
        if kind == "name" and text == "value":
            self.pos += 1
            return lambda v: v
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

    def function(self, name: str, args: list[Evaluator]) -> Evaluator:
        if name in ("min", "max") and len(args) == 2:
            first, second = args
            if name == "min":
                return lambda v: min(first(v), second(v))
            return lambda v: max(first(v), second(v))
        if name == "min":
            return lambda v: min(a(v) for a in args)
        if name == "max":
            return lambda v: max(a(v) for a in args)
        if len(args) > 2:
            raise FormulaError("round takes one or two arguments")
        mode = self.mode
        number = args[0]
        digits = args[1] if len(args) == 2 else (lambda v: Decimal(0))

        def rounded(v: Decimal) -> Decimal:
            places = digits(v)
            if places != places.to_integral_value() or not 0 <= places <= 10:
                raise FormulaError("round digits must be a whole number from 0 to 10")
            return number(v).quantize(Decimal(1).scaleb(-int(places)), rounding=mode)

        return rounded


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
    evaluator = _Parser(source, rounding).parse()

    def evaluate(value: Decimal) -> Decimal:
        try:
            return evaluator(value)
        except InvalidOperation as exc:
            raise FormulaError(f"invalid arithmetic: {exc}") from exc

    return evaluate
