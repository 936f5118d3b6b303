"""Better answers a question can take: the building blocks of the gap planner.

For each question type, `better_answers` lists concrete answers that would earn more points than
the current one (or, for show_if parents, that could reveal other questions), each with a
bilingual description of the change an operator has to make.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import cast

from layakanak.scoring.answers import Answer
from layakanak.scoring.explain import format_number
from layakanak.scoring.model import CONDITIONAL_PARENT_TYPES, Question, QuestionType, Text

ZERO = Decimal(0)


@dataclass(frozen=True)
class AnswerChange:
    """A concrete change to one answer.

    `kind` is one of choose_option, add_items, reach_percentage, reach_count, answer_yes,
    answer_no, set_value. `answer` is the new (normalised) answer value to store.
    """

    kind: str
    answer: Answer
    description: Text
    option: str | None = None
    items: tuple[str, ...] = ()
    threshold: Decimal | None = None


def describe_change(question: Question, before: Answer | None, after: Answer) -> AnswerChange:
    """Describe moving `question` from answer `before` to `after` in words."""
    t = question.type
    if t is QuestionType.SINGLE_CHOICE:
        option = question.option(str(after))
        label = option.label if option else Text(str(after), str(after))
        return AnswerChange(
            "choose_option",
            after,
            Text(f"Pilih opsi {after}: {label.id}", f"Choose option {after}: {label.en}"),
            option=str(after),
        )
    if t is QuestionType.CHECKLIST:
        had = before if isinstance(before, frozenset) else frozenset()
        added = tuple(i.code for i in question.items if i.code in after and i.code not in had)  # type: ignore[operator]
        labels_id = "; ".join(f"{i.code}. {i.label.id}" for i in question.items if i.code in added)
        labels_en = "; ".join(f"{i.code}. {i.label.en}" for i in question.items if i.code in added)
        return AnswerChange(
            "add_items",
            after,
            Text(f"Penuhi butir {labels_id}", f"Fulfil items {labels_en}"),
            items=added,
        )
    if t is QuestionType.PERCENTAGE:
        numerator, denominator = cast(tuple[Decimal, Decimal], after)
        share = numerator * 100 / denominator
        bound = _reached_bound(question, share)
        sign = "≥" if question.better == "higher" else "≤"
        return AnswerChange(
            "reach_percentage",
            after,
            Text(
                f"Capai persentase {sign} {format_number(bound, 'id')}% "
                f"(pembilang {format_number(numerator, 'id')} dari "
                f"{format_number(denominator, 'id')})",
                f"Reach a percentage {sign} {format_number(bound, 'en')}% "
                f"(numerator {format_number(numerator, 'en')} of "
                f"{format_number(denominator, 'en')})",
            ),
            threshold=bound,
        )
    if t is QuestionType.COUNT:
        bound = _reached_bound(question, Decimal(after))  # type: ignore[arg-type]
        sign = "≥" if question.better == "higher" else "≤"
        unit = question.unit or Text("", "")
        return AnswerChange(
            "reach_count",
            after,
            Text(
                f"Capai jumlah {sign} {format_number(bound, 'id')} {unit.id}".rstrip(),
                f"Reach a count {sign} {format_number(bound, 'en')} {unit.en}".rstrip(),
            ),
            threshold=bound,
        )
    if t is QuestionType.YES_NO:
        if after:
            return AnswerChange("answer_yes", after, Text("Jawab Ya", "Answer Yes"))
        return AnswerChange("answer_no", after, Text("Jawab Tidak", "Answer No"))
    value = Decimal(after)  # type: ignore[arg-type]
    return AnswerChange(
        "set_value",
        after,
        Text(
            f"Capai nilai {format_number(value, 'id')}",
            f"Reach a value of {format_number(value, 'en')}",
        ),
        threshold=value,
    )


def _reached_bound(question: Question, value: Decimal) -> Decimal:
    higher = question.better == "higher"
    reached = [
        t.bound for t in question.thresholds if (value >= t.bound if higher else value <= t.bound)
    ]
    if not reached:
        return value
    return max(reached) if higher else min(reached)


def better_answers(
    question: Question,
    current: Answer | None,
    points: Callable[[Answer], Decimal],
    best: Decimal | None = None,
) -> list[Answer]:
    """Candidate answers for `question` other than `current`.

    Show_if parents (choice, checklist, yes/no) list every alternative, since a lower-scoring
    answer may reveal questions worth more; other types list only answers worth more points.
    For a number question `best` is the most points its formula can give (see
    `formula.analyse_formula`); without it the best value cannot be found exactly.
    """
    now = points(current) if current is not None else ZERO
    t = question.type
    if t is QuestionType.SINGLE_CHOICE:
        return [o.code for o in question.options if o.code != current]
    if t is QuestionType.YES_NO:
        return [v for v in (True, False) if v != current]
    if t is QuestionType.CHECKLIST:
        had = current if isinstance(current, frozenset) else frozenset()
        missing = sorted((i for i in question.items if i.code not in had), key=lambda i: -i.points)
        return [had | {i.code for i in missing[: k + 1]} for k in range(len(missing))]
    if t in (QuestionType.PERCENTAGE, QuestionType.COUNT):
        return [
            answer
            for bound in sorted({b.bound for b in question.thresholds})
            if (answer := _reach(question, current, bound)) is not None and points(answer) > now
        ]
    if t is QuestionType.NUMBER:
        if best is None:
            raise ValueError(
                f"question {question.code}: the formula is not provably non-decreasing, so its "
                "best value cannot be planned exactly"
            )
        if best <= now:
            return []
        return [_best_number(points, best)]
    assert t not in CONDITIONAL_PARENT_TYPES
    return []


def _reach(question: Question, current: Answer | None, bound: Decimal) -> Answer | None:
    higher = question.better == "higher"
    if question.type is QuestionType.COUNT:
        whole = bound.to_integral_value(rounding=ROUND_CEILING if higher else ROUND_FLOOR)
        return int(whole) if whole >= 0 else None
    denominator = current[1] if isinstance(current, tuple) else Decimal(100)
    exact = bound * denominator / 100
    if denominator == denominator.to_integral_value():
        exact = exact.to_integral_value(rounding=ROUND_CEILING if higher else ROUND_FLOOR)
        if (exact * 100 < bound * denominator) if higher else (exact * 100 > bound * denominator):
            return None  # pragma: no cover - rounding cannot miss an integral bound
    if not ZERO <= exact <= denominator:
        return None
    return (exact, denominator)


def _best_number(points: Callable[[Answer], Decimal], best: Decimal) -> Decimal:
    """The smallest whole value >= 0 that earns `best` points, for a non-decreasing formula.

    `best` is reached at some finite value (`formula.analyse_formula`): search powers of ten
    upwards, then bisect below the first one that reaches it.
    """
    high = Decimal(0)
    if points(high) >= best:
        return high
    high = Decimal(1)
    while points(high) < best:
        if high > Decimal(10) ** 60:  # pragma: no cover - beyond exact Decimal arithmetic
            raise ValueError("the best value of the formula is out of reach")
        high *= 10
    low = high / 10 if high > 1 else Decimal(0)
    while high - low > 1:
        middle = ((low + high) / 2).to_integral_value(rounding=ROUND_FLOOR)
        if points(middle) >= best:
            high = middle
        else:
            low = middle
    return low if points(low) >= best else high
