"""Reading an uploaded workbook into an `ImportPlan`: the dry run that shows every change and
every error (by sheet, row and cell) before anything is saved. Writes nothing.

The file is checked by content (an XLSX, no zip bomb), then as this region's workbook of this
cycle with its structure unchanged (`workbook_check`); each filled answer cell is read into the
value the scoring engine validates, as the autosave would save it. Applying the plan is an action
(`actions.workbook.do_apply_workbook`).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from layakanak.core.locale import side
from layakanak.evaluation import queries, values
from layakanak.evaluation.errors import WorkbookRefused, answer_error, both_languages
from layakanak.evaluation.models import Submission
from layakanak.evaluation.workbook_check import check_identity, read_rows
from layakanak.evaluation.workbook_layout import ANSWER, COL, DENOMINATOR, cell_text
from layakanak.instruments.queries import instrument_of
from layakanak.lib import filetypes
from layakanak.scoring.answers import AnswerError, validate_answer
from layakanak.scoring.model import Question, QuestionType

YES = {"ya", "yes", "y", "true", "benar", "1"}
NO = {"tidak", "no", "n", "false", "salah", "0", "t"}
_COMMA_DECIMAL = re.compile(r"^\s*[+-]?\d+,\d+\s*$")


@dataclass(frozen=True)
class CellError:
    """An answer cell that cannot be read. Its message comes in both languages, as the scoring
    engine's answer errors do (`AnswerError`: the engine is pure and cannot read the catalogue)."""

    sheet: str
    row: int
    cell: str
    question: str
    message_id: str
    message_en: str

    @property
    def message(self) -> str:
        """The message in the active language."""
        return side(self.message_id, self.message_en)


@dataclass(frozen=True)
class Change:
    question: str
    sheet: str
    row: int
    cell: str
    old: Any  # stored JSON value before
    new: Any  # stored JSON value after
    raw: Any  # the normalised engine value to save
    old_display: str
    new_display: str
    stale: bool = False  # changed online since the workbook was downloaded
    changed_by: str = ""


@dataclass
class ImportPlan:
    changes: list[Change] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    unchanged: int = 0

    @property
    def digest(self) -> str:
        """What applying would write; compared before applying what the preview showed."""
        payload = [[c.question, c.old, c.new] for c in self.changes]
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _number(value: Any) -> Any:
    """A cell value as the engine wants numbers: never a float."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else str(value)
    if isinstance(value, str):
        text = value.strip()
        return text.replace(",", ".") if _COMMA_DECIMAL.match(text) else text
    if isinstance(value, datetime.datetime | datetime.date):
        return str(value)
    return value


def _cell_error(
    name: str, row: int, cell: str, question: str, message_id: str, message_en: str
) -> CellError:
    return CellError(name, row, f"{cell}{row}", question, message_id, message_en)


def _other_office(name: str, row: int, question: str) -> CellError:
    """The error of a changed answer to a question of another OPD."""
    message = _("This question belongs to another office (OPD); you cannot change its answer.")
    return _cell_error(name, row, ANSWER, question, *both_languages(message))


def _raw_value(question: Question, first: Any, second: Any) -> Any:
    """The engine value for the answer cells; raises AnswerError (wrong form) or returns None
    for "no change" (empty cells)."""
    t = question.type
    empty_first = first is None or cell_text(first) == ""
    if t is QuestionType.PERCENTAGE:
        empty_second = second is None or cell_text(second) == ""
        if empty_first and empty_second:
            return None
        if empty_first or empty_second:
            raise answer_error(
                question.code,
                "percentage_incomplete",
                _(
                    "Fill both the numerator (column %(answer)s) and the denominator (column "
                    "%(denominator)s)"
                ),
                answer=ANSWER,
                denominator=DENOMINATOR,
            )
        return (_number(first), _number(second))
    if empty_first:
        return None
    if t is QuestionType.YES_NO:
        if isinstance(first, bool):
            return first
        word = cell_text(first).lower()
        if word in YES:
            return True
        if word in NO:
            return False
        raise answer_error(
            question.code,
            "not_yes_no",
            _("Write Ya (yes) or Tidak (no) (found: %(found)r)"),
            found=cell_text(first),
        )
    if t is QuestionType.CHECKLIST:
        text = cell_text(first)
        return [] if text == "-" else [p for p in re.split(r"[,;\s]+", text) if p]
    if t is QuestionType.SINGLE_CHOICE:
        text = cell_text(first)
        lowered = {o.code.lower(): o.code for o in question.options}
        return lowered.get(text.lower(), text)
    if t in (QuestionType.COUNT, QuestionType.NUMBER):
        return _number(first)
    return cell_text(first) if not isinstance(first, str) else first


def display(question: Question, stored: Any) -> str:
    """A stored JSON value as a person reads it in the preview."""
    if stored is None:
        return "–"
    t = question.type
    if t is QuestionType.SINGLE_CHOICE:
        option = question.option(stored)
        return f"{stored} · {option.label.id}" if option else str(stored)
    if t is QuestionType.YES_NO:
        return "Ya" if stored else "Tidak"
    if t is QuestionType.CHECKLIST:
        return ", ".join(stored) if stored else "-"
    if t is QuestionType.PERCENTAGE:
        numerator, denominator = Decimal(stored[0]), Decimal(stored[1])
        share = (numerator * 100 / denominator).quantize(Decimal("0.01")) if denominator else 0
        return f"{stored[0]} / {stored[1]} ({share}%)"
    return str(stored)


def read_workbook(
    submission: Submission,
    fp: IO[bytes],
    size: int,
    *,
    allowed: Callable[[Question], bool] | None = None,
) -> ImportPlan:
    """The dry run: what uploading this workbook would change, and every error. Writes nothing.

    Raises WorkbookRefused when the file is not this region's workbook of this cycle."""
    try:
        filetypes.check_file(fp, size, ("xlsx",))
    except filetypes.FileRefused as exc:
        raise WorkbookRefused(exc.template, **exc.params) from None
    fp.seek(0)
    try:
        book = load_workbook(fp, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise WorkbookRefused(
            _("This file cannot be read as an Excel (XLSX) workbook."),
        ) from None
    try:
        meta, sheets = read_rows(book)
    finally:
        book.close()
    check_identity(submission, meta, sheets)
    instrument = instrument_of(submission.cycle.instrument)
    stored = queries.stored_answers(submission)
    plan = ImportPlan()
    for name, _header, rows in sheets:
        for number, cells in rows:
            question = instrument.question(cell_text(cells[0]))
            first = cells[COL["answer"] - 1]
            second = cells[COL["denominator"] - 1]
            try:
                raw = _raw_value(question, first, second)
                if raw is None:
                    plan.unchanged += 1
                    continue
                normalised = validate_answer(question, raw)
            except AnswerError as exc:
                plan.errors.append(
                    _cell_error(
                        name,
                        number,
                        DENOMINATOR if exc.kind == "denominator_not_positive" else ANSWER,
                        question.code,
                        exc.message_id,
                        exc.message_en,
                    )
                )
                continue
            new = values.to_json(normalised)
            answer = stored.get(question.code)
            old = answer.value if answer else None
            if old == new:
                plan.unchanged += 1
                continue
            if allowed is not None and not allowed(question):
                plan.errors.append(_other_office(name, number, question.code))
                continue
            try:
                at_download = int(cells[COL["version"] - 1] or 0)
            except (TypeError, ValueError):
                at_download = 0
            current = answer.version if answer else 0
            stale = at_download != current
            changed_by = ""
            if stale and answer is not None and answer.answered_by is not None:
                user: Any = answer.answered_by
                changed_by = str(getattr(user, "full_name", "") or user.get_username())
            plan.changes.append(
                Change(
                    question=question.code,
                    sheet=name,
                    row=number,
                    cell=f"{ANSWER}{number}",
                    old=old,
                    new=new,
                    raw=normalised,
                    old_display=display(question, old),
                    new_display=display(question, new),
                    stale=stale,
                    changed_by=changed_by,
                )
            )
    return plan


def summary_rows(items: Iterable[CellError]) -> list[dict[str, Any]]:
    return [
        {
            "sheet": e.sheet,
            "row": e.row,
            "cell": e.cell,
            "question": e.question,
            "message": e.message,
        }
        for e in items
    ]
