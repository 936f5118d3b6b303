"""Synthetic but plausible answers for demonstrations and benchmarks (never for real regions).

A region's `strength` (0..1) drives every answer: stronger regions pick better options, reach
higher percentages and tick more checklist items, with noise so that no two regions look alike.
Pure: an instrument, a strength and a seeded `random.Random` in, raw engine answers out.
"""

from __future__ import annotations

import random
from decimal import Decimal

from layakanak.scoring.engine import score
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


def synthetic_answers(
    instrument: Instrument, strength: float, rng: random.Random, *, coverage: float = 1.0
) -> dict[str, object]:
    """Answers for the visible questions; `coverage` < 1 leaves a share unanswered."""
    answers = {q.code: synthetic_answer(q, strength, rng) for q in instrument.questions}
    visible = score(instrument, answers).visible
    kept = {code: value for code, value in answers.items() if visible[code]}
    if coverage < 1.0:
        kept = {code: value for code, value in kept.items() if rng.random() < coverage}
    return kept
