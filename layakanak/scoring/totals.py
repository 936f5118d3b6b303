"""Totals only: the total and the band of many answer sets, without the per-question results.

`engine.score` builds a full `ScoreResult` (points, visibility and normalised answer of every
question, indicator and component scores) for explanations and plans. Jobs that keep only the
total and the band of hundreds of answer sets (the whole-cycle live score,
`evaluation.cycle_scoring`) use this module instead: the instrument is compiled once into
integer lookup tables in its smallest unit (0.01 at precision 2), and an answer set costs a
dictionary lookup or two per question and one addition of Python integers.

Identical to the engine by construction, not by imitation:

- the points of every finite answer (an option, a yes/no, a set of checklist items, a count up
  to the highest bound) are the engine's own points, computed once at compile time;
- percentages of whole numbers are compared with their bounds by exact integer
  cross-multiplication (the engine's comparison `numerator * 100 >= bound * denominator`, exact
  in both for the sizes let through); any other value (decimal strings, `Decimal`s, very large
  numbers, number questions) is validated and scored by the engine's own per-question
  functions;
- anything the fast path is not sure about (an unknown question, a value of an unexpected type,
  an invalid answer, a formula that cannot be computed) sends the whole answer set to
  `engine.score`, which then returns its result or raises its error (`AnswerError` for the first
  invalid answer, exactly as the engine reports it);
- the band of a total comes from `engine.band_for`, memoised per total; a total whose band has
  prerequisites (must-meet rules on indicators, `Instrument.prerequisites`) goes to
  `engine.score`, which alone has the indicator scores to check them.

`tests/scoring/test_totals.py` checks the equality on random answer sets of both shipped
instruments. Pure: no Django, no database.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import NamedTuple, cast

from layakanak.scoring.answers import Answer
from layakanak.scoring.cache import PerInstrument
from layakanak.scoring.engine import CompiledInstrument, band_for, compiled
from layakanak.scoring.model import Band, Instrument, Question, QuestionType

UnitsFn = Callable[[object], int]

_SUBSETS_LIMIT = 12  # checklists with up to 2**12 item sets get a table of every set
_TABLE_LIMIT = 100_000  # counts and percentages get a table of at most this many entries
# Whole numbers of up to this many digits compare exactly in the engine's Decimal arithmetic
# (28 significant digits) once multiplied by 100 or by a bound of up to _BOUND_DIGITS digits.
_INTEGER_DIGITS = 18
_BOUND_DIGITS = 8
_BIG = 10**_INTEGER_DIGITS
# A percentage as stored: two whole numbers as JSON strings (`evaluation.values.to_json`).
_STORED_PAIR = re.compile(r'\["([0-9]{1,18})", "([0-9]{1,18})"\]')


class Total(NamedTuple):
    """The total and the band of one answer set (as `engine.score(...).total` and `.band`)."""

    total: Decimal
    band: Band


class _Slow(Exception):
    """The fast path is not sure: let the engine score this answer set."""


class TotalsTable:
    """An instrument compiled for totals; build it with `compiled_totals(instrument)`.

    Answer sets are keyed by question code, or by other keys through `rekeyed`.
    """

    def __init__(self, instrument: Instrument) -> None:
        engine = compiled(instrument)
        self.instrument = instrument
        self.engine = engine
        self.precision = instrument.precision
        self.code_of = {q.code: q.code for q in instrument.questions}  # key -> question code
        self.known = frozenset(self.code_of)
        self.size = len(self.known)
        # The per-type loops of the fast path (key, tables...), in instrument order.
        self.choices: list[tuple[str, dict[str, int]]] = []
        self.yes_no: list[tuple[str, int, int]] = []
        self.checklists: list[tuple[str, dict[frozenset[str], int]]] = []
        self.counts: list[tuple[str, list[int], int, UnitsFn]] = []
        self.percentages: list[tuple[str, bool, list[int], int, UnitsFn]] = []
        self.texts: list[str] = []
        self.others: list[tuple[str, UnitsFn]] = []  # scored by the engine's own functions
        # Stored JSON texts (`total_json`): every answer of an option, yes/no or checklist
        # question as its canonical JSON text ('"a"', 'true', '["a", "c"]') -> units.
        self.json_finite: list[tuple[str, dict[str, int]]] = []
        # The points of one answer of each question, for answers hidden by show_if.
        self.units_of: dict[str, UnitsFn] = {}
        for q in instrument.questions:
            self._compile(q, q.code)
        # show_if, parents first: (key, parent key, values, parent is a checklist).
        self.conditional = [
            (code, parent, values, checklist)
            for code, (parent, values, checklist) in engine.conditional
        ]
        # The same with the JSON texts of the parent's answers that show the question (None:
        # the parent's answers have no table; its text is decoded).
        finite = dict(self.json_finite)
        self.json_conditional = [
            (code, parent, _showing(finite.get(parent), values, checklist), values, checklist)
            for code, parent, values, checklist in self.conditional
        ]
        self.bands: dict[int, Band | None] = {}
        self._rekeyed: dict[tuple[tuple[str, str], ...], TotalsTable] = {}

    def rekeyed(self, keys: Mapping[str, str]) -> TotalsTable:
        """The same table for answer sets keyed by `keys[code]` instead of question codes
        (the whole-cycle job's stored answers are keyed by question row id). Cached."""
        cache_key = tuple(sorted(keys.items()))
        table = self._rekeyed.get(cache_key)
        if table is not None:
            return table
        key = {code: keys[code] for code in self.code_of}  # KeyError: a question without key
        if len(set(key.values())) != len(key):
            raise ValueError("two questions share one key")
        table = copy.copy(self)
        table.code_of = {new: code for code, new in key.items()}
        table.known = frozenset(table.code_of)
        table.choices = [(key[k], *rest) for k, *rest in self.choices]  # type: ignore[misc]
        table.yes_no = [(key[k], *rest) for k, *rest in self.yes_no]  # type: ignore[misc]
        table.checklists = [(key[k], *rest) for k, *rest in self.checklists]  # type: ignore[misc]
        table.counts = [(key[k], *rest) for k, *rest in self.counts]  # type: ignore[misc]
        table.percentages = [(key[k], *rest) for k, *rest in self.percentages]  # type: ignore[misc]
        table.texts = [key[k] for k in self.texts]
        table.others = [(key[k], *rest) for k, *rest in self.others]  # type: ignore[misc]
        table.json_finite = [(key[k], texts) for k, texts in self.json_finite]
        table.units_of = {key[k]: fn for k, fn in self.units_of.items()}
        table.conditional = [(key[c], key[p], *rest) for c, p, *rest in self.conditional]  # type: ignore[misc]
        table.json_conditional = [
            (key[c], key[p], *rest)  # type: ignore[misc]
            for c, p, *rest in self.json_conditional
        ]
        table.bands = self.bands
        table._rekeyed = {}
        self._rekeyed[cache_key] = table
        return table

    # -- compiling ----------------------------------------------------------------------------

    def _units(self, points: Decimal) -> int:
        """A question's points (at the instrument's precision) in its smallest unit."""
        scaled = points.scaleb(self.precision)
        whole = int(scaled)
        if whole != scaled:  # pragma: no cover - the engine rounds every question's points
            raise ValueError(f"points {points} are not at precision {self.precision}")
        return whole

    def _engine_units(self, code: str) -> UnitsFn:
        """Validate and score one answer with the engine's own functions."""
        validate, points, units = (
            self.engine.validators[code],
            self.engine.points[code],
            self._units,
        )
        return lambda raw: units(points(validate(raw)))

    def _compile(self, q: Question, key: str) -> None:
        engine_units = self._engine_units(q.code)
        self.units_of[key] = engine_units
        points = self.engine.points[q.code]
        t = q.type
        if t is QuestionType.SINGLE_CHOICE:
            options = {o.code: self._units(points(o.code)) for o in q.options}
            self.choices.append((key, options))
            self.json_finite.append((key, {json.dumps(c): u for c, u in options.items()}))
        elif t is QuestionType.YES_NO:
            yes, no = self._units(points(True)), self._units(points(False))
            self.yes_no.append((key, yes, no))
            self.json_finite.append((key, {"true": yes, "false": no}))
        elif t is QuestionType.CHECKLIST and len(q.items) <= _SUBSETS_LIMIT:
            subsets: dict[frozenset[str], int] = {frozenset(): self._units(points(frozenset()))}
            for item in q.items:  # every set of items, each scored by the engine
                for chosen in list(subsets):
                    bigger = chosen | {item.code}
                    subsets[bigger] = self._units(points(bigger))
            self.checklists.append((key, subsets))
            # Stored sorted (`evaluation.values.to_json`), as json.dumps writes it.
            self.json_finite.append(
                (key, {json.dumps(sorted(chosen)): u for chosen, u in subsets.items()})
            )
        elif t is QuestionType.COUNT and (counts := self._count_table(q)) is not None:
            self.counts.append((key, counts, len(counts) - 1, engine_units))
        elif t is QuestionType.PERCENTAGE and (shares := self._percentage_table(q)) is not None:
            table, scale = shares
            self.percentages.append((key, q.better == "higher", table, scale, engine_units))
        elif t is QuestionType.TEXT:
            self.texts.append(key)
        else:
            self.others.append((key, engine_units))

    def _count_table(self, q: Question) -> list[int] | None:
        """The engine's points of every count from 0 to just past the highest bound (the
        points are the same for every larger count)."""
        bounds = [b.bound for b in q.thresholds]
        whole = [
            int(
                b.to_integral_value(rounding=ROUND_CEILING if q.better == "higher" else ROUND_FLOOR)
            )
            for b in bounds
        ]
        top = max(whole, default=0)
        if top < 0 or top >= _TABLE_LIMIT:
            return None
        points = self.engine.points[q.code]
        return [self._units(points(count)) for count in range(top + 2)]

    def _percentage_table(self, q: Question) -> tuple[list[int], int] | None:
        """The engine's points of every percentage on a grid fine enough for its bounds.

        With L the least common multiple of the bounds' denominators (1 for whole-number
        bounds), every bound b makes b × L a whole number B, and for x = n × 100 × L / d
        (percentage n / d, times L), `x >= B` is `floor(x) >= B` and `x <= B` is
        `ceil(x) <= B`. So the points of n / d are the engine's points of floor(x) / (100 L)
        (better is higher) or ceil(x) / (100 L) (better is lower), for x from 0 to 100 L:
        a table of 100 L + 1 entries, each computed by the engine.
        """
        grid = 1
        for threshold in q.thresholds:
            bound = threshold.bound
            if not bound.is_finite() or len(bound.as_tuple().digits) > _BOUND_DIGITS:
                return None
            grid = math.lcm(grid, bound.as_integer_ratio()[1])
        if 100 * grid >= _TABLE_LIMIT:
            return None
        points, scale = self.engine.points[q.code], 100 * grid
        whole = Decimal(scale)
        return [self._units(points((Decimal(x), whole))) for x in range(scale + 1)], scale

    # -- scoring ------------------------------------------------------------------------------

    def total(self, answers: Mapping[str, object]) -> Total:
        """The total and band `engine.score` gives these answers; raises what it raises."""
        try:
            units = self._fast(answers)
        except Exception:  # any doubt: the engine decides (and raises its error)
            return self._slow(answers)
        total = Decimal(units).scaleb(-self.precision)
        band = self._band(units, total)
        if band is None:  # a prerequisite may hold the band back: it needs the indicators
            return self._slow(answers)
        return Total(total, band)

    def totals(self, answer_sets: Iterable[Mapping[str, object]]) -> list[Total]:
        return [self.total(answers) for answers in answer_sets]

    def _slow(self, answers: Mapping[str, object]) -> Total:
        code_of = self.code_of
        by_code = {code_of.get(key, key): raw for key, raw in answers.items()}
        result = self.engine.score(by_code)
        return Total(result.total, result.band)

    def _fast(self, answers: Mapping[str, object]) -> int:
        """The total in the instrument's smallest unit; raises anything when unsure."""
        if len(answers) > self.size or not answers.keys() <= self.known:
            raise _Slow
        get = answers.get
        units = 0
        for key, options in self.choices:
            raw = get(key)
            if raw is not None:
                if type(raw) is not str:
                    raise _Slow
                units += options[raw]
        for key, yes, no in self.yes_no:
            raw = get(key)
            if raw is True:
                units += yes
            elif raw is False:
                units += no
            elif raw is not None:
                raise _Slow
        for key, subsets in self.checklists:
            raw = get(key)
            if raw is not None:
                if type(raw) is not list:
                    raise _Slow
                units += subsets[frozenset(raw)]
        for key, by_count, last, engine_units in self.counts:
            raw = get(key)
            if raw is not None:
                if type(raw) is int and 0 <= raw < _BIG:
                    units += by_count[raw if raw < last else last]
                else:  # a count as text or Decimal, or an invalid one: the engine's way
                    units += engine_units(raw)
        for key, higher, by_share, scale, engine_units in self.percentages:
            raw = get(key)
            if raw is None:
                continue
            # Stored as ["45", "50"]: two whole numbers as text (or as ints), exactly compared
            # through the table; anything else (decimals, Decimals, invalid) the engine's way.
            numerator = denominator = -1
            if (type(raw) is list or type(raw) is tuple) and len(raw) == 2:
                first, second = raw
                if type(first) is str and type(second) is str:
                    digits = first + second
                    if first and second and digits.isascii() and digits.isdigit():
                        numerator, denominator = int(first), int(second)
                elif type(first) is int and type(second) is int:
                    numerator, denominator = first, second
            if 0 <= numerator <= denominator < _BIG and denominator:
                if higher:
                    units += by_share[numerator * scale // denominator]
                else:
                    units += by_share[-(-numerator * scale // denominator)]
            else:
                units += engine_units(raw)
        for key in self.texts:
            raw = get(key)
            if raw is not None and type(raw) is not str:
                raise _Slow
        for key, engine_units in self.others:
            raw = get(key)
            if raw is not None:
                units += engine_units(raw)
        if self.conditional:
            units -= self._hidden_units(answers)
        return units

    def total_json(self, texts: Mapping[str, str]) -> Total:
        """`total` of answers given as their stored JSON texts (`total(json.loads(...))` of
        each), without decoding most of them: the texts of options, yes/no and checklists are
        looked up as they are, whole numbers and percentages of whole numbers are read from
        the text, anything else is decoded. The texts must be valid JSON (the database's
        JSON column guarantees it)."""
        try:
            units = self._fast_json(texts)
        except Exception:  # any doubt: the engine decides (and raises its error)
            return self._slow({key: json.loads(text) for key, text in texts.items()})
        total = Decimal(units).scaleb(-self.precision)
        band = self._band(units, total)
        if band is None:  # a prerequisite may hold the band back: it needs the indicators
            return self._slow({key: json.loads(text) for key, text in texts.items()})
        return Total(total, band)

    def _band(self, units: int, total: Decimal) -> Band | None:
        """The band of a total, memoised; None when the band has prerequisites (must-meet
        rules of the instrument), which only the engine's indicator scores can decide."""
        if units in self.bands:
            return self.bands[units]
        band = band_for(self.instrument, total)
        guarded = bool(self.instrument.prerequisites_of(band))
        self.bands[units] = None if guarded else band
        return self.bands[units]

    def _fast_json(self, texts: Mapping[str, str]) -> int:
        """`_fast` for JSON texts; raises anything when unsure."""
        if len(texts) > self.size or not texts.keys() <= self.known:
            raise _Slow
        get = texts.get
        stored_pair = _STORED_PAIR.fullmatch
        units = 0
        for key, by_text in self.json_finite:
            text = get(key)
            if text is not None:
                units += by_text[text]  # KeyError: not canonical, or not valid
        for key, by_count, last, engine_units in self.counts:
            text = get(key)
            if text is not None:
                # JSON has no leading zeros: digits only is a whole number >= 0 as written.
                if text.isdigit() and text.isascii() and len(text) <= _INTEGER_DIGITS:
                    count = int(text)
                    units += by_count[count if count < last else last]
                else:  # a count as text, a large one or an invalid one: the engine's way
                    units += engine_units(json.loads(text))
        for key, higher, by_share, scale, engine_units in self.percentages:
            text = get(key)
            if text is None:
                continue
            # '["45", "50"]' as the column stores it (whole numbers); anything else (decimals,
            # or an invalid pair) is decoded and scored the engine's way.
            pair = stored_pair(text)
            numerator, denominator = (int(pair[1]), int(pair[2])) if pair else (-1, -1)
            if 0 <= numerator <= denominator < _BIG and denominator:
                if higher:
                    units += by_share[numerator * scale // denominator]
                else:
                    units += by_share[-(-numerator * scale // denominator)]
            else:
                units += engine_units(json.loads(text))
        for key in self.texts:
            text = get(key)
            if text is not None and text[:1] != '"':  # a JSON string starts with a quote
                raise _Slow
        for key, engine_units in self.others:
            text = get(key)
            if text is not None:
                units += engine_units(json.loads(text))
        if self.json_conditional:
            units -= self._hidden_units_json(texts)
        return units

    def _hidden_units_json(self, texts: Mapping[str, str]) -> int:
        """`_hidden_units` for JSON texts."""
        hidden: set[str] = set()
        units = 0
        for key, parent, showing, values, checklist in self.json_conditional:
            text = texts.get(parent)
            if parent in hidden or text is None:
                shown = False
            elif showing is not None:
                shown = text in showing
            else:
                raw = json.loads(text)
                shown = not values.isdisjoint(raw) if checklist else raw in values
            if not shown:
                hidden.add(key)
                answer = texts.get(key)
                if answer is not None:
                    units += self.units_of[key](json.loads(answer))
        return units

    def _hidden_units(self, answers: Mapping[str, object]) -> int:
        """The points counted above for answers that show_if hides (the engine counts 0).
        Every answer is valid here: the loops above validated them."""
        hidden: set[str] = set()
        units = 0
        for key, parent, values, checklist in self.conditional:
            raw = answers.get(parent)
            if (
                parent in hidden
                or raw is None
                or (values.isdisjoint(cast(list[str], raw)) if checklist else raw not in values)
            ):
                hidden.add(key)
                answer = answers.get(key)
                if answer is not None:
                    units += self.units_of[key](answer)
        return units


def _showing(
    by_text: dict[str, int] | None, values: frozenset[str | bool], checklist: bool
) -> frozenset[str] | None:
    """The JSON texts of a parent's answers that meet a show_if condition."""
    if by_text is None:
        return None
    shown = set()
    for text in by_text:
        answer = json.loads(text)
        if (not values.isdisjoint(answer)) if checklist else answer in values:
            shown.add(text)
    return frozenset(shown)


compiled_totals: PerInstrument[TotalsTable] = PerInstrument(TotalsTable)
"""The (cached) totals table of an instrument, keyed by question code."""


def score_total(instrument: Instrument, answers: Mapping[str, object]) -> Total:
    """`engine.score(instrument, answers)`'s total and band, much faster."""
    return compiled_totals(instrument).total(answers)


def score_totals(
    instrument: Instrument, answer_sets: Iterable[Mapping[str, object]]
) -> list[Total]:
    """`score_total` of many answer sets (the tables are built once per instrument)."""
    return compiled_totals(instrument).totals(answer_sets)


__all__ = [
    "Answer",
    "CompiledInstrument",
    "Total",
    "TotalsTable",
    "compiled_totals",
    "score_total",
    "score_totals",
]
