"""Cells that a spreadsheet shows as text, never runs as a formula (CSV/formula injection).

A text typed by someone (a region's answer, a playground's name) that starts with `=`, `+`, `-`
or `@` is run as a formula when a CSV file is opened in Excel or LibreOffice (OWASP: "CSV
Injection"); `=HYPERLINK(...)` sends the reader elsewhere, `=cmd|...` can start a program.

- CSV: such a text gets a leading apostrophe, which spreadsheets hide and treat as "this is
  text". Numbers (int, Decimal, float) stay numbers; a text that is only a number ("-1.27",
  "+62") stays as it is, since no formula can hide in it.
- XLSX: the text is stored as a string cell (openpyxl would otherwise store a text starting with
  `=` as a formula); it reads back exactly as it was typed, so round trips are unchanged.

Every CSV and XLSX the platform writes goes through `csv_cell`/`SafeCsvWriter` or, for a
workbook, `text_cells_stay_text` right before it is saved (tests/lib/test_spreadsheet.py, and
each export's own test).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?")


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet could run this value as a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or value in "+-":
        return False
    return not _PLAIN_NUMBER.fullmatch(value)


def csv_cell(value: Any) -> Any:
    """The value to write into a CSV cell: formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


class SafeCsvWriter:
    """`csv.writer` whose every cell passes through `csv_cell`."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeCsvDictWriter(csv.DictWriter):  # type: ignore[type-arg]
    """`csv.DictWriter` whose every cell passes through `csv_cell`."""

    def writerow(self, rowdict: Any) -> Any:
        return super().writerow({key: csv_cell(value) for key, value in rowdict.items()})


def keep_as_text(cells: Iterable[Any]) -> None:
    """Store every text cell of an openpyxl row (or any cells) as a string, never a formula."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"


def text_cells_stay_text(workbook: Any) -> Any:
    """Every text cell of every sheet of an openpyxl workbook stored as a string (call it right
    before saving). No platform workbook writes a formula of its own."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            keep_as_text(row)
    return workbook
