"""Instruments as Excel workbooks that ministry staff can edit, and back.

Layout (documented in docs/instrument-schema.md, "Excel layout"):

- sheet "Instrumen": `key | value` rows of version metadata, then the sections `[bands]`,
  `[prerequisites]` (only when the version has must-meet rules), `[components]` and
  `[sources]`, each a header row followed by one row per entry;
- one sheet per component, named by its code, with the fixed columns of `COLUMNS`: one row per
  option / checklist item / threshold / evidence line; indicator and question fields are filled on
  the first row of that indicator or question and left blank (or repeated unchanged) below.

Decimals are written as text cells so that "40" and "40.0" survive; numbers typed by staff are
read back exactly. Reading names the sheet, row and cell of every problem. No Django import here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from layakanak.instruments.excel_layout import (
    BAND_COLUMNS,
    COLUMN_KEYS,
    COLUMNS,
    COMPONENT_COLUMNS,
    LIST_SEPARATOR,
    META_KEYS,
    META_SHEET,
    PREREQUISITE_COLUMNS,
    SOURCE_COLUMNS,
)
from layakanak.instruments.excel_read import read_workbook
from layakanak.instruments.schema import (
    InstrumentValidationError,
    dump_document,
    parse_document,
)
from layakanak.instruments.schema_fields import InstrumentError
from layakanak.lib.spreadsheet import text_cells_stay_text
from layakanak.scoring.model import Instrument


def _join(values: Any) -> str | None:
    return LIST_SEPARATOR.join(str(v).lower() if isinstance(v, bool) else v for v in values) or None


def _question_cells(q: dict[str, Any]) -> dict[str, Any]:
    def text(key: str, lang: str) -> str | None:
        value = q.get(key)
        return value[lang] if value else None

    show_if = q.get("show_if") or {}
    return {
        "text_id": text("text", "id"),
        "text_en": text("text", "en"),
        "type": q["type"],
        "required": q.get("required", q["type"] != "text"),
        "effort": q.get("effort"),
        "question_opd": _join(q.get("opd", [])),
        "help_id": text("help", "id"),
        "help_en": text("help", "en"),
        "show_if_question": show_if.get("question"),
        "show_if_in": _join(show_if.get("in", [])),
        **{
            f"{k}_{lang}": text(k, lang)
            for k in ("numerator", "denominator", "data_source", "unit")
            for lang in ("id", "en")
        },
        "better": q.get("better"),
        "points_yes": q.get("points_yes"),
        "points_no": q.get("points_no"),
        "formula": q.get("formula"),
        "max_points": q.get("max_points"),
    }


def _line_cells(q: dict[str, Any]) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for kind, key in (("option", "options"), ("item", "items")):
        for c in q.get(key, []):
            lines.append(
                {
                    "line": kind,
                    "line_code": c["code"],
                    "label_id": c["label"]["id"],
                    "label_en": c["label"]["en"],
                    "points": c["points"],
                }
            )
    for t in q.get("bands", []):
        lines.append({"line": "band", "points": t["points"], "bound": t.get("min", t.get("max"))})
    for e in q.get("evidence", []):
        lines.append(
            {
                "line": "evidence",
                "line_code": e["code"],
                "label_id": e["label"]["id"],
                "label_en": e["label"]["en"],
                "evidence_required": e["required"],
                "file_types": _join(e["file_types"]),
            }
        )
    return lines


def component_rows(component: dict[str, Any]) -> list[list[Any]]:
    """The data rows of one component sheet (without the header row)."""
    rows: list[list[Any]] = []
    for indicator in component["indicators"]:
        first_of_indicator = True
        for q in indicator["questions"]:
            lines = _line_cells(q) or [{}]
            for n, line in enumerate(lines):
                cells: dict[str, Any] = {"indicator": indicator["number"], "question": q["code"]}
                if first_of_indicator:
                    cells.update(
                        indicator_name_id=indicator["name"]["id"],
                        indicator_name_en=indicator["name"]["en"],
                        indicator_opd=_join(indicator["opd"]),
                    )
                    first_of_indicator = False
                if n == 0:
                    cells.update(_question_cells(q))
                cells.update(line)
                rows.append([cells.get(key) for key in COLUMN_KEYS])
    return rows


def _meta_rows(doc: dict[str, Any]) -> list[list[Any]]:
    values = {
        **{k: doc.get(k) for k in META_KEYS},
        "name_id": doc["name"]["id"],
        "name_en": doc["name"]["en"],
        "notes_id": (doc.get("notes") or {}).get("id"),
        "notes_en": (doc.get("notes") or {}).get("en"),
    }
    rows: list[list[Any]] = [["key", "value"]]
    rows += [[key, values[key]] for key in META_KEYS]
    rows += [[], ["[bands]"], list(BAND_COLUMNS)]
    for b in doc["bands"]:
        rows.append(
            [
                b["code"],
                b["name"]["id"],
                b["name"]["en"],
                b["min"],
                b["max"],
                b["awarded"],
                b["colour"],
            ]
        )
    if doc.get("prerequisites"):
        rows += [[], ["[prerequisites]"], list(PREREQUISITE_COLUMNS)]
        for p in doc["prerequisites"]:
            note = p.get("note") or {}
            rows.append(
                [p["band"], p["indicator"], p["min_percent"], note.get("id"), note.get("en")]
            )
    rows += [[], ["[components]"], list(COMPONENT_COLUMNS)]
    for c in doc["components"]:
        rows.append([c["code"], c["name"]["id"], c["name"]["en"], c["max_points"]])
    rows += [[], ["[sources]"], list(SOURCE_COLUMNS)]
    rows += [[s["title"], s["url"]] for s in doc.get("sources", [])]
    return rows


def write_excel(instrument: Instrument, path: str | Path) -> None:
    """Write `instrument` to an .xlsx workbook in the documented layout."""
    doc = dump_document(instrument)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = META_SHEET
    for row in _meta_rows(doc):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 40
    for component in doc["components"]:
        page = workbook.create_sheet(component["code"])
        page.append([header for _, header in COLUMNS])
        for cell in page[1]:
            cell.font = Font(bold=True)
        for row in component_rows(component):
            page.append(row)
        page.freeze_panes = "F2"
        for index in range(1, len(COLUMNS) + 1):
            page.column_dimensions[get_column_letter(index)].width = 16
    # Decimal strings must stay text: openpyxl writes str as text cells, which is what we want.
    text_cells_stay_text(workbook).save(path)


def load_excel(path: str | Path) -> Instrument:
    """Read and validate a workbook; raises `InstrumentValidationError` naming sheet/row/cell."""
    errors: list[InstrumentError] = []
    document = read_workbook(path, errors)
    try:
        instrument = parse_document(document, source=Path(path).name)
    except InstrumentValidationError as exc:
        raise InstrumentValidationError(errors + exc.errors) from exc
    if errors:
        raise InstrumentValidationError(errors)
    return instrument


__all__ = ["COLUMNS", "load_excel", "read_workbook", "write_excel"]
