"""Reading an uploaded workbook's sheets and checking that it is this region's workbook of this
cycle, made for this instrument version, with its structure unchanged (the signature of
`workbook_layout.signature`). A refusal names what is wrong: the cycle, the region, the version,
or the first sheet, row or cell whose structure was changed.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.utils.translation import gettext_lazy as _
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
from layakanak.lib.refusals import Text, text
from layakanak.regions.models import Region

# Per component sheet: its name, its header row and its data rows (row number, cell values).
Sheets = list[tuple[str, list[str], list[tuple[int, tuple[Any, ...]]]]]


def read_rows(
    book: Any,
) -> tuple[dict[str, str], Sheets]:
    """The metadata and, per sheet, its header and its data rows (row number, cell values)."""
    if META_SHEET not in book.sheetnames:
        raise WorkbookRefused(
            _(
                "This file is not a Layak Anak evaluation workbook (its identification sheet is "
                "missing). Download the workbook from your region's evaluation page."
            ),
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
        raise WorkbookRefused(
            _(
                "This workbook is for cycle %(cycle)s, not cycle %(slug)s. Download this cycle's "
                "workbook."
            ),
            cycle=meta["cycle"],
            slug=submission.cycle.slug,
        )
    if meta["region"] != submission.region.code:
        other = Region.objects.filter(code=meta["region"]).first()
        name = f"{other.name} ({other.code})" if other else meta["region"]
        here = f"{submission.region.name} ({submission.region.code})"
        raise WorkbookRefused(
            _(
                "This workbook belongs to %(name)s, not %(here)s. Upload your own region's "
                "workbook."
            ),
            name=name,
            here=here,
        )
    if meta["instrument_sha256"] != submission.cycle.instrument.sha256:
        raise WorkbookRefused(
            _(
                "This workbook was made for another version of the instrument. Download a new "
                "workbook."
            ),
        )


def _structure_changed(
    submission: Submission,
    meta: dict[str, str],
    sheets: Sheets,
) -> WorkbookRefused:
    """The refusal of a workbook whose signature does not match, naming the first change found."""
    return WorkbookRefused(
        _("%(change)s Download a new workbook and copy your answers into it."),
        change=_first_change(submission, sheets),
    )


def _first_change(submission: Submission, sheets: Sheets) -> Text:
    expected = expected_structure(instrument_of(submission.cycle.instrument))
    names = [name for name, _h, _r in sheets]
    wanted = [name for name, _codes in expected]
    if names != wanted:
        extra = [n for n in names if n not in wanted]
        missing = [n for n in wanted if n not in names]
        what = (
            text(_("sheet “%(sheet)s” was added or renamed"), sheet=extra[0])
            if extra
            else text(_("sheet “%(sheet)s” was deleted"), sheet=missing[0])
            if missing
            else text(_("the sheets were reordered"))
        )
        return text(_("The workbook's structure was changed: %(what)s."), what=what)
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
            return text(
                _(
                    "Sheet “%(sheet)s”, cell %(cell)s: a column heading was changed (a column was "
                    "added, deleted or moved)."
                ),
                sheet=name,
                cell=f"{get_column_letter(column + 1)}{HEADER_ROW}",
            )
        found = [(number, cell_text(r[0])) for number, r in rows]
        for index, code in enumerate(codes):
            if index >= len(found):
                return text(
                    _("Sheet “%(sheet)s”: the row of question %(code)s was deleted."),
                    sheet=name,
                    code=code,
                )
            number, there = found[index]
            if there != code:
                return text(
                    _(
                        "Sheet “%(sheet)s”, row %(row)s, cell A%(row)s: the question code was "
                        "changed (expected %(code)s, found %(found)s), or a row was added/deleted."
                    ),
                    sheet=name,
                    row=number,
                    code=code,
                    found=there or _("empty"),
                )
        if len(found) > len(codes):
            return text(
                _("Sheet “%(sheet)s”, row %(row)s: extra rows are not allowed."),
                sheet=name,
                row=found[len(codes)][0],
            )
    return text(
        _(
            "The workbook's identification (cycle, region or digital signature) was changed or "
            "is damaged."
        )
    )
