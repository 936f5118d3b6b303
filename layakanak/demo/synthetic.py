"""Synthetic but plausible answers and verification for demonstrations and benchmarks (never
for real regions).

A region's `strength` (0..1) drives every answer: stronger regions pick better options, reach
higher percentages and tick more checklist items, with noise so that no two regions look alike.
`verified_points` plays the verifiers: starting from the points the answers claim, it lowers
some questions stage by stage (a lower option, fewer checklist items, zero for missing evidence)
until each stage reaches its target total, as verifiers do (KLA.md section 3: drops are large
and normal).

Pure: an instrument, a strength and a seeded `random.Random` in, raw engine answers or
per-question points out.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from decimal import ROUND_FLOOR, Decimal

from layakanak.scoring.engine import ScoreResult, score
from layakanak.scoring.model import Instrument, Question, QuestionType

DEMO_TEXTS = (
    "Inovasi layanan ramah anak dilaksanakan bersama Forum Anak dan OPD terkait.",
    "Program dilaksanakan di seluruh kecamatan dengan dukungan dunia usaha.",
    "Pendampingan dilakukan secara berkala oleh Gugus Tugas KLA.",
)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def synthetic_answer(question: Question, strength: float, rng: random.Random) -> object:
    kind = question.type
    level = _clamp(strength + rng.gauss(0, 0.18), 0.0, 1.0)
    if kind is QuestionType.SINGLE_CHOICE:
        options = sorted(question.options, key=lambda o: o.points)
        return options[round(level * (len(options) - 1))].code
    if kind is QuestionType.CHECKLIST:
        ticked = [i.code for i in question.items if rng.random() < _clamp(level + 0.1, 0, 1)]
        return ticked
    if kind is QuestionType.PERCENTAGE:
        denominator = rng.randint(2_000, 250_000)
        low_is_good = question.better == "lower"
        percent = (
            _clamp(35 + 65 * level, 0, 100) if not low_is_good else _clamp(40 * (1 - level), 0, 100)
        )
        return (int(denominator * percent / 100), denominator)
    if kind is QuestionType.COUNT:
        top = max((t.bound for t in question.thresholds), default=Decimal(10))
        return max(0, round(float(top) * _clamp(level * 1.25, 0, 2)))
    if kind is QuestionType.YES_NO:
        return rng.random() < _clamp(level + 0.15, 0, 1)
    if kind is QuestionType.NUMBER:
        return Decimal(str(round(level * 10, 1)))
    return rng.choice(DEMO_TEXTS)


def scored_synthetic_answers(
    instrument: Instrument, strength: float, rng: random.Random, *, coverage: float = 1.0
) -> tuple[dict[str, object], ScoreResult]:
    """Answers for the visible questions and the engine's score of exactly those answers;
    `coverage` < 1 leaves a share unanswered."""
    answers = {q.code: synthetic_answer(q, strength, rng) for q in instrument.questions}
    result = score(instrument, answers)
    kept = {code: value for code, value in answers.items() if result.visible[code]}
    if coverage < 1.0:
        kept = {code: value for code, value in kept.items() if rng.random() < coverage}
        result = score(instrument, kept)
    # A hidden question scores 0 whatever its answer, so dropping hidden answers keeps the
    # score of the full set.
    return kept, result


def synthetic_answers(
    instrument: Instrument, strength: float, rng: random.Random, *, coverage: float = 1.0
) -> dict[str, object]:
    """Answers for the visible questions; `coverage` < 1 leaves a share unanswered."""
    return scored_synthetic_answers(instrument, strength, rng, coverage=coverage)[0]


# Synthetic verification ----------------------------------------------------------------------


def lower_points(question: Question, current: Decimal, rng: random.Random) -> Decimal:
    """A plausible lower score for a question a verifier does not accept in full: the points
    of a lower option or threshold, the checklist without some items, the "no" points, or 0
    (evidence missing). Returns `current` when nothing lower exists."""
    kind = question.type
    values: set[Decimal] = {Decimal(0)}
    if kind is QuestionType.SINGLE_CHOICE:
        values |= {o.points for o in question.options}
    elif kind in (QuestionType.PERCENTAGE, QuestionType.COUNT):
        values |= {t.points for t in question.thresholds}
    elif kind is QuestionType.CHECKLIST:
        values |= {current - i.points for i in question.items}
    elif kind is QuestionType.YES_NO:
        values.add(question.points_no)
    elif kind is QuestionType.NUMBER:
        values.add((current / 2).quantize(Decimal("0.01"), rounding=ROUND_FLOOR))
    lower = sorted(v for v in values if 0 <= v < current)
    if not lower:
        return current
    # Verifiers more often take one step down than strike a whole answer.
    return lower[-1] if len(lower) == 1 or rng.random() < 0.65 else rng.choice(lower)


def verified_points(
    instrument: Instrument,
    claimed: Mapping[str, Decimal],
    targets: Sequence[Decimal],
    rng: random.Random,
) -> list[dict[str, Decimal]]:
    """Per-question points of successive verification stages, each reaching its target total
    exactly (`targets` must not increase and must not exceed the claimed total). A stage starts
    from the previous one and lowers randomly chosen questions; the last question lowered is
    lowered only as far as needed, so that the stage lands on its target."""
    stages: list[dict[str, Decimal]] = []
    points = {code: Decimal(value) for code, value in claimed.items()}
    total = sum(points.values(), Decimal(0))
    quantum = instrument.quantum
    for target in targets:
        target = target.quantize(quantum, rounding=ROUND_FLOOR)
        candidates = [code for code, value in points.items() if value > 0]
        rng.shuffle(candidates)
        while total > target and candidates:
            code = candidates.pop()
            before = points[code]
            after = lower_points(instrument.question(code), before, rng)
            if after >= before:
                continue
            after = after.quantize(quantum, rounding=ROUND_FLOOR)
            if total - (before - after) < target:  # only as far as needed
                after = before - (total - target)
            points[code] = after
            total -= before - after
        if total > target:
            raise ValueError(f"cannot lower the claimed points to {target}")
        stages.append(dict(points))
    return stages
