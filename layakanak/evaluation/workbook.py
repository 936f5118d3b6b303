"""The region's Excel workbook: download pre-filled, fill offline, upload with a dry run, apply.

Layout: a "Petunjuk" (instructions) sheet, one sheet per component with one row per question
(columns `COLUMNS`; only the answer cells are unlocked, the sheets and the workbook structure are
protected, options and yes/no have drop-down lists), and a very hidden, protected `_meta` sheet
with the cycle, the region, the instrument's SHA-256 and an HMAC (keyed with SECRET_KEY) over those
and the structure: sheet names, the question code of every row and the column headers. A workbook
of another region or cycle, or one whose structure was changed, is refused with a message that
says which; answers are checked with the scoring engine's `validate_answer` and every error names
its sheet, row and cell. Applying saves through `actions.do_save_answer` in one transaction.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from layakanak.audit.actions import Actor, record_event
from layakanak.evaluation import actions, filetypes, queries, values
from layakanak.evaluation.errors import EvaluationRefused
from layakanak.evaluation.models import Submission
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region
from layakanak.scoring.answers import AnswerError, validate_answer
from layakanak.scoring.model import Component, Instrument, Question, QuestionType

FORMAT = "layakanak-workbook/1"
META_SHEET = "_meta"
GUIDE_SHEET = "Petunjuk"
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("code", "Kode / Code", 9),
    ("indicator", "Indikator / Indicator", 30),
    ("question_id", "Pertanyaan", 60),
    ("question_en", "Question (English)", 50),
    ("type", "Jenis / Type", 16),
    ("allowed", "Nilai yang diizinkan / Allowed values", 50),
    ("answer", "Jawaban / Answer", 20),
    ("denominator", "Penyebut / Denominator (persentase)", 16),
    ("opd", "OPD", 24),
    ("version", "Versi / Version", 8),
)
COL = {key: index + 1 for index, (key, _title, _width) in enumerate(COLUMNS)}
ANSWER = get_column_letter(COL["answer"])
DENOMINATOR = get_column_letter(COL["denominator"])

TYPE_LABELS: dict[str, str] = {
    "single_choice": "pilihan / choice",
    "checklist": "daftar periksa / checklist",
    "percentage": "persentase / percentage",
    "count": "jumlah / count",
    "yes_no": "ya-tidak / yes-no",
    "number": "angka / number",
    "text": "teks / text",
}
YES = {"ya", "yes", "y", "true", "benar", "1"}
NO = {"tidak", "no", "n", "false", "salah", "0", "t"}
_COMMA_DECIMAL = re.compile(r"^\s*[+-]?\d+,\d+\s*$")
_LOCKED = Protection(locked=True)
_UNLOCKED = Protection(locked=False)
_INPUT_FILL = PatternFill("solid", fgColor="FFF4CE")
_HEAD_FILL = PatternFill("solid", fgColor="DCE6F0")


class WorkbookRefused(EvaluationRefused):
    """The uploaded file is not this region's workbook of this cycle, or not a workbook at all."""


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    cell: str
    question: str
    message_id: str
    message_en: str

    def message(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_id


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


# --- Layout shared by writing and reading ------------------------------------------------------


def sheet_name(component: Component) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", f"{component.code} {component.name.id}")
    return name[:31].strip()


def expected_structure(instrument: Instrument) -> list[tuple[str, list[str]]]:
    return [
        (sheet_name(c), [q.code for i in c.indicators for q in i.questions])
        for c in instrument.components
    ]


def _signature(
    cycle: str,
    region: str,
    instrument_sha: str,
    sheets: list[tuple[str, list[str]]],
    headers: list[list[str]],
) -> str:
    message = json.dumps(
        {
            "format": FORMAT,
            "cycle": cycle,
            "region": region,
            "instrument": instrument_sha,
            "sheets": [[name, codes] for name, codes in sheets],
            "headers": headers,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return salted_hmac("layakanak.evaluation.workbook", message, algorithm="sha256").hexdigest()


def _headers() -> list[str]:
    return [title for _key, title, _width in COLUMNS]


# --- Writing -----------------------------------------------------------------------------------


def _allowed_text(question: Question) -> str:
    t = question.type
    if t is QuestionType.SINGLE_CHOICE:
        return "\n".join(f"{o.code} = {o.label.id}" for o in question.options)
    if t is QuestionType.CHECKLIST:
        items = "\n".join(f"{i.code} = {i.label.id}" for i in question.items)
        return (
            "Kode butir dipisah koma (mis. a,c); '-' = tidak ada / item codes, "
            f"comma-separated:\n{items}"
        )
    if t is QuestionType.YES_NO:
        return "Ya / Tidak"
    if t is QuestionType.PERCENTAGE:
        numerator = question.numerator.id if question.numerator else "pembilang"
        denominator = question.denominator.id if question.denominator else "penyebut"
        return f"{ANSWER}: {numerator}; {DENOMINATOR}: {denominator} (0 ≤ {ANSWER} ≤ {DENOMINATOR})"
    if t is QuestionType.COUNT:
        return "Bilangan bulat ≥ 0 / whole number ≥ 0"
    if t is QuestionType.NUMBER:
        return "Angka / number" + (f" ({question.unit.id})" if question.unit else "")
    return "Teks bebas / free text"


def _cell_values(question: Question, stored: Any) -> tuple[Any, Any]:
    """The answer (and denominator) cells for a stored JSON value."""
    if stored is None:
        return None, None
    t = question.type
    if t is QuestionType.PERCENTAGE:
        return _number_cell(stored[0]), _number_cell(stored[1])
    if t is QuestionType.YES_NO:
        return ("Ya" if stored else "Tidak"), None
    if t is QuestionType.CHECKLIST:
        return (",".join(stored) if stored else "-"), None
    if t is QuestionType.NUMBER:
        return _number_cell(stored), None
    return stored, None


def _number_cell(text: str) -> int | float | str:
    number = Decimal(text)
    if number == number.to_integral_value():
        return int(number)
    as_float = float(number)
    return as_float if Decimal(repr(as_float)) == number else text


def build_workbook(submission: Submission) -> bytes:
    """The region's workbook, pre-filled with its current answers."""
    version = submission.cycle.instrument
    instrument = instrument_of(version)
    stored = queries.stored_answers(submission)
    structure = expected_structure(instrument)
    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = GUIDE_SHEET
    _write_guide(guide, submission, instrument)
    yes_no = DataValidation(
        type="list",
        formula1='"Ya,Tidak"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ya / Tidak",
        error="Pilih Ya atau Tidak / choose Ya (yes) or Tidak (no)",
    )
    whole = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        error="Bilangan bulat ≥ 0 / a whole number ≥ 0",
    )
    decimal = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        error="Angka ≥ 0 / a number ≥ 0",
    )
    for component in instrument.components:
        sheet = book.create_sheet(sheet_name(component))
        choice_lists: dict[str, DataValidation] = {}
        for validation in (yes_no, whole, decimal):
            validation_copy = DataValidation(
                type=validation.type,
                operator=validation.operator,
                formula1=validation.formula1,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=validation.errorTitle,
                error=validation.error,
            )
            sheet.add_data_validation(validation_copy)
            choice_lists[f"_{validation.type}"] = validation_copy
        sheet.cell(
            TITLE_ROW, 1, f"{component.code} · {component.name.id} / {component.name.en}"
        ).font = Font(bold=True, size=13)
        for index, (_key, title, width) in enumerate(COLUMNS, start=1):
            head = sheet.cell(HEADER_ROW, index, title)
            head.font = Font(bold=True)
            head.fill = _HEAD_FILL
            head.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.column_dimensions[get_column_letter(COL["version"])].hidden = True
        row = FIRST_ROW
        for indicator in component.indicators:
            for question in indicator.questions:
                answer = stored.get(question.code)
                first, second = _cell_values(question, answer.value if answer else None)
                cells = {
                    "code": question.code,
                    "indicator": f"{indicator.number}. {indicator.name.id}",
                    "question_id": question.text.id + ("" if question.required else " (opsional)"),
                    "question_en": question.text.en,
                    "type": TYPE_LABELS[question.type.value],
                    "allowed": _allowed_text(question),
                    "answer": first,
                    "denominator": second,
                    "opd": ", ".join(question.opd or indicator.opd),
                    "version": answer.version if answer else 0,
                }
                for key, value in cells.items():
                    cell = sheet.cell(row, COL[key], value)
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                    cell.protection = _LOCKED
                target = f"{ANSWER}{row}"
                sheet[target].protection = _UNLOCKED
                sheet[target].fill = _INPUT_FILL
                if question.type is QuestionType.SINGLE_CHOICE:
                    codes = ",".join(o.code for o in question.options)
                    if codes not in choice_lists:
                        choice_lists[codes] = DataValidation(
                            type="list",
                            formula1=f'"{codes}"',
                            allow_blank=True,
                            showErrorMessage=True,
                            error=f"Pilih salah satu / choose one of: {codes}",
                        )
                        sheet.add_data_validation(choice_lists[codes])
                    choice_lists[codes].add(target)
                elif question.type is QuestionType.YES_NO:
                    choice_lists["_list"].add(target)
                elif question.type is QuestionType.COUNT:
                    choice_lists["_whole"].add(target)
                elif question.type is QuestionType.PERCENTAGE:
                    choice_lists["_decimal"].add(target)
                    denominator = f"{DENOMINATOR}{row}"
                    sheet[denominator].protection = _UNLOCKED
                    sheet[denominator].fill = _INPUT_FILL
                    choice_lists["_decimal"].add(denominator)
                row += 1
        sheet.freeze_panes = sheet.cell(FIRST_ROW, COL["question_id"])
        _protect(sheet)
    meta = book.create_sheet(META_SHEET)
    signature = _signature(
        submission.cycle.slug,
        submission.region.code,
        version.sha256,
        structure,
        [_headers() for _ in structure],
    )
    for key, value in (
        ("format", FORMAT),
        ("cycle", submission.cycle.slug),
        ("region", submission.region.code),
        ("region_name", submission.region.name),
        ("instrument", version.slug),
        ("instrument_sha256", version.sha256),
        ("signature", signature),
        ("generated_at", timezone.now().isoformat(timespec="seconds")),
    ):
        meta.append([key, value])
    meta.sheet_state = "veryHidden"
    _protect(meta)
    book.security = WorkbookProtection(lockStructure=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _protect(sheet: Any) -> None:
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening a column is allowed
    sheet.protection.formatRows = False
    sheet.protection.formatCells = False


def _write_guide(sheet: Any, submission: Submission, instrument: Instrument) -> None:
    lines = [
        (
            f"Lembar kerja evaluasi mandiri · {submission.region.name} "
            f"({submission.region.code}) · "
            f"siklus {submission.cycle.slug}"
        ),
        f"Self-assessment workbook · {submission.region.name} · cycle {submission.cycle.slug}",
        f"Instrumen / instrument: {instrument.name.id}",
        "",
        f"1. Isi kolom {ANSWER} (Jawaban) yang berwarna kuning; untuk persentase isi juga kolom "
        f"{DENOMINATOR} (penyebut).",
        "2. Pilihan dan ya/tidak memakai daftar pilihan; daftar periksa: kode butir dipisah koma "
        "(mis. a,c), '-' berarti tidak ada butir.",
        "3. Sel kosong berarti jawaban tidak diubah. Untuk menghapus jawaban gunakan halaman web.",
        "4. Jangan mengubah, menambah atau menghapus lembar, baris atau kolom: lembar kerja yang "
        "strukturnya berubah ditolak.",
        "5. Unggah lembar kerja di halaman evaluasi; Anda akan melihat semua perubahan dan "
        "kesalahan sebelum menerapkannya.",
        "",
        f"1. Fill the yellow column {ANSWER} (Answer); for percentages also column {DENOMINATOR} "
        "(denominator).",
        "2. Choices and yes/no have drop-down lists; checklists: item codes separated by commas "
        "(e.g. a,c), '-' for none.",
        "3. An empty cell leaves the answer unchanged. To clear an answer use the web page.",
        "4. Do not change, add or delete sheets, rows or columns: a workbook whose structure "
        "changed is refused.",
        "5. Upload the workbook on the evaluation page; you see every change and error before "
        "applying them.",
    ]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 120
    _protect(sheet)


# --- Reading -----------------------------------------------------------------------------------


def _refuse(message_id: str, message_en: str) -> WorkbookRefused:
    return WorkbookRefused(message_id, message_en)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _read_rows(
    book: Any,
) -> tuple[dict[str, str], list[tuple[str, list[str], list[tuple[int, tuple[Any, ...]]]]]]:
    """The metadata and, per sheet, its header and its data rows (row number, cell values)."""
    if META_SHEET not in book.sheetnames:
        raise _refuse(
            "Berkas ini bukan lembar kerja evaluasi Layak Anak (lembar identitas tidak ada). "
            "Unduh lembar kerja dari halaman evaluasi daerah Anda.",
            "This file is not a Layak Anak evaluation workbook (its identification sheet is "
            "missing). Download the workbook from your region's evaluation page.",
        )
    meta = {
        _text(row[0]): _text(row[1])
        for row in book[META_SHEET].iter_rows(min_row=1, max_col=2, values_only=True)
        if row and row[0] is not None and len(row) > 1
    }
    sheets = []
    for name in book.sheetnames:
        if name in (META_SHEET, GUIDE_SHEET):
            continue
        header: list[str] = []
        rows: list[tuple[int, tuple[Any, ...]]] = []
        for number, values_ in enumerate(
            book[name].iter_rows(min_row=HEADER_ROW, max_col=len(COLUMNS), values_only=True),
            start=HEADER_ROW,
        ):
            if number == HEADER_ROW:
                header = [_text(v) for v in values_]
            elif any(v is not None and _text(v) != "" for v in values_):
                rows.append((number, tuple(values_)))
        sheets.append((name, header, rows))
    return meta, sheets


def _check_identity(
    submission: Submission,
    meta: dict[str, str],
    sheets: list[tuple[str, list[str], list[tuple[int, tuple[Any, ...]]]]],
) -> None:
    structure = [(name, [_text(r[0]) for _n, r in rows]) for name, _h, rows in sheets]
    headers = [header for _name, header, _rows in sheets]
    signature = _signature(
        meta.get("cycle", ""),
        meta.get("region", ""),
        meta.get("instrument_sha256", ""),
        structure,
        headers,
    )
    if meta.get("format") != FORMAT or not hmac.compare_digest(
        signature, meta.get("signature", "")
    ):
        raise _structure_changed(submission, meta, sheets)
    if meta["cycle"] != submission.cycle.slug:
        raise _refuse(
            f"Lembar kerja ini untuk siklus {meta['cycle']}, bukan siklus {submission.cycle.slug}. "
            "Unduh lembar kerja siklus ini.",
            f"This workbook is for cycle {meta['cycle']}, not cycle {submission.cycle.slug}. "
            "Download this cycle's workbook.",
        )
    if meta["region"] != submission.region.code:
        other = Region.objects.filter(code=meta["region"]).first()
        name = f"{other.name} ({other.code})" if other else meta["region"]
        here = f"{submission.region.name} ({submission.region.code})"
        raise _refuse(
            f"Lembar kerja ini milik {name}, bukan {here}. Unggah lembar kerja daerah Anda "
            "sendiri.",
            f"This workbook belongs to {name}, not {here}. Upload your own region's workbook.",
        )
    if meta["instrument_sha256"] != submission.cycle.instrument.sha256:
        raise _refuse(
            "Lembar kerja ini dibuat untuk versi instrumen yang lain. Unduh lembar kerja yang "
            "baru.",
            "This workbook was made for another version of the instrument. Download a new "
            "workbook.",
        )


def _structure_changed(
    submission: Submission,
    meta: dict[str, str],
    sheets: list[tuple[str, list[str], list[tuple[int, tuple[Any, ...]]]]],
) -> WorkbookRefused:
    """The refusal of a workbook whose signature does not match, naming the first change found."""
    tail_id = " Unduh lembar kerja yang baru dan salin jawaban Anda ke sana."
    tail_en = " Download a new workbook and copy your answers into it."
    expected = expected_structure(instrument_of(submission.cycle.instrument))
    names = [name for name, _h, _r in sheets]
    wanted = [name for name, _codes in expected]
    if names != wanted:
        extra = [n for n in names if n not in wanted]
        missing = [n for n in wanted if n not in names]
        what_id = (
            f"lembar “{extra[0]}” ditambahkan atau diganti namanya"
            if extra
            else f"lembar “{missing[0]}” dihapus"
            if missing
            else "urutan lembar diubah"
        )
        what_en = (
            f"sheet “{extra[0]}” was added or renamed"
            if extra
            else f"sheet “{missing[0]}” was deleted"
            if missing
            else "the sheets were reordered"
        )
        return _refuse(
            f"Struktur lembar kerja telah diubah: {what_id}.{tail_id}",
            f"The workbook's structure was changed: {what_en}.{tail_en}",
        )
    for (name, header, rows), (_name, codes) in zip(sheets, expected, strict=True):
        if header != _headers():
            column = next(
                (i for i, (a, b) in enumerate(zip(header, _headers(), strict=False)) if a != b),
                len(header),
            )
            cell = f"{get_column_letter(column + 1)}{HEADER_ROW}"
            return _refuse(
                f"Lembar “{name}”, sel {cell}: judul kolom telah diubah (kolom ditambah, dihapus "
                f"atau dipindah).{tail_id}",
                f"Sheet “{name}”, cell {cell}: a column heading was changed (a column was added, "
                f"deleted or moved).{tail_en}",
            )
        found = [(number, _text(r[0])) for number, r in rows]
        for index, code in enumerate(codes):
            if index >= len(found):
                return _refuse(
                    f"Lembar “{name}”: baris pertanyaan {code} dihapus.{tail_id}",
                    f"Sheet “{name}”: the row of question {code} was deleted.{tail_en}",
                )
            number, there = found[index]
            if there != code:
                return _refuse(
                    f"Lembar “{name}”, baris {number}, sel A{number}: kode pertanyaan diubah "
                    f"(seharusnya {code}, tertulis {there or 'kosong'}), atau baris "
                    "ditambah/dihapus."
                    f"{tail_id}",
                    f"Sheet “{name}”, row {number}, cell A{number}: the question code was changed "
                    f"(expected {code}, found {there or 'empty'}), or a row was added/deleted."
                    f"{tail_en}",
                )
        if len(found) > len(codes):
            number = found[len(codes)][0]
            return _refuse(
                f"Lembar “{name}”, baris {number}: baris tambahan tidak diperbolehkan.{tail_id}",
                f"Sheet “{name}”, row {number}: extra rows are not allowed.{tail_en}",
            )
    return _refuse(
        "Identitas lembar kerja (siklus, daerah atau tanda tangan digital) telah diubah atau rusak."
        + tail_id,
        "The workbook's identification (cycle, region or digital signature) was changed or is "
        "damaged." + tail_en,
    )


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


def _raw_value(question: Question, first: Any, second: Any) -> Any:
    """The engine value for the answer cells; raises AnswerError (wrong form) or returns None
    for "no change" (empty cells)."""
    t = question.type
    empty_first = first is None or _text(first) == ""
    if t is QuestionType.PERCENTAGE:
        empty_second = second is None or _text(second) == ""
        if empty_first and empty_second:
            return None
        if empty_first or empty_second:
            raise AnswerError(
                question.code,
                "percentage_incomplete",
                f"Isi pembilang (kolom {ANSWER}) dan penyebut (kolom {DENOMINATOR}) keduanya",
                f"Fill both the numerator (column {ANSWER}) and the denominator (column "
                f"{DENOMINATOR})",
            )
        return (_number(first), _number(second))
    if empty_first:
        return None
    if t is QuestionType.YES_NO:
        if isinstance(first, bool):
            return first
        word = _text(first).lower()
        if word in YES:
            return True
        if word in NO:
            return False
        raise AnswerError(
            question.code,
            "not_yes_no",
            f"Tulis Ya atau Tidak (tertulis: {_text(first)!r})",
            f"Write Ya (yes) or Tidak (no) (found: {_text(first)!r})",
        )
    if t is QuestionType.CHECKLIST:
        text = _text(first)
        return [] if text == "-" else [p for p in re.split(r"[,;\s]+", text) if p]
    if t is QuestionType.SINGLE_CHOICE:
        text = _text(first)
        lowered = {o.code.lower(): o.code for o in question.options}
        return lowered.get(text.lower(), text)
    if t in (QuestionType.COUNT, QuestionType.NUMBER):
        return _number(first)
    return _text(first) if not isinstance(first, str) else first


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
        raise _refuse(exc.message_id, exc.message_en) from None
    fp.seek(0)
    try:
        book = load_workbook(fp, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise _refuse(
            "Berkas ini tidak dapat dibaca sebagai lembar kerja Excel (XLSX).",
            "This file cannot be read as an Excel (XLSX) workbook.",
        ) from None
    try:
        meta, sheets = _read_rows(book)
    finally:
        book.close()
    _check_identity(submission, meta, sheets)
    instrument = instrument_of(submission.cycle.instrument)
    stored = queries.stored_answers(submission)
    plan = ImportPlan()
    for name, _header, rows in sheets:
        for number, cells in rows:
            question = instrument.question(_text(cells[0]))
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
                plan.errors.append(
                    _cell_error(
                        name,
                        number,
                        ANSWER,
                        question.code,
                        "Pertanyaan ini milik OPD lain; Anda tidak dapat mengubah jawabannya.",
                        "This question belongs to another office (OPD); you cannot change its "
                        "answer.",
                    )
                )
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


def do_apply_workbook(
    submission: Submission,
    plan: ImportPlan,
    *,
    actor: Actor,
    sha256: str = "",
    now: datetime.datetime | None = None,
) -> int:
    """Save every change of an error-free plan in one transaction; the number saved."""
    if plan.errors:
        raise _refuse(
            "Lembar kerja masih memuat kesalahan; perbaiki dulu lalu unggah lagi.",
            "The workbook still has errors; correct them and upload it again.",
        )
    now = now or timezone.now()
    with transaction.atomic():
        actions.check_editable(submission, now)
        for change in plan.changes:
            actions.do_save_answer(
                submission,
                change.question,
                change.raw,
                expected_version=None,
                actor=actor,
                now=now,
            )
        record_event(
            "workbook.imported",
            actor=actor,
            object_type="submission",
            object_id=str(submission.pk),
            after={
                "sha256": sha256,
                "changes": len(plan.changes),
                "questions": [c.question for c in plan.changes],
            },
        )
    return len(plan.changes)


def summary_rows(items: Iterable[CellError], language: str) -> list[dict[str, Any]]:
    return [
        {
            "sheet": e.sheet,
            "row": e.row,
            "cell": e.cell,
            "question": e.question,
            "message": e.message(language),
        }
        for e in items
    ]
