"""Issue 18, item 4: text that a spreadsheet would run as a formula is neutralised in every CSV
and stored as text in every XLSX; numbers and plain numeric texts are left alone."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from layakanak.lib.spreadsheet import (
    SafeCsvDictWriter,
    SafeCsvWriter,
    csv_cell,
    is_formula_like,
    keep_as_text,
)

ATTACKS = [
    '=HYPERLINK("http://evil.example","klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_a_formula_like_text_gets_an_apostrophe_in_csv(text: str) -> None:
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["-1.27", "+62", "116.83", "-", "Kota Balikpapan", 5, Decimal("-3.5")]
)
def test_numbers_and_ordinary_text_stay_as_they_are(value: object) -> None:
    assert csv_cell(value) == value


@given(st.text())
def test_no_neutralised_cell_can_start_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert not is_formula_like(cell)
    assert cell == text or cell == "'" + text


def test_both_csv_writers_neutralise_every_cell() -> None:
    out = io.StringIO()
    SafeCsvWriter(out).writerow(["ok", ATTACKS[0], -1])
    writer = SafeCsvDictWriter(out, fieldnames=["a", "b"])
    writer.writerow({"a": ATTACKS[1], "b": "-1.5"})
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["ok", "'" + ATTACKS[0], "-1"], ["'" + ATTACKS[1], "-1.5"]]


def test_an_xlsx_keeps_the_typed_text_as_text_not_as_a_formula() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([ATTACKS[0], 7])
    keep_as_text(sheet[1])
    buffer = io.BytesIO()
    book.save(buffer)
    cell, number = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active[1]
    assert (cell.value, cell.data_type) == (ATTACKS[0], "s")  # the same text, round trip intact
    assert (number.value, number.data_type) == (7, "n")


def test_every_csv_and_xlsx_writer_of_the_platform_goes_through_the_safe_helpers() -> None:
    """A new export that writes CSV with the csv module or saves an openpyxl workbook without
    `text_cells_stay_text` fails here (the audit export, the services exports, open data, the
    decree annex, the certificate list, the cockpit, the self-assessment workbook, instruments)."""
    import re
    from pathlib import Path

    import layakanak

    package = Path(layakanak.__file__).parent
    # Reviewed exceptions, each with its reason.
    reviewed = {
        # The Excel variant of the results CSV writes region codes as text formulas it builds
        # itself from validated codes (`="64.71"`); every other cell goes through `csv_cell`.
        "portal/opendata_excel.py",
    }
    unsafe = []
    for path in package.rglob("*.py"):
        if path.name == "spreadsheet.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if str(path.relative_to(package)) in reviewed:
            continue
        if re.search(r"\bcsv\.(writer|DictWriter)\(", text):
            unsafe.append(f"{path.relative_to(package)}: csv writer")
        if "Workbook()" in text and "text_cells_stay_text(" not in text:
            unsafe.append(
                f"{path.relative_to(package)}: workbook saved without text_cells_stay_text"
            )
    assert unsafe == []
