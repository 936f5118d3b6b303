#!/usr/bin/env python3
"""The worked example of docs/methodology.md, computed with the real scoring engine.

    .venv/bin/python scripts/worked_example.py

Pure Python (no Django, no database): it loads the shipped `kla-2023` instrument, builds one
deterministic answer set for an imaginary kab/kota, scores it and asks the gap planner for the
plan to the next predicate. The numbers in docs/methodology.md are this script's output; if the
instrument or the engine changes, run it again and update the document.

The answer set: four featured answers for indicator 4 (birth certificates) written out below, and
for every other question one simple rule (a "middling" region): the option in the middle of the
point scale, half of the checklist items, a fixed percentage or count, "yes" for yes/no questions.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from layakanak.instruments.schema import load_yaml  # noqa: E402
from layakanak.scoring import explain_question, next_band, score  # noqa: E402
from layakanak.scoring.model import Instrument, Question, QuestionType  # noqa: E402

INSTRUMENT = ROOT / "layakanak" / "instruments" / "data" / "kla-2023.yaml"

# Indicator 4 (Akta kelahiran), answered in full.
FEATURED: dict[str, object] = {
    "4.1": (81_250, 92_400),  # children 0-17 with a birth certificate / children in SIAK
    "4.2": "b",  # an SK or SE of the mayor, no Perwal yet
    "4.3": ["a", "b", "c"],  # mobile service, hospital cooperation, online application
    "4.4": (21_300, 92_400),  # children with a KIA / children 0-17
}


def middling_answer(question: Question) -> object | None:
    """The answer of a middling region to a question that is not featured."""
    kind = question.type
    if kind is QuestionType.SINGLE_CHOICE:
        options = sorted(question.options, key=lambda o: o.points)
        return options[len(options) // 2].code
    if kind is QuestionType.CHECKLIST:
        items = [item.code for item in question.items]
        return items[: len(items) // 2]
    if kind is QuestionType.PERCENTAGE:
        return (30, 100) if question.better == "lower" else (72, 100)
    if kind is QuestionType.COUNT:
        bounds = sorted(t.bound for t in question.thresholds)
        return int(bounds[len(bounds) // 2])
    if kind is QuestionType.YES_NO:
        return True
    if kind is QuestionType.NUMBER:
        return Decimal("5")
    return None  # text questions are never scored


def shown(value: object) -> str:
    if isinstance(value, tuple):
        return f"{value[0]} of {value[1]}"
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return repr(value)


def answer_set(instrument: Instrument) -> dict[str, object]:
    answers: dict[str, object] = {}
    for question in instrument.questions:
        value = FEATURED.get(question.code, middling_answer(question))
        if value is not None:
            answers[question.code] = value
    # Keep only the questions that are shown (a hidden question's answer is ignored anyway).
    visible = score(instrument, answers).visible
    return {code: value for code, value in answers.items() if visible[code]}


def main() -> None:
    instrument = load_yaml(INSTRUMENT)
    answers = answer_set(instrument)
    result = score(instrument, answers)
    print(
        f"Instrument {instrument.slug}: precision {instrument.precision}, "
        f"rounding {instrument.rounding}, band rule {instrument.band_rule}"
    )
    print(f"Answered {len(answers)} of {len(instrument.questions)} questions\n")

    print("Featured questions (indicator 4):")
    for code in FEATURED:
        question = result.questions[code]
        kind = instrument.question(code).type
        print(
            f"  {code}  {kind}  {shown(FEATURED[code])}  ->  {question.points} / {question.maximum}"
        )
        print(f"        {explain_question(instrument, result, code).en}")
    print()

    print("Indicators of component K1:")
    k1 = next(c for c in result.components if c.code == "K1")
    for indicator in k1.indicators:
        print(
            f"  {indicator.number:>5}  {indicator.points} / {indicator.maximum}  "
            f"{indicator.completeness}"
        )
    print()
    print("Components:")
    for component in result.components:
        print(
            f"  {component.code:>4}  {component.points} / {component.maximum}  "
            f"{component.completeness}"
        )
    print(f"  total {result.total} / {result.maximum} -> band {result.band.code}\n")

    plan = next_band(instrument, answers)
    if plan is None:
        print("Already in the top band.")
        return
    print(
        f"Plan to {plan.target.code}: threshold {plan.threshold}, "
        f"gap {plan.threshold - plan.current_total}, reachable {plan.reachable}, "
        f"maximum achievable {plan.max_total}"
    )
    for step in plan.improvements:
        print(
            f"  {step.question:>6}  +{step.gain}  ({step.current_points} -> "
            f"{step.achievable_points}), effort {step.effort}, OPD {', '.join(step.opd)}"
        )
        print(f"          {step.change.description.en}")
    planned = {code: value for code, value in plan.answers.items() if value is not None}
    print(f"  projected total {plan.projected_total} -> {score(instrument, planned).band.code}")

    weighted = next_band(instrument, answers, weight_by_effort=True)
    assert weighted is not None
    print(
        f"\nWeighted by effort: {len(weighted.improvements)} step(s): "
        + ", ".join(f"{s.question} +{s.gain} ({s.effort})" for s in weighted.improvements)
        + f"; projected total {weighted.projected_total}"
    )


if __name__ == "__main__":
    main()
