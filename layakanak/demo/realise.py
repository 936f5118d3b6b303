"""Realising a past cycle's plan (`history.py`): answers whose engine score sits a realistic
margin above the planned final score, and the points of each verification stage down to exactly
that score (EM > VA ≥ PU ≥ VL ≥ VF).

Pure (no database): a plan, an instrument and a calibration in, answers and points out.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from decimal import Decimal

from layakanak.demo.history import VERIFICATION_STAGES, RegionPlan
from layakanak.demo.synthetic import scored_synthetic_answers, verified_points
from layakanak.scoring.model import Instrument


class Calibration:
    """The mean self-assessment total the synthetic answers reach per strength, measured once
    per instrument, to pick the strength that aims at a wanted total."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.strengths = [round(0.05 * i, 2) for i in range(2, 22)]  # 0.10 .. 1.05
        totals = []
        for strength in self.strengths:
            rngs = [random.Random(seed) for seed in range(3)]  # noqa: S311  (demo data)
            sample = [
                float(scored_synthetic_answers(instrument, strength, rng)[1].total) for rng in rngs
            ]
            totals.append(sum(sample) / len(sample))
        # Keep the curve increasing so that it can be inverted.
        for i in range(1, len(totals)):
            totals[i] = max(totals[i], totals[i - 1] + 0.01)
        self.totals = totals

    def strength_for(self, total: float) -> float:
        i = bisect.bisect_left(self.totals, total)
        if i <= 0:
            return self.strengths[0]
        if i >= len(self.totals):
            return self.strengths[-1]
        t0, t1 = self.totals[i - 1], self.totals[i]
        s0, s1 = self.strengths[i - 1], self.strengths[i]
        return s0 + (s1 - s0) * (total - t0) / (t1 - t0)


@dataclass
class RegionOutcome:
    plan: RegionPlan
    answers: dict[str, object]
    claimed: Decimal
    stages: dict[str, dict[str, Decimal]]  # VA, PU, VL, VF -> question code -> points


def _drop(rng: random.Random) -> float:
    """The share of the claimed score that verification takes away: mostly 4-12 %, often up
    to a fifth, sometimes a third (KLA.md: Demak 973.90 → 697.40)."""
    draw = rng.random()
    if draw < 0.1:
        return rng.uniform(0.22, 0.32)
    if draw < 0.4:
        return rng.uniform(0.12, 0.22)
    return rng.uniform(0.04, 0.12)


def realise(
    plan: RegionPlan, slug: str, instrument: Instrument, calibration: Calibration
) -> RegionOutcome:
    """Answers whose engine score is a realistic margin above the plan's final total, and the
    points of each verification stage down to exactly that total."""
    rng = random.Random(f"realise:{slug}:{plan.code}")  # noqa: S311
    final = plan.final_total
    aim = min(float(final) / (1 - _drop(rng)), 975.0)
    floor = float(final) * 1.02 + 2  # at least a small drop
    ceiling = float(final) / 0.62  # never more than about a third lost
    strength = calibration.strength_for(aim)
    answers: dict[str, object] = {}
    claimed = Decimal(0)
    for attempt in range(8):
        answers, result = scored_synthetic_answers(
            instrument,
            strength,
            random.Random(f"answers:{slug}:{plan.code}:{attempt}"),  # noqa: S311
        )
        claimed = result.total
        if floor <= float(claimed) <= ceiling:
            break
        strength += (aim - float(claimed)) / 900
    else:
        if claimed <= final:
            raise ValueError(f"{slug} {plan.code}: answers never score above {final}")
    drop = claimed - final
    va = claimed - drop * Decimal(str(round(rng.uniform(0.55, 0.9), 3)))
    pu = va if rng.random() < 0.5 else va - (va - final) * Decimal(str(round(rng.random(), 3)))
    vl = pu if rng.random() < 0.7 else pu - (pu - final) * Decimal(str(round(rng.random(), 3)))
    points = dict(result.points)
    stages = verified_points(instrument, points, [va, pu, vl, final], rng)
    return RegionOutcome(
        plan=plan,
        answers=answers,
        claimed=claimed,
        stages=dict(zip(VERIFICATION_STAGES, stages, strict=True)),
    )
