"""Reading an instrument workbook (layout in `layakanak.instruments.excel`) into a document.

The document has the same shape as the YAML file; each mapping carries `__loc__` and `__keys__`
(sheet, row and cell) so that schema errors name the cell to fix. No Django import here.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from layakanak.instruments.excel_layout import (
    BAND_COLUMNS,
    COLUMN_KEYS,
    COLUMNS,
    COMPONENT_COLUMNS,
    INDICATOR_FIELDS,
    META_KEYS,
    META_SHEET,
    PREREQUISITE_COLUMNS,
    QUESTION_FIELDS,
    SOURCE_COLUMNS,
    where,
)
from layakanak.instruments.schema_fields import InstrumentError

TRUE_WORDS = {"true", "ya", "yes", "1", "benar"}
FALSE_WORDS = {"false", "tidak", "no", "0", "salah"}


def _cell_text(value: Any) -> Any:
    """Normalise a cell: strip text, blank → None, whole floats typed by staff stay exact."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    return value


def _decimal_text(value: Any) -> Any:
    """Decimals are text in the document; numbers typed into cells become their exact text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _boolean(value: Any) -> Any:
    if isinstance(value, str) and value.lower() in TRUE_WORDS:
        return True
    if isinstance(value, str) and value.lower() in FALSE_WORDS:
        return False
    return value


def _split(value: Any) -> Any:
    if value is None:
        return None
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _text(row: dict[str, Any], prefix: str, keys: dict[str, str], loc: str) -> Any:
    id_, en = row.get(f"{prefix}_id"), row.get(f"{prefix}_en")
    if id_ is None and en is None:
        return None
    return {"id": id_ or "", "en": en or "", "__loc__": loc, "__keys__": keys}


def _read_meta(workbook: Any, errors: list[InstrumentError]) -> dict[str, Any]:
    if META_SHEET not in workbook.sheetnames:
        errors.append(
            InstrumentError(
                META_SHEET,
                "",
                "missing_sheet",
                f"Lembar {META_SHEET!r} tidak ada",
                f"Sheet {META_SHEET!r} is missing",
            )
        )
        return {}
    sheet = workbook[META_SHEET]
    doc: dict[str, Any] = {"__loc__": where(META_SHEET, 1, 1), "__keys__": {}}
    section: str | None = None
    columns: tuple[str, ...] = ()
    header_next = False
    tables: dict[str, list[dict[str, Any]]] = {
        "bands": [],
        "prerequisites": [],
        "components": [],
        "sources": [],
    }
    specs = {
        "bands": BAND_COLUMNS,
        "prerequisites": PREREQUISITE_COLUMNS,
        "components": COMPONENT_COLUMNS,
        "sources": SOURCE_COLUMNS,
    }
    for r, raw in enumerate(sheet.iter_rows(values_only=True), start=1):
        row = [_cell_text(v) for v in raw]
        if r == 1 or not any(v is not None for v in row):
            continue
        first = row[0]
        if isinstance(first, str) and first.startswith("[") and first.endswith("]"):
            section = first[1:-1]
            if section not in tables:
                errors.append(
                    InstrumentError(
                        where(META_SHEET, r, 1),
                        "",
                        "unknown_section",
                        f"Bagian {first} tidak dikenal",
                        f"Unknown section {first}",
                    )
                )
                section = None
            columns, header_next = (specs[section] if section else ()), True
            continue
        if section is None:
            if first not in META_KEYS:
                errors.append(
                    InstrumentError(
                        where(META_SHEET, r, 1),
                        "",
                        "unknown_field",
                        f"Kunci {first!r} tidak dikenal",
                        f"Unknown key {first!r}",
                    )
                )
                continue
            doc[str(first)] = row[1] if len(row) > 1 else None
            doc["__keys__"][str(first).removesuffix("_id").removesuffix("_en")] = where(
                META_SHEET, r, 2
            )
            continue
        if header_next:
            header_next = False
            if tuple(row[: len(columns)]) != columns:
                errors.append(
                    InstrumentError(
                        where(META_SHEET, r, 1),
                        "",
                        "bad_header",
                        f"Judul kolom harus: {', '.join(columns)}",
                        f"The column headers must be: {', '.join(columns)}",
                    )
                )
            continue
        cells = dict(zip(columns, row, strict=False))
        keys = {c: where(META_SHEET, r, n + 1) for n, c in enumerate(columns)}
        keys["name"] = keys.get("name_id", "")
        entry = {
            k: v
            for k, v in cells.items()
            if v is not None and not k.startswith("name_") and not k.startswith("note_")
        }
        entry.update(__loc__=where(META_SHEET, r, 1), __keys__=keys)
        if section == "prerequisites":
            note = _text(
                cells,
                "note",
                {"id": keys["note_id"], "en": keys["note_en"]},
                where(META_SHEET, r, 4),
            )
            if note is not None:
                entry["note"] = note
            if "min_percent" in entry:
                entry["min_percent"] = _decimal_text(entry["min_percent"])
            if isinstance(entry.get("indicator"), int):
                entry["indicator"] = str(entry["indicator"])
        elif section != "sources":
            entry["name"] = _text(
                cells,
                "name",
                {"id": keys["name_id"], "en": keys["name_en"]},
                where(META_SHEET, r, 2),
            )
        if "awarded" in entry:
            entry["awarded"] = _boolean(entry["awarded"])
        if "max_points" in entry:
            entry["max_points"] = _decimal_text(entry["max_points"])
        tables[section].append(entry)
    name = _text(doc, "name", {}, doc["__keys__"].get("name", doc["__loc__"]))
    notes = _text(doc, "notes", {}, doc["__keys__"].get("notes", doc["__loc__"]))
    for key in ("name_id", "name_en", "notes_id", "notes_en"):
        doc.pop(key, None)
    doc["name"] = name
    if notes is not None:
        doc["notes"] = notes
    if "reconstruction" in doc:
        doc["reconstruction"] = _boolean(doc["reconstruction"])
    doc["total_points"] = _decimal_text(doc.get("total_points"))
    doc = {k: v for k, v in doc.items() if v is not None}
    doc.update(bands=tables["bands"])
    if tables["prerequisites"]:
        doc["prerequisites"] = tables["prerequisites"]
    doc["components"] = tables["components"]
    if tables["sources"]:
        doc["sources"] = tables["sources"]
    return doc


def read_workbook(path: str | Path, errors: list[InstrumentError]) -> dict[str, Any]:
    """The instrument document of a workbook; layout problems are appended to `errors`."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        doc = _read_meta(workbook, errors)
        for component in doc.get("components", []):
            code = component.get("code")
            if code not in workbook.sheetnames:
                errors.append(
                    InstrumentError(
                        component["__loc__"],
                        str(code),
                        "missing_sheet",
                        f"Lembar komponen {code!r} tidak ada",
                        f"The component sheet {code!r} is missing",
                    )
                )
                continue
            component["indicators"] = read_component_sheet(workbook[code], errors)
        expected = {META_SHEET, *(str(c.get("code")) for c in doc.get("components", []))}
        for name in workbook.sheetnames:
            if name not in expected:
                errors.append(
                    InstrumentError(
                        f"{name}!A1 (sheet {name}, row 1)",
                        "",
                        "unknown_sheet",
                        f"Lembar {name!r} bukan komponen di lembar Instrumen",
                        f"Sheet {name!r} is not a component listed in Instrumen",
                    )
                )
    finally:
        workbook.close()
    _typed_conditions(doc)
    return doc


def _typed_conditions(doc: dict[str, Any]) -> None:
    """show_if values of yes/no parents are booleans in the document."""
    questions = {
        q.get("code"): q
        for c in doc.get("components", [])
        for i in c.get("indicators", [])
        for q in i.get("questions", [])
    }
    for q in questions.values():
        condition = q.get("show_if")
        parent = questions.get(condition.get("question")) if condition else None
        if condition and parent and parent.get("type") == "yes_no":
            condition["in"] = [_boolean(v) for v in condition.get("in") or []]


def _question_from_row(cells: dict[str, Any], keys: dict[str, str], loc: str) -> dict[str, Any]:
    q: dict[str, Any] = {"code": cells.get("question"), "__loc__": loc}
    q["__keys__"] = {
        "code": keys["question"],
        "text": keys["text_id"],
        "type": keys["type"],
        "required": keys["required"],
        "effort": keys["effort"],
        "opd": keys["question_opd"],
        "help": keys["help_id"],
        "show_if": keys["show_if_question"],
        "better": keys["better"],
        "points_yes": keys["points_yes"],
        "points_no": keys["points_no"],
        "formula": keys["formula"],
        "max_points": keys["max_points"],
        **{k: keys[f"{k}_id"] for k in ("numerator", "denominator", "data_source", "unit")},
    }
    for key in ("text", "help", "numerator", "denominator", "data_source", "unit"):
        value = _text(cells, key, {"id": keys[f"{key}_id"], "en": keys[f"{key}_en"]}, loc)
        if value is not None:
            q[key] = value
    for key in ("type", "effort", "better", "formula"):
        if cells.get(key) is not None:
            q[key] = cells[key]
    for key in ("points_yes", "points_no", "max_points"):
        if cells.get(key) is not None:
            q[key] = _decimal_text(cells[key])
    if cells.get("required") is not None:
        q["required"] = _boolean(cells["required"])
    if cells.get("question_opd") is not None:
        q["opd"] = _split(cells["question_opd"])
    if cells.get("show_if_question") is not None or cells.get("show_if_in") is not None:
        q["show_if"] = {
            "question": cells.get("show_if_question"),
            "in": _split(cells.get("show_if_in")),
            "__loc__": keys["show_if_question"],
            "__keys__": {"question": keys["show_if_question"], "in": keys["show_if_in"]},
        }
    return q


def _add_line(
    q: dict[str, Any],
    cells: dict[str, Any],
    keys: dict[str, str],
    loc: str,
    errors: list[InstrumentError],
) -> None:
    kind = cells.get("line")
    entry: dict[str, Any] = {"__loc__": loc}
    label = _text(cells, "label", {"id": keys["label_id"], "en": keys["label_en"]}, loc)
    if kind in ("option", "item"):
        entry.update(code=cells.get("line_code"), label=label)
        if cells.get("points") is not None:
            entry["points"] = _decimal_text(cells["points"])
        entry["__keys__"] = {
            "code": keys["line_code"],
            "label": keys["label_id"],
            "points": keys["points"],
        }
        q.setdefault("options" if kind == "option" else "items", []).append(entry)
    elif kind == "band":
        bound = "max" if q.get("better") == "lower" else "min"
        entry.update(
            {bound: _decimal_text(cells.get("bound")), "points": _decimal_text(cells.get("points"))}
        )
        entry["__keys__"] = {bound: keys["bound"], "points": keys["points"]}
        q.setdefault("bands", []).append(entry)
    elif kind == "evidence":
        entry.update(
            code=cells.get("line_code"),
            label=label,
            required=_boolean(cells.get("evidence_required")),
            file_types=_split(cells.get("file_types")) or [],
        )
        entry["__keys__"] = {
            "code": keys["line_code"],
            "label": keys["label_id"],
            "required": keys["evidence_required"],
            "file_types": keys["file_types"],
        }
        q.setdefault("evidence", []).append(entry)
    elif kind is not None:
        errors.append(
            InstrumentError(
                keys["line"],
                str(q.get("code") or ""),
                "unknown_line",
                f"Jenis baris {kind!r} tidak dikenal (option, item, band, evidence)",
                f"Unknown line kind {kind!r} (option, item, band, evidence)",
            )
        )


def read_component_sheet(sheet: Any, errors: list[InstrumentError]) -> list[dict[str, Any]]:
    """The indicators of one component sheet; layout problems are appended to `errors`."""
    name = sheet.title
    indicators: list[dict[str, Any]] = []
    indicator: dict[str, Any] | None = None
    question: dict[str, Any] | None = None
    first_cells: dict[str, Any] = {}
    for r, raw in enumerate(sheet.iter_rows(values_only=True), start=1):
        row = [_cell_text(v) for v in raw] + [None] * len(COLUMNS)
        if r == 1:
            for n, (_, header) in enumerate(COLUMNS):
                if row[n] != header:
                    errors.append(
                        InstrumentError(
                            where(name, 1, n + 1),
                            "",
                            "bad_header",
                            f"Judul kolom harus {header!r}",
                            f"The column header must be {header!r}",
                        )
                    )
                    return []
            continue
        cells = dict(zip(COLUMN_KEYS, row, strict=False))
        if not any(v is not None for v in cells.values()):
            continue
        keys = {k: where(name, r, n + 1) for n, k in enumerate(COLUMN_KEYS)}
        loc = where(name, r, 1)
        number = cells["indicator"] or (indicator or {}).get("number")
        if indicator is None or number != indicator.get("number"):
            indicator = {
                "number": number,
                "opd": _split(cells["indicator_opd"]) or [],
                "questions": [],
                "__loc__": loc,
                "__keys__": {
                    "number": keys["indicator"],
                    "name": keys["indicator_name_id"],
                    "opd": keys["indicator_opd"],
                },
            }
            name_text = _text(
                cells,
                "indicator_name",
                {"id": keys["indicator_name_id"], "en": keys["indicator_name_en"]},
                loc,
            )
            if name_text is not None:
                indicator["name"] = name_text
            indicators.append(indicator)
            question = None
        elif any(cells[k] is not None for k in INDICATOR_FIELDS):
            errors.append(
                InstrumentError(
                    loc,
                    str(number),
                    "continuation_conflict",
                    "Kolom indikator hanya diisi pada baris pertama indikator",
                    "Indicator columns are filled only on the indicator's first row",
                )
            )
        code = cells["question"] or (question or {}).get("code")
        if question is None or code != question.get("code"):
            cells["question"] = code
            question = _question_from_row(cells, keys, loc)
            indicator["questions"].append(question)
            first_cells = cells
        else:
            for k in QUESTION_FIELDS:
                if cells[k] is not None and cells[k] != first_cells.get(k):
                    errors.append(
                        InstrumentError(
                            keys[k],
                            str(code),
                            "continuation_conflict",
                            "Kolom pertanyaan berbeda dari baris pertama pertanyaan ini",
                            "A question column differs from this question's first row",
                        )
                    )
        _add_line(question, cells, keys, loc, errors)
    return indicators
