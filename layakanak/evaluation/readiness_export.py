"""What a region still has to provide before it can submit, as a CSV or Excel file: the
operator sends each office (OPD) its own list (the submit page's "download" links, `?unduh=`).

One row per office and missing item, so that filtering the office column (or asking for one
office with `?opd=`) gives that office's complete list. Texts are in the page's language;
every cell goes through `lib/spreadsheet.py` (a question text can never run as a formula).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from layakanak.core.locale import side
from layakanak.evaluation.models import Submission
from layakanak.evaluation.readiness import ANSWER, Item, Readiness
from layakanak.lib.spreadsheet import SafeCsvWriter, text_cells_stay_text
from layakanak.scoring.model import Instrument

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def header() -> list[str]:
    return [
        _("Office (OPD)"),
        _("Indicator"),
        _("Indicator name"),
        _("Question"),
        _("Missing"),
        _("What is missing"),
        _("Link"),
    ]


def rows(
    instrument: Instrument,
    ready: Readiness,
    link: Callable[[Item], str],
    *,
    opd: str = "",
) -> list[list[Any]]:
    """One row per office and missing item, by office then in instrument order; only `opd`'s
    rows when given. `link` gives the address of an item's question."""
    found: list[tuple[str, int, list[Any]]] = []
    for position, item in enumerate(ready.missing):
        indicator = instrument.indicator_of(item.question)
        kind = _("Answer") if item.kind == ANSWER else _("Required document")
        for office in item.opd or ("",):
            if opd and office != opd:
                continue
            row = [
                office,
                indicator.number,
                side(indicator.name.id, indicator.name.en),
                item.question,
                kind,
                side(item.label.id, item.label.en),
                link(item),
            ]
            found.append((office, position, row))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return [row for _office, _position, row in found]


def filename(submission: Submission, extension: str, opd: str = "") -> str:
    office = f"-{slugify(opd)}" if opd else ""
    return f"kekurangan-{submission.cycle.slug}-{submission.region.code}{office}.{extension}"


def as_csv(table: list[list[Any]]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel reads the accents of names correctly."""
    out = io.StringIO()
    writer = SafeCsvWriter(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header())
    writer.writerows(table)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(table: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Missing")[:31]
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append(row)
    sheet.auto_filter.ref = sheet.dimensions
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (28, 10, 40, 10, 18, 60, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    text_cells_stay_text(workbook).save(buffer)
    return buffer.getvalue()
