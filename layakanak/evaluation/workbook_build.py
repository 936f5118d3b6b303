"""Building the region's Excel workbook for download, pre-filled with its current answers.

The layout (sheets, columns, the identity sheet and its signature) is `workbook_layout`'s; an
upload is read back by `workbook_read`.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from layakanak.evaluation import queries
from layakanak.evaluation.models import Submission
from layakanak.evaluation.workbook_layout import (
    ANSWER,
    COL,
    COLUMNS,
    DENOMINATOR,
    FIRST_ROW,
    FORMAT,
    GUIDE_SHEET,
    HEADER_ROW,
    META_SHEET,
    TITLE_ROW,
    column_headers,
    expected_structure,
    sheet_name,
    signature,
)
from layakanak.instruments.queries import instrument_of
from layakanak.lib.spreadsheet import text_cells_stay_text
from layakanak.scoring.model import Instrument, Question, QuestionType

TYPE_LABELS: dict[str, str] = {
    "single_choice": "pilihan / choice",
    "checklist": "daftar periksa / checklist",
    "percentage": "persentase / percentage",
    "count": "jumlah / count",
    "yes_no": "ya-tidak / yes-no",
    "number": "angka / number",
    "text": "teks / text",
}
_LOCKED = Protection(locked=True)
_UNLOCKED = Protection(locked=False)
_INPUT_FILL = PatternFill("solid", fgColor="FFF4CE")
_HEAD_FILL = PatternFill("solid", fgColor="DCE6F0")


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
    identity = signature(
        submission.cycle.slug,
        submission.region.code,
        version.sha256,
        structure,
        [column_headers() for _ in structure],
    )
    for key, value in (
        ("format", FORMAT),
        ("cycle", submission.cycle.slug),
        ("region", submission.region.code),
        ("region_name", submission.region.name),
        ("instrument", version.slug),
        ("instrument_sha256", version.sha256),
        ("signature", identity),
        ("generated_at", timezone.now().isoformat(timespec="seconds")),
    ):
        meta.append([key, value])
    meta.sheet_state = "veryHidden"
    _protect(meta)
    book.security = WorkbookProtection(lockStructure=True)
    out = io.BytesIO()
    text_cells_stay_text(book).save(out)
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
