"""The gap planner: the fewest answer improvements that lift a region to a target predicate.

Questions are grouped in trees by `show_if` (a question and the questions its answer reveals).
A move changes one question's answer and fills any question it newly reveals with that
question's best answers, so a plan never relies on a hidden question. Moves are picked greedily,
largest gain first (or gain per effort class: low=1, medium=2, high=3); once a single move can
close the remaining gap, the smallest such move is taken. `reachable` is exact: the maximum
achievable total is computed over every show_if branch, with every option of a show_if parent,
the full checklist, the best threshold, and for a number question the exact best points of its
(non-decreasing, piecewise-linear) formula from `formula.analyse_formula`, reached at the
smallest whole value found by search. The property tests compare it with brute force.

Prerequisites (must-meet rules of the instrument, `Instrument.prerequisites`) come first: while
an indicator the target band requires is below its share, the move that adds the most points
to that indicator is taken (or the smallest that closes its gap); then the total's gap is
closed as above. The target is reachable when the best answers of every tree reach the
threshold and meet every prerequisite.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from layakanak.scoring.answers import Answer
from layakanak.scoring.engine import (
    CompiledInstrument,
    PointsFn,
    QuestionScore,
    ScoreResult,
    Shortfall,
    band_rank,
    band_threshold,
    compiled,
    shortfalls,
)
from layakanak.scoring.explain import format_number
from layakanak.scoring.levels import AnswerChange, better_answers, describe_change
from layakanak.scoring.model import EFFORT_WEIGHT, Band, Effort, Instrument, Text

ZERO = Decimal(0)
Answers = Mapping[str, Answer | None]


@dataclass(frozen=True)
class Improvement:
    """One question to improve, with who is responsible and what to change."""

    question: str
    indicator: str
    component: str
    opd: tuple[str, ...]
    effort: Effort
    current_points: Decimal
    achievable_points: Decimal
    change: AnswerChange
    explanation: Text

    @property
    def gain(self) -> Decimal:
        return self.achievable_points - self.current_points


@dataclass(frozen=True)
class Plan:
    """A gap plan. `reachable` is False exactly when even the best answers miss the target."""

    target: Band
    threshold: Decimal
    current_total: Decimal
    current_band: Band
    projected_total: Decimal
    max_total: Decimal
    reachable: bool
    improvements: tuple[Improvement, ...]
    answers: dict[str, Answer | None]
    # The target's prerequisites the current answers do not meet (the plan covers them when
    # reachable), and those that even the best answers cannot meet.
    unmet_prerequisites: tuple[Shortfall, ...] = ()
    unreachable_prerequisites: tuple[Shortfall, ...] = ()

    @property
    def shortfall(self) -> Decimal:
        """Points still missing after the plan (0 when the target is met)."""
        return max(self.threshold - self.projected_total, ZERO)


class _Trees:
    """Questions grouped by show_if into trees, with best-answer search per subtree."""

    def __init__(self, table: CompiledInstrument) -> None:
        self.table = table
        instrument = table.instrument
        self.children: dict[str, list[str]] = {q.code: [] for q in instrument.questions}
        self.root_of: dict[str, str] = {}
        for code in table.order:
            condition = table.conditions.get(code)
            if condition is None:
                self.root_of[code] = code
            else:
                self.children[condition[0]].append(code)
                self.root_of[code] = self.root_of[condition[0]]
        self.members: dict[str, list[str]] = {}
        for code in table.order:
            self.members.setdefault(self.root_of[code], []).append(code)

    def points(self, root: str, answers: Answers) -> Decimal:
        total = ZERO
        for code in self.members[root]:
            answer = answers.get(code)
            if answer is not None and self.table.visible(code, answers):
                total += self.table.points[code](answer)
        return total

    def best(self, code: str, answers: Answers) -> tuple[Decimal, dict[str, Answer | None]]:
        """Best points of the subtree at `code` (assumed visible) and the answers giving them."""
        question = self.table.instrument.question(code)
        current = answers.get(code)
        options: list[Answer | None] = [current]
        options += better_answers(question, current, self._points_of(code), self._best(code))
        best_points, best_answers = Decimal(-1), {}
        for answer in options:
            chosen: dict[str, Answer | None] = {code: answer}
            view = ChainMap(chosen, dict(answers))
            total = self.table.points[code](answer) if answer is not None else ZERO
            for child in self.children[code]:
                if self.table.visible(child, view):
                    child_points, child_answers = self.best(child, view)
                    total += child_points
                    chosen.update(child_answers)
            if total > best_points:
                best_points, best_answers = total, chosen
        return best_points, best_answers

    def _points_of(self, code: str) -> PointsFn:
        return self.table.points[code]

    def _best(self, code: str) -> Decimal | None:
        return self.table.number_best.get(code)

    def moves(self, root: str, answers: Answers) -> list[tuple[Decimal, dict[str, Answer | None]]]:
        """Every positive-gain move in the tree of `root`: (gain, changed answers)."""
        before = self.points(root, answers)
        bundles: list[dict[str, Answer | None]] = [self.best(root, answers)[1]]
        for code in self.members[root]:
            if not self.table.visible(code, answers):
                continue
            question = self.table.instrument.question(code)
            for answer in better_answers(
                question, answers.get(code), self._points_of(code), self._best(code)
            ):
                bundle: dict[str, Answer | None] = {code: answer}
                self._reveal(code, ChainMap(bundle, dict(answers)), answers, bundle)
                bundles.append(bundle)
        result = []
        for bundle in bundles:
            changed = {k: v for k, v in bundle.items() if v != answers.get(k)}
            if changed:
                gain = self.points(root, ChainMap(changed, dict(answers))) - before
                if gain > 0:
                    result.append((gain, changed))
        return result

    def _reveal(
        self, code: str, view: Answers, before: Answers, bundle: dict[str, Answer | None]
    ) -> None:
        for child in self.children[code]:
            if self.table.visible(child, view) and not self.table.visible(child, before):
                bundle.update(self.best(child, view)[1])
            elif self.table.visible(child, view):
                self._reveal(child, view, before, bundle)


def plan(
    instrument: Instrument,
    answers: Mapping[str, object],
    target_band_code: str,
    *,
    weight_by_effort: bool = False,
) -> Plan:
    """The smallest set of answer improvements that reaches band `target_band_code`.

    Raises `KeyError` for an unknown band code and `AnswerError` for invalid answers.
    """
    table = compiled(instrument)
    original = table.normalise(answers)
    current = table.score_normalised(original)
    target = instrument.band(target_band_code)
    threshold = band_threshold(instrument, target)
    trees = _Trees(table)
    best: dict[str, Answer | None] = dict(original)
    for root in trees.members:
        best.update(trees.best(root, original)[1])
    best_result = table.score_normalised(best)
    max_total = best_result.total
    unmet = shortfalls(instrument, target, _indicator_points(current))
    impossible = shortfalls(instrument, target, _indicator_points(best_result))
    reachable = max_total >= threshold and not impossible
    working: dict[str, Answer | None] = dict(original)
    picked: list[str] = []
    moves = {root: trees.moves(root, working) for root in trees.members}
    order = {code: n for n, code in enumerate(table.order)}

    def take(root: str, changed: dict[str, Answer | None]) -> None:
        working.update(changed)
        picked.extend(c for c in sorted(changed, key=order.__getitem__) if c not in picked)
        moves[root] = trees.moves(root, working)

    while reachable:  # the prerequisites first, one indicator at a time
        missing = shortfalls(instrument, target, _indicator_points(table.score_normalised(working)))
        if not missing:
            break
        number = missing[0].prerequisite.indicator
        gap = missing[0].missing
        before = missing[0].points
        candidates = []
        for root, found in moves.items():
            for _gain, changed in found:
                if not any(instrument.indicator_of(code).number == number for code in changed):
                    continue
                reached = table.score_normalised({**working, **changed}).indicators[number].points
                if reached > before:
                    candidates.append(
                        (reached - before, _effort(instrument, changed), root, changed)
                    )
        if not candidates:  # cannot happen when the best answers meet it; stay safe
            reachable = False
            break
        closing = [c for c in candidates if c[0] >= gap]
        if closing:
            _g, _e, root, changed = min(
                closing, key=lambda c: (c[1] if weight_by_effort else 0, c[0], order[c[2]])
            )
        else:
            _g, _e, root, changed = min(
                candidates,
                key=lambda c: (-(c[0] / c[1]) if weight_by_effort else -c[0], order[c[2]]),
            )
        take(root, changed)
    total = table.score_normalised(working).total
    while reachable and total < threshold:
        gap = threshold - total
        candidates = [
            (gain, _effort(instrument, changed), root, changed)
            for root, found in moves.items()
            for gain, changed in found
        ]
        closing = [c for c in candidates if c[0] >= gap]
        if closing:  # the cheapest single move that closes the gap
            gain, _, root, changed = min(
                closing, key=lambda c: (c[1] if weight_by_effort else 0, c[0], order[c[2]])
            )
        else:  # the largest gain (per effort class when weighting)
            gain, _, root, changed = min(
                candidates,
                key=lambda c: (-(c[0] / c[1]) if weight_by_effort else -c[0], order[c[2]]),
            )
        take(root, changed)
        total += gain
    if not reachable:
        working, picked = dict(original), []
    final = table.score_normalised(working)
    improvements = []
    for code in picked:
        after = final.questions[code]
        if not after.visible:  # a later move hid it: drop the change, keep the old answer
            working[code] = original.get(code)
            continue
        improvements.append(_improvement(instrument, current.questions[code], after, original))
    final = table.score_normalised(working)
    return Plan(
        target=target,
        threshold=threshold,
        current_total=current.total,
        current_band=current.band,
        projected_total=final.total,
        max_total=max_total,
        reachable=reachable,
        improvements=tuple(improvements),
        answers=working,
        unmet_prerequisites=unmet,
        unreachable_prerequisites=impossible,
    )


def _indicator_points(result: ScoreResult) -> dict[str, Decimal]:
    return {number: score.points for number, score in result.indicators.items()}


def _effort(instrument: Instrument, changed: Mapping[str, object]) -> int:
    return sum(EFFORT_WEIGHT[instrument.question(code).effort or Effort.MEDIUM] for code in changed)


def _improvement(
    instrument: Instrument, before: QuestionScore, after: QuestionScore, original: Answers
) -> Improvement:
    code = after.code
    question = instrument.question(code)
    indicator = instrument.indicator_of(code)
    component = instrument.component_of(code)
    opd = question.opd or indicator.opd
    current_points = before.points if before.visible else ZERO
    assert after.answer is not None
    change = describe_change(question, original.get(code), after.answer)
    pts_id = f"{format_number(current_points, 'id')} → {format_number(after.points, 'id')}"
    pts_en = f"{format_number(current_points, 'en')} → {format_number(after.points, 'en')}"
    return Improvement(
        question=code,
        indicator=indicator.number,
        component=component.code,
        opd=opd,
        effort=question.effort or Effort.MEDIUM,
        current_points=current_points,
        achievable_points=after.points,
        change=change,
        explanation=Text(
            f"Pertanyaan {code} (indikator {indicator.number}, {component.name.id}; OPD: "
            f"{', '.join(opd) or '-'}): {change.description.id}. Poin {pts_id}.",
            f"Question {code} (indicator {indicator.number}, {component.name.en}; OPD: "
            f"{', '.join(opd) or '-'}): {change.description.en}. Points {pts_en}.",
        ),
    )


def next_band(
    instrument: Instrument, answers: Mapping[str, object], *, weight_by_effort: bool = False
) -> Plan | None:
    """The plan to the band just above the current one (None when already in the top band)."""
    current = compiled(instrument).score(answers).band
    rank = band_rank(instrument, current)
    if rank + 1 >= len(instrument.bands):
        return None
    return plan(
        instrument, answers, instrument.bands[rank + 1].code, weight_by_effort=weight_by_effort
    )
