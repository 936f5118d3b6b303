"""The Excel file of a cycle's open data: the same tables as the CSV files, one sheet each."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from layakanak.lib.spreadsheet import text_cells_stay_text
from layakanak.portal.metadata import LICENCE, MetadataField
from layakanak.results.models import Publication

NUMERIC = {"year", "version", "regions", "score", "score_min", "score_max"}


def _value(column: str, value: str) -> object:
    """Numbers as numbers (exact Decimal for scores), codes and names as text."""
    if column in NUMERIC and value:
        number = Decimal(value)
        return int(number) if column in {"year", "version", "regions"} else number
    return value


def _sheet(workbook: Workbook, title: str, rows: Sequence[Sequence[str]]) -> None:
    sheet = workbook.create_sheet(title)
    header = list(rows[0])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows[1:]:
        sheet.append([_value(column, value) for column, value in zip(header, row, strict=True)])
    for index, column in enumerate(header, start=1):
        letter = get_column_letter(index)
        width = max(len(str(column)), *(len(str(r[index - 1])) for r in rows[1:]), 8)
        sheet.column_dimensions[letter].width = min(width + 2, 60)
        if column == "score":
            for cell in sheet[letter][1:]:
                cell.number_format = "0.00#"
    sheet.freeze_panes = "A2"


def results_workbook(
    publication: Publication,
    results: Sequence[Sequence[str]],
    totals: Sequence[Sequence[str]],
    provila: Sequence[Sequence[str]],
    metadata: list[MetadataField],
) -> bytes:
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    _sheet(workbook, "hasil", results)
    _sheet(workbook, "rekap-predikat", totals)
    _sheet(workbook, "provinsi-layak-anak", provila)
    sheet = workbook.create_sheet("metadata")
    sheet.append(["field", "label_id", "label_en", "value_id", "value_en"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for field in metadata:
        sheet.append([field.key, field.label_id, field.label_en, field.value_id, field.value_en])
    for letter, width in zip("ABCDE", (16, 24, 24, 70, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.properties.title = publication.name_id
    workbook.properties.creator = "Layak Anak"
    workbook.properties.rights = LICENCE["title"]
    stamp = publication.published_at.astimezone(datetime.UTC).replace(tzinfo=None)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    buffer = io.BytesIO()
    text_cells_stay_text(workbook).save(buffer)
    return buffer.getvalue()
