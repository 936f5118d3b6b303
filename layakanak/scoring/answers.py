"""Answer values: validation and normalisation, with bilingual errors.

Accepted values per question type (after normalisation):

- single_choice: option code (`str`)
- checklist: item codes (list, tuple, set or frozenset of `str`) → `frozenset[str]`
- percentage: `(numerator, denominator)` → `(Decimal, Decimal)`, 0 <= numerator <= denominator,
  denominator > 0
- count: whole number >= 0 → `int`
- yes_no: `bool`
- number: a finite number → `Decimal`
- text: `str` of at most `limits.TEXT_ANSWER` characters

Numbers may be `int`, `Decimal` or a decimal string such as `"12.5"`; `float` is refused (scores
are exact). `None` means "not answered".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from layakanak.lib import limits
from layakanak.scoring.model import Question, QuestionType

Answer = str | frozenset[str] | tuple[Decimal, Decimal] | int | bool | Decimal
_DECIMAL_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class AnswerError(ValueError):
    """An answer that does not fit its question; carries the question code and both languages."""

    def __init__(self, question_code: str, kind: str, message_id: str, message_en: str) -> None:
        self.question_code = question_code
        self.kind = kind
        self.message_id = message_id
        self.message_en = message_en
        super().__init__(f"{question_code}: {message_id} / {message_en}")


def _error(q: Question, kind: str, message_id: str, message_en: str) -> AnswerError:
    return AnswerError(q.code, kind, message_id, message_en)


def _wrong_type(q: Question, expected_id: str, expected_en: str, value: object) -> AnswerError:
    got = type(value).__name__
    return _error(
        q,
        "wrong_type",
        f"Jawaban harus berupa {expected_id} (diterima: {got})",
        f"The answer must be {expected_en} (got: {got})",
    )


def to_decimal(q: Question, value: object, what_id: str, what_en: str) -> Decimal:
    """Convert an int, Decimal or decimal string to a finite Decimal, or raise AnswerError."""
    kind = type(value)
    if kind is Decimal and value.is_finite():  # type: ignore[attr-defined]
        return value  # type: ignore[return-value]
    if kind is int:
        return Decimal(value)  # type: ignore[arg-type]
    if isinstance(value, bool):
        raise _wrong_type(q, f"angka ({what_id})", f"a number ({what_en})", value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _non_finite(q, what_id, what_en)
        raise _error(
            q,
            "wrong_type",
            f"{what_id}: gunakan Decimal atau teks angka, bukan float",
            f"{what_en}: use a Decimal or a decimal string, not a float",
        )
    if isinstance(value, str):
        text = value.strip()
        if len(text) > limits.NUMBER_TEXT:
            raise _too_long(q, len(text), limits.NUMBER_TEXT)
        if _DECIMAL_TEXT.fullmatch(text):
            return Decimal(text)
        if text.lower().lstrip("+-") in ("nan", "snan", "inf", "infinity"):
            raise _non_finite(q, what_id, what_en)
        raise _error(
            q,
            "not_a_number",
            f"{what_id}: {value!r} bukan angka",
            f"{what_en}: {value!r} is not a number",
        )
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _non_finite(q, what_id, what_en)
        return value
    raise _wrong_type(q, f"angka ({what_id})", f"a number ({what_en})", value)


def _non_finite(q: Question, what_id: str, what_en: str) -> AnswerError:
    return _error(
        q,
        "non_finite",
        f"{what_id}: angka harus terhingga (bukan NaN atau tak hingga)",
        f"{what_en}: the number must be finite (not NaN or infinity)",
    )


def _single_choice(q: Question, value: object) -> Answer:
    if not isinstance(value, str):
        raise _wrong_type(q, "kode opsi (teks)", "an option code (text)", value)
    if value not in q.option_codes:
        codes = ", ".join(o.code for o in q.options)
        raise _error(
            q,
            "unknown_option",
            f"Opsi {value!r} tidak ada pada pertanyaan ini (pilihan: {codes})",
            f"Option {value!r} is not part of this question (choices: {codes})",
        )
    return value


def _checklist(q: Question, value: object) -> Answer:
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise _wrong_type(q, "daftar kode butir", "a list of item codes", value)
    try:
        ticked = frozenset(value)
    except TypeError:
        raise _wrong_type(
            q, "daftar kode butir (teks)", "a list of item codes (text)", value
        ) from None
    if ticked <= q.item_codes:  # fast path: every element is a known (text) item code
        return ticked
    codes: set[str] = set()
    for item in value:
        if not isinstance(item, str):
            raise _wrong_type(q, "daftar kode butir (teks)", "a list of item codes (text)", item)
        if q.item(item) is None:
            known = ", ".join(i.code for i in q.items)
            raise _error(
                q,
                "unknown_item",
                f"Butir {item!r} tidak ada pada daftar periksa ini (butir: {known})",
                f"Item {item!r} is not part of this checklist (items: {known})",
            )
        codes.add(item)
    return frozenset(codes)


def _percentage(q: Question, value: object) -> Answer:
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise _wrong_type(
            q, "pasangan (pembilang, penyebut)", "a pair (numerator, denominator)", value
        )
    numerator = to_decimal(q, value[0], "pembilang", "numerator")
    denominator = to_decimal(q, value[1], "penyebut", "denominator")
    if denominator <= 0:
        raise _error(
            q,
            "denominator_not_positive",
            f"Penyebut harus lebih dari 0 (diterima: {denominator})",
            f"The denominator must be greater than 0 (got: {denominator})",
        )
    if numerator < 0:
        raise _error(
            q,
            "percentage_out_of_range",
            f"Pembilang tidak boleh negatif (diterima: {numerator}); persentase harus 0–100",
            f"The numerator cannot be negative (got: {numerator}); a percentage must be 0–100",
        )
    if numerator > denominator:
        raise _error(
            q,
            "numerator_above_denominator",
            f"Pembilang ({numerator}) melebihi penyebut ({denominator}): persentase di atas 100",
            f"The numerator ({numerator}) exceeds the denominator ({denominator}): "
            "a percentage above 100",
        )
    return (numerator, denominator)


def _count(q: Question, value: object) -> Answer:
    number = to_decimal(q, value, "jumlah", "count")
    if number < 0:
        raise _error(
            q,
            "negative_count",
            f"Jumlah tidak boleh negatif (diterima: {number})",
            f"A count cannot be negative (got: {number})",
        )
    if number != number.to_integral_value():
        raise _error(
            q,
            "count_not_whole",
            f"Jumlah harus bilangan bulat (diterima: {number})",
            f"A count must be a whole number (got: {number})",
        )
    return int(number)


def _yes_no(q: Question, value: object) -> Answer:
    if not isinstance(value, bool):
        raise _wrong_type(q, "ya/tidak (boolean)", "yes/no (a boolean)", value)
    return value


def _number(q: Question, value: object) -> Answer:
    return to_decimal(q, value, "nilai", "value")


def _text(q: Question, value: object) -> Answer:
    if not isinstance(value, str):
        raise _wrong_type(q, "teks", "text", value)
    if len(value) > limits.TEXT_ANSWER:
        raise _too_long(q, len(value), limits.TEXT_ANSWER)
    return value


def _too_long(q: Question, length: int, limit: int) -> AnswerError:
    return _error(
        q,
        "too_long",
        f"Jawaban terlalu panjang ({length} karakter); paling banyak {limit} karakter",
        f"The answer is too long ({length} characters); at most {limit} characters",
    )


VALIDATORS: dict[QuestionType, Callable[[Question, object], Answer]] = {
    QuestionType.SINGLE_CHOICE: _single_choice,
    QuestionType.CHECKLIST: _checklist,
    QuestionType.PERCENTAGE: _percentage,
    QuestionType.COUNT: _count,
    QuestionType.YES_NO: _yes_no,
    QuestionType.NUMBER: _number,
    QuestionType.TEXT: _text,
}


def validate_answer(question: Question, value: object) -> Answer | None:
    """Check `value` against `question` and return it normalised (None stays None).

    Raises `AnswerError` (question code, kind, Indonesian and English message) for a wrong type,
    an option or item not in the question, a percentage outside 0–100, a numerator above the
    denominator, a zero denominator, a negative or fractional count, a non-finite number, or a
    text (or a number written as text) longer than its limit (`lib.limits`).
    """
    if value is None:
        return None
    try:
        return VALIDATORS[question.type](question, value)
    except InvalidOperation as exc:  # pragma: no cover - defensive: Decimal edge cases
        raise _error(question, "not_a_number", "Angka tidak valid", "Invalid number") from exc
