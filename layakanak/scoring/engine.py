"""The scoring engine: answers → question, indicator, component and total scores → band.

Pure and deterministic: exact `Decimal` arithmetic, no database, no clock. Question scores are
rounded to the instrument's precision with its rounding rule; indicator, component and total
scores are exact sums of those. A question hidden by `show_if` scores 0 and is left out of
completeness; a missing (or `None`) answer scores 0 and counts as unanswered.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import NamedTuple, cast

from layakanak.scoring.answers import VALIDATORS, Answer, AnswerError, validate_answer
from layakanak.scoring.cache import PerInstrument
from layakanak.scoring.formula import (
    ROUNDING_MODES,
    FormulaError,
    analyse_formula,
    compile_formula,
)
from layakanak.scoring.model import (
    Band,
    BandRule,
    Instrument,
    Prerequisite,
    Question,
    QuestionType,
)

ZERO = Decimal(0)
PointsFn = Callable[[Answer], Decimal]


class QuestionScore(NamedTuple):
    """The score of one question (a NamedTuple: cheap to build by the hundred thousand)."""

    code: str
    points: Decimal
    maximum: Decimal
    visible: bool
    answered: bool
    answer: Answer | None


class IndicatorScore(NamedTuple):
    number: str
    points: Decimal
    maximum: Decimal
    answered: int
    total: int

    @property
    def completeness(self) -> str:
        """E.g. "[3/5]": answered visible questions over visible questions that count."""
        return f"[{self.answered}/{self.total}]"


class ComponentScore(NamedTuple):
    code: str
    points: Decimal
    maximum: Decimal
    answered: int
    total: int
    indicators: tuple[IndicatorScore, ...]

    @property
    def completeness(self) -> str:
        return f"[{self.answered}/{self.total}]"


class Shortfall(NamedTuple):
    """A prerequisite a region does not meet: its indicator has `points`, it needs `required`."""

    prerequisite: Prerequisite
    points: Decimal
    required: Decimal

    @property
    def missing(self) -> Decimal:
        return self.required - self.points


class Proposal(NamedTuple):
    """The band the engine proposes: the highest band, at most `by_total` (the band of the
    total), whose prerequisites hold. `held_back` lists the unmet prerequisites of the bands
    between the two (empty when `band` is `by_total`)."""

    band: Band
    by_total: Band
    held_back: tuple[Shortfall, ...]


@dataclass(frozen=True)
class ScoreResult:
    """Scores of one answer set. `questions` is built on first access (scoring many answer
    sets only keeps compact per-question points, answers and visibility). `band` is the
    proposed band: the band of the total unless a prerequisite of the instrument holds it back
    (`proposal` says which)."""

    instrument: str
    total: Decimal
    maximum: Decimal
    band: Band
    components: tuple[ComponentScore, ...]
    points: dict[str, Decimal]
    answers: dict[str, Answer]
    visible: dict[str, bool]
    maxima: dict[str, Decimal] = field(compare=False, repr=False)

    @cached_property
    def questions(self) -> dict[str, QuestionScore]:
        """Per-question scores in instrument order."""
        answers, visible, maxima = self.answers, self.visible, self.maxima
        return {
            code: QuestionScore(
                code, points, maxima[code], visible[code], code in answers, answers.get(code)
            )
            for code, points in self.points.items()
        }

    proposal: Proposal | None = field(default=None, compare=False, repr=False)

    @property
    def indicators(self) -> dict[str, IndicatorScore]:
        return {i.number: i for c in self.components for i in c.indicators}

    @property
    def band_by_total(self) -> Band:
        """The band of the total alone, before prerequisites."""
        return self.proposal.by_total if self.proposal else self.band

    @property
    def held_back(self) -> tuple[Shortfall, ...]:
        """The unmet prerequisites that keep `band` below the band of the total."""
        return self.proposal.held_back if self.proposal else ()

    @property
    def answered(self) -> int:
        return sum(c.answered for c in self.components)

    @property
    def counted(self) -> int:
        return sum(c.total for c in self.components)


class CompiledInstrument:
    """Lookup tables built once per instrument so that scoring many answer sets is cheap."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        quantum = instrument.quantum
        self.mode = ROUNDING_MODES[instrument.rounding]
        self.quantum = quantum
        self.zero = ZERO.quantize(quantum)
        self.points: dict[str, PointsFn] = {}
        self.maximum: dict[str, Decimal] = {}
        for q in instrument.questions:
            self.points[q.code] = self._points_fn(q)
            self.maximum[q.code] = self._q(q.maximum)
        # The best points of each number question (None: its formula is not provably
        # non-decreasing, so the best value cannot be known exactly; the loader refuses those).
        self.number_best: dict[str, Decimal | None] = {
            q.code: self._number_best(q)
            for q in instrument.questions
            if q.type is QuestionType.NUMBER
        }
        self.validators = {
            q.code: functools.partial(VALIDATORS[q.type], q) for q in instrument.questions
        }
        self.all_visible = dict.fromkeys((q.code for q in instrument.questions), True)
        self.order = _parents_first(instrument)
        self.conditions: dict[str, tuple[str, frozenset[str | bool], bool]] = {
            q.code: (
                q.show_if.question,
                frozenset(q.show_if.values),
                instrument.question(q.show_if.question).type is QuestionType.CHECKLIST,
            )
            for q in instrument.questions
            if q.show_if is not None
        }
        self.conditional = [(c, self.conditions[c]) for c in self.order if c in self.conditions]
        # (component code, [(indicator number, [(code, required)])])
        self.layout = [
            (
                c.code,
                [(i.number, [(q.code, q.required) for q in i.questions]) for i in c.indicators],
            )
            for c in instrument.components
        ]
        self.component_max = {
            c.code: sum((self.maximum[q.code] for i in c.indicators for q in i.questions), ZERO)
            for c in instrument.components
        }
        self.indicator_max = {
            i.number: sum((self.maximum[q.code] for q in i.questions), ZERO)
            for c in instrument.components
            for i in c.indicators
        }
        self.total_max = sum(self.component_max.values(), ZERO)

    def _q(self, value: Decimal) -> Decimal:
        return value.quantize(self.quantum, rounding=self.mode)

    def _points_fn(self, q: Question) -> PointsFn:
        t = q.type
        if t is QuestionType.SINGLE_CHOICE:
            table = {o.code: self._q(o.points) for o in q.options}
            return lambda a: table[cast(str, a)]
        if t is QuestionType.CHECKLIST:
            items = {i.code: i.points for i in q.items}
            if all(
                self._q(p) == p and p.as_tuple().exponent == -self.instrument.precision
                for p in items.values()
            ):
                zero = self._q(ZERO)  # sums of points at the precision stay at the precision
                return lambda a: sum([items[c] for c in cast(frozenset[str], a)], zero)
            return lambda a: self._q(sum((items[c] for c in cast(frozenset[str], a)), ZERO))
        if t in (QuestionType.PERCENTAGE, QuestionType.COUNT):
            return self._threshold_fn(q)
        if t is QuestionType.YES_NO:
            yes, no = self._q(q.points_yes), self._q(q.points_no)
            return lambda a: yes if a else no
        if t is QuestionType.NUMBER:
            return self._number_fn(q)
        return lambda a: ZERO

    def _number_best(self, q: Question) -> Decimal | None:
        assert q.formula is not None and q.max_points is not None
        shape = analyse_formula(q.formula, self.instrument.rounding)
        if shape.direction not in (0, 1) or shape.limit is None:
            return None
        return self._q(min(max(shape.limit, ZERO), q.max_points))

    def _threshold_fn(self, q: Question) -> PointsFn:
        higher = q.better == "higher"
        ordered = sorted(q.thresholds, key=lambda b: b.bound, reverse=higher)
        steps = [(b.bound, self._q(b.points)) for b in ordered]
        percentage = q.type is QuestionType.PERCENTAGE

        def points(a: Answer) -> Decimal:
            if percentage:
                numerator, denominator = cast(tuple[Decimal, Decimal], a)
                # Compare numerator/denominator*100 with the bound without dividing: exact.
                scaled, unit = numerator * 100, denominator
            else:
                scaled, unit = Decimal(cast(int, a)), Decimal(1)
            for bound, reward in steps:
                if (scaled >= bound * unit) if higher else (scaled <= bound * unit):
                    return reward
            return ZERO

        return points

    def _number_fn(self, q: Question) -> PointsFn:
        assert q.formula is not None and q.max_points is not None
        evaluate = compile_formula(q.formula, self.instrument.rounding)
        top = q.max_points
        code = q.code

        def points(a: Answer) -> Decimal:
            try:
                raw = evaluate(a)  # type: ignore[arg-type]
            except FormulaError as exc:
                raise AnswerError(
                    code,
                    "formula_error",
                    f"Rumus tidak dapat dihitung untuk nilai {a}: {exc}",
                    f"The formula cannot be computed for value {a}: {exc}",
                ) from exc
            return self._q(min(max(raw, ZERO), top))

        return points

    def visible(self, code: str, answers: Mapping[str, Answer | None]) -> bool:
        """Whether `code` is shown given normalised answers (parents checked recursively)."""
        condition = self.conditions.get(code)
        if condition is None:
            return True
        parent, values, checklist = condition
        if not self.visible(parent, answers):
            return False
        return _condition_holds(answers.get(parent), values, checklist)

    def score(self, answers: Mapping[str, object]) -> ScoreResult:
        """Score one answer set (see `score`). Validation and scoring share one pass."""
        unknown = answers.keys() - self.validators.keys()
        if unknown:
            raise self._unknown(min(unknown))
        validators = self.validators
        visible = self.all_visible
        normalised: dict[str, Answer] = {}
        if self.conditional:
            visible = dict(visible)
            for code, (parent, values, checklist) in self.conditional:
                raw = answers.get(parent)
                answer = None if raw is None else validators[parent](raw)
                visible[code] = visible[parent] and _condition_holds(answer, values, checklist)
        points: dict[str, Decimal] = {}
        components: list[ComponentScore] = []
        total = zero = self.zero
        points_fns = self.points
        for component_code, indicators in self.layout:
            indicator_scores: list[IndicatorScore] = []
            c_points, c_answered, c_total = zero, 0, 0
            for number, question_list in indicators:
                i_points, i_answered, i_total = zero, 0, 0
                for code, required in question_list:
                    raw = answers.get(code)
                    if raw is None:
                        points[code] = zero
                        if required and visible[code]:
                            i_total += 1
                        continue
                    answer = normalised[code] = validators[code](raw)
                    if visible[code]:
                        i_total += 1
                        i_answered += 1
                        earned = points[code] = points_fns[code](answer)
                        i_points += earned
                    else:
                        points[code] = zero
                indicator_scores.append(
                    IndicatorScore(
                        number, i_points, self.indicator_max[number], i_answered, i_total
                    )
                )
                c_points += i_points
                c_answered += i_answered
                c_total += i_total
            components.append(
                ComponentScore(
                    component_code,
                    c_points,
                    self.component_max[component_code],
                    c_answered,
                    c_total,
                    tuple(indicator_scores),
                )
            )
            total += c_points
        instrument = self.instrument
        if instrument.prerequisites:
            by_indicator = {i.number: i.points for c in components for i in c.indicators}
            proposal = propose(instrument, total, by_indicator)
        else:
            band = band_for(instrument, total)
            proposal = Proposal(band, band, ())
        return ScoreResult(
            instrument.slug,
            total,
            self.total_max,
            proposal.band,
            tuple(components),
            points,
            normalised,
            visible,
            self.maximum,
            proposal,
        )

    def score_normalised(self, answers: Mapping[str, Answer | None]) -> ScoreResult:
        """Score answers that already went through `validate_answer` (validation is idempotent)."""
        return self.score(answers)

    def normalise(self, answers: Mapping[str, object]) -> dict[str, Answer | None]:
        """Validate every answer and return them normalised; None answers are dropped."""
        unknown = answers.keys() - self.validators.keys()
        if unknown:
            raise self._unknown(min(unknown))
        return {
            code: self.validators[code](raw) for code, raw in answers.items() if raw is not None
        }

    def _unknown(self, code: str) -> AnswerError:
        slug = self.instrument.slug
        return AnswerError(
            code,
            "unknown_question",
            f"Pertanyaan {code!r} tidak ada di instrumen {slug}",
            f"Question {code!r} is not in instrument {slug}",
        )


def _condition_holds(answer: Answer | None, values: frozenset[str | bool], checklist: bool) -> bool:
    if answer is None:
        return False
    if checklist:
        return not values.isdisjoint(answer)  # type: ignore[arg-type]
    return answer in values


def _parents_first(instrument: Instrument) -> list[str]:
    """Question codes ordered so that every show_if parent comes before its dependants."""
    done: set[str] = set()
    order: list[str] = []

    def visit(q: Question, depth: int) -> None:
        if q.code in done:
            return
        if depth > len(instrument.questions):
            raise ValueError(f"show_if cycle through question {q.code}")
        if q.show_if is not None:
            visit(instrument.question(q.show_if.question), depth + 1)
        done.add(q.code)
        order.append(q.code)

    for q in instrument.questions:
        visit(q, 0)
    return order


compiled: PerInstrument[CompiledInstrument] = PerInstrument(CompiledInstrument)
"""The (cached) lookup tables of an instrument; built on first use."""


def score(instrument: Instrument, answers: Mapping[str, object]) -> ScoreResult:
    """Score one region's answers (question code → raw answer value) with `instrument`.

    Raises `AnswerError` for the first invalid answer or an unknown question code; never turns
    bad input into a silent zero.
    """
    return compiled(instrument).score(answers)


def score_many(
    instrument: Instrument, answer_sets: Iterable[Mapping[str, object]]
) -> list[ScoreResult]:
    """Score many answer sets with one instrument, building its lookup tables only once."""
    table = compiled(instrument)
    return [table.score(answers) for answers in answer_sets]


def validate_answers(instrument: Instrument, answers: Mapping[str, object]) -> list[AnswerError]:
    """Every problem in an answer set (not only the first), for forms and imports."""
    problems: list[AnswerError] = []
    for code, raw in answers.items():
        if not instrument.has_question(code):
            problems.append(
                AnswerError(
                    code,
                    "unknown_question",
                    f"Pertanyaan {code!r} tidak ada di instrumen {instrument.slug}",
                    f"Question {code!r} is not in instrument {instrument.slug}",
                )
            )
            continue
        try:
            validate_answer(instrument.question(code), raw)
        except AnswerError as exc:
            problems.append(exc)
    return problems


def band_for(instrument: Instrument, total: Decimal) -> Band:
    """The predicate band a total falls in, under the instrument's `band_rule`.

    - truncate: drop the decimals, then find the band whose [min, max] holds the integer;
    - round_half_up: round to an integer (half up), then find the band;
    - upper_inclusive: band i covers (max of band i-1, max of band i]; the lowest starts at min.
    """
    bands = instrument.bands
    if total < bands[0].min or total > bands[-1].max:
        raise ValueError(f"total {total} is outside the bands of {instrument.slug}")
    rule = instrument.band_rule
    if rule is BandRule.UPPER_INCLUSIVE:
        for band in bands:
            if total <= band.max:
                return band
        raise ValueError(f"total {total} is above the highest band of {instrument.slug}")
    if rule is BandRule.TRUNCATE:
        whole = total.to_integral_value(rounding=ROUND_FLOOR)
    else:
        whole = total.to_integral_value(rounding=ROUND_HALF_UP)
    for band in bands:
        if band.min <= whole <= band.max:
            return band
    raise ValueError(f"total {total} falls in no band of {instrument.slug}")


def shortfalls(
    instrument: Instrument, band: Band, indicator_points: Mapping[str, Decimal]
) -> tuple[Shortfall, ...]:
    """The prerequisites of `band` (its own and those of the bands below) that the indicator
    points do not meet. An indicator meets a rule when its points reach `min_percent` % of its
    maximum, compared exactly (no rounding)."""
    missing = []
    for rule in instrument.prerequisites_of(band):
        required = instrument.indicator(rule.indicator).maximum * rule.min_percent / 100
        points = indicator_points.get(rule.indicator, Decimal(0))
        if points < required:
            missing.append(Shortfall(rule, points, required))
    return tuple(missing)


def propose(
    instrument: Instrument, total: Decimal, indicator_points: Mapping[str, Decimal]
) -> Proposal:
    """The highest band, at most the band of `total`, whose prerequisites hold for these
    indicator points; with the unmet prerequisites that held the total's band back. The lowest
    band has no prerequisites (the instrument's checks refuse one), so there always is one."""
    by_total = band_for(instrument, total)
    if not instrument.prerequisites:
        return Proposal(by_total, by_total, ())
    rank = band_rank(instrument, by_total)
    held: dict[Prerequisite, Shortfall] = {}
    while rank > 0:
        band = instrument.bands[rank]
        unmet = shortfalls(instrument, band, indicator_points)
        if not unmet:
            break
        for item in unmet:
            held.setdefault(item.prerequisite, item)
        rank -= 1
    return Proposal(instrument.bands[rank], by_total, tuple(held.values()))


def indicator_points(instrument: Instrument, points: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Per-question points (a frozen stage score) summed per indicator."""
    sums: dict[str, Decimal] = {}
    for component in instrument.components:
        for indicator in component.indicators:
            sums[indicator.number] = sum(
                (points.get(q.code, Decimal(0)) for q in indicator.questions), Decimal(0)
            )
    return sums


def propose_from_points(instrument: Instrument, points: Mapping[str, Decimal]) -> Proposal:
    """The proposal for a frozen stage score's per-question points (verification stages)."""
    total = sum(points.values(), Decimal(0))
    return propose(instrument, total, indicator_points(instrument, points))


def band_threshold(instrument: Instrument, band: Band) -> Decimal:
    """The smallest total, at the instrument's precision, whose band is `band` or higher."""
    index = instrument.bands.index(band)
    quantum = instrument.quantum
    rule = instrument.band_rule
    if index == 0:
        return band.min
    if rule is BandRule.TRUNCATE:
        return band.min
    if rule is BandRule.ROUND_HALF_UP:
        return (band.min - Decimal("0.5")).quantize(quantum, rounding=ROUND_CEILING)
    previous = instrument.bands[index - 1]
    return (previous.max + quantum).quantize(quantum, rounding=ROUND_FLOOR)


def band_rank(instrument: Instrument, band: Band) -> int:
    """Position of a band from the lowest (0)."""
    return instrument.bands.index(band)
