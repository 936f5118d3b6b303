"""Turning submitted answer data (JSON from the autosave script, or a plain form post when
JavaScript is off) into the raw value the scoring engine validates."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from layakanak.lib import limits
from layakanak.scoring.model import Question, QuestionType


class BadAnswerInput(ValueError):
    pass


def value_from_json(question: Question, payload: Any) -> object:
    """The `value` of a JSON save request; empty strings and empty lists clear the answer."""
    if not isinstance(payload, dict) or "value" not in payload:
        raise BadAnswerInput("missing value")
    value = payload["value"]
    if value in ("", []) or value is None:
        return None
    if question.type is QuestionType.PERCENTAGE and isinstance(value, list | tuple):
        if len(value) != 2:
            raise BadAnswerInput("a percentage needs a numerator and a denominator")
        if value[0] in ("", None) and value[1] in ("", None):
            return None
        return (_number_text(value[0]), _number_text(value[1]))
    if question.type is QuestionType.COUNT and isinstance(value, str):
        return _integer_text(value)
    if question.type is QuestionType.NUMBER and isinstance(value, int | float | str):
        return _number_text(value)
    return value


def value_from_form(question: Question, data: QueryDict) -> object:
    """The answer from a plain HTML form post (no JavaScript)."""
    kind = question.type
    if kind is QuestionType.CHECKLIST:
        items = data.getlist("value")
        return items or None
    if kind is QuestionType.PERCENTAGE:
        numerator, denominator = data.get("numerator", ""), data.get("denominator", "")
        if not numerator.strip() and not denominator.strip():
            return None
        return (_number_text(numerator), _number_text(denominator))
    raw = data.get("value", "").strip()
    if raw == "":
        return None
    if kind is QuestionType.YES_NO:
        return {"yes": True, "no": False}.get(raw, raw)
    if kind is QuestionType.COUNT:
        return _integer_text(raw)
    if kind is QuestionType.NUMBER:
        return _number_text(raw)
    return raw


def _number_text(value: object) -> object:
    """Decimal text as typed in Indonesia (12,5) or elsewhere (12.5); other values unchanged so
    that the engine reports a clear type error."""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        return text
    return value


def _integer_text(value: str) -> object:
    text = value.strip().replace(".", "").replace(" ", "")
    # A longer text goes to the engine as it is, which refuses it as too long (and Python
    # refuses to read an integer of more than 4,300 digits).
    return int(text) if text.isdigit() and len(text) <= limits.NUMBER_TEXT else value
