"""Reading an uploaded workbook's sheets and checking that it is this region's workbook of this
cycle, made for this instrument version, with its structure unchanged (the signature of
`workbook_layout.signature`). A refusal names what is wrong: the cycle, the region, the version,
or the first sheet, row or cell whose structure was changed.
"""

from __future__ import annotations

import hmac
from typing import Any

from openpyxl.utils import get_column_letter

from layakanak.evaluation.errors import WorkbookRefused
from layakanak.evaluation.models import Submission
from layakanak.evaluation.workbook_layout import (
    COLUMNS,
    FORMAT,
    GUIDE_SHEET,
    HEADER_ROW,
    META_SHEET,
    cell_text,
    column_headers,
    expected_structure,
    signature,
)
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region

# Per component sheet: its name, its header row and its data rows (row number, cell values).
Sheets = list[tuple[str, list[str], list[tuple[int, tuple[Any, ...]]]]]


def _refuse(message_id: str, message_en: str) -> WorkbookRefused:
    return WorkbookRefused(message_id, message_en)


def read_rows(
    book: Any,
) -> tuple[dict[str, str], Sheets]:
    """The metadata and, per sheet, its header and its data rows (row number, cell values)."""
    if META_SHEET not in book.sheetnames:
        raise _refuse(
            "Berkas ini bukan lembar kerja evaluasi Layak Anak (lembar identitas tidak ada). "
            "Unduh lembar kerja dari halaman evaluasi daerah Anda.",
            "This file is not a Layak Anak evaluation workbook (its identification sheet is "
            "missing). Download the workbook from your region's evaluation page.",
        )
    meta = {
        cell_text(row[0]): cell_text(row[1])
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
                header = [cell_text(v) for v in values_]
            elif any(v is not None and cell_text(v) != "" for v in values_):
                rows.append((number, tuple(values_)))
        sheets.append((name, header, rows))
    return meta, sheets


def check_identity(
    submission: Submission,
    meta: dict[str, str],
    sheets: Sheets,
) -> None:
    """Refuse (WorkbookRefused) unless the upload is this submission's workbook, unchanged."""
    structure = [(name, [cell_text(r[0]) for _n, r in rows]) for name, _h, rows in sheets]
    headers = [header for _name, header, _rows in sheets]
    expected = signature(
        meta.get("cycle", ""),
        meta.get("region", ""),
        meta.get("instrument_sha256", ""),
        structure,
        headers,
    )
    if meta.get("format") != FORMAT or not hmac.compare_digest(expected, meta.get("signature", "")):
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
    sheets: Sheets,
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
        if header != column_headers():
            column = next(
                (
                    i
                    for i, (a, b) in enumerate(zip(header, column_headers(), strict=False))
                    if a != b
                ),
                len(header),
            )
            cell = f"{get_column_letter(column + 1)}{HEADER_ROW}"
            return _refuse(
                f"Lembar “{name}”, sel {cell}: judul kolom telah diubah (kolom ditambah, dihapus "
                f"atau dipindah).{tail_id}",
                f"Sheet “{name}”, cell {cell}: a column heading was changed (a column was added, "
                f"deleted or moved).{tail_en}",
            )
        found = [(number, cell_text(r[0])) for number, r in rows]
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
