"""Answer values as stored JSON, and back to what the scoring engine accepts.

Stored forms: single_choice "a"; checklist ["a", "c"] (sorted); percentage ["45", "50"]
(numerator, denominator as decimal strings); count 12; yes_no true; number "12.5"; text "...".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from layakanak.scoring.answers import Answer


def to_json(answer: Answer | None) -> Any:
    if answer is None:
        return None
    if isinstance(answer, bool | int | str):
        return answer
    if isinstance(answer, Decimal):
        return format(answer, "f")
    if isinstance(answer, frozenset):
        return sorted(answer)
    numerator, denominator = answer
    return [format(numerator, "f"), format(denominator, "f")]


def from_json(value: Any, question_type: str) -> object:
    """The raw engine value for a stored JSON value."""
    if value is None:
        return None
    if question_type == "checklist":
        return list(value)
    if question_type == "percentage":
        return (value[0], value[1])
    return value
