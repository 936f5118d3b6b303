"""Every validation error kind documented in docs/instrument-schema.md has a test that makes it.

One broken document (or workbook) per kind; the last test checks that the documented table and
the kinds made here are the same set, so a new kind cannot be added without a test.
"""

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from layakanak.instruments.excel import COLUMNS, load_excel, write_excel
from layakanak.instruments.schema import (
    InstrumentValidationError,
    load_yaml,
    parse_document,
    read_yaml,
)

ROOT = Path(__file__).parents[2]
FIXTURE = ROOT / "tests" / "scoring" / "fixture-instrument.yaml"
DOC = ROOT / "docs" / "instrument-schema.md"
COLUMN = {key: n + 1 for n, (key, _) in enumerate(COLUMNS)}


def question(doc: dict[str, Any], code: str) -> dict[str, Any]:
    for c in doc["components"]:
        for i in c["indicators"]:
            for q in i["questions"]:
                if q["code"] == code:
                    return q  # type: ignore[no-any-return]
    raise KeyError(code)


def _set(path: Callable[[dict[str, Any]], dict[str, Any]], **values: Any) -> Callable[..., None]:
    return lambda d: path(d).update(values)


def _pop(path: Callable[[dict[str, Any]], dict[str, Any]], key: str) -> Callable[..., None]:
    return lambda d: path(d).pop(key)


def _q(code: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda d: question(d, code)


DOCUMENT_CASES: dict[str, Callable[[dict[str, Any]], None]] = {
    "missing_field": _pop(lambda d: d, "year"),
    "missing_points": lambda d: question(d, "1.1")["options"][0].pop("points"),
    "missing_text": lambda d: question(d, "1.1")["text"].update(en=""),
    "unknown_field": _set(_q("1.1"), colour="red"),
    "unknown_type": _set(_q("2.2"), type="essay"),
    "bad_value": _set(lambda d: d, rounding="sideways"),
    "bad_type": _set(lambda d: d, slug=2024),
    "bad_code": _set(_q("1.1"), code="1 1"),
    "bad_slug": _set(lambda d: d, slug="KLA 2024!"),
    "bad_decimal": lambda d: question(d, "1.1")["options"][0].update(points="12,5"),
    "duplicate_code": _set(_q("1.2"), code="1.1"),
    "points_above_maximum": lambda d: question(d, "1.1")["options"][0].update(points="500"),
    "component_sum_mismatch": lambda d: d["components"][0].update(max_points="390"),
    "total_mismatch": _set(lambda d: d, total_points="999"),
    "too_many_decimals": lambda d: question(d, "2.1")["items"][1].update(points="29.505"),
    "band_overlap": lambda d: d["bands"][2].update(min=600),
    "band_gap": lambda d: d["bands"][2].update(min=602),
    "band_inverted": lambda d: d["bands"][2].update(min=720),
    "condition_unknown_question": lambda d: question(d, "1.2")["show_if"].update(question="9.9"),
    "condition_bad_parent": _set(_q("1.2"), show_if={"question": "3.1", "in": ["a"]}),
    "condition_impossible_value": lambda d: question(d, "1.2")["show_if"].update({"in": ["z"]}),
    "condition_cycle": _set(_q("5.1"), show_if={"question": "5.3", "in": ["x"]}),
    "threshold_out_of_range": lambda d: question(d, "3.1")["bands"][0].update(min="120"),
    "threshold_not_monotonic": lambda d: question(d, "3.2")["bands"][2].update(points="90"),
    "duplicate_threshold": lambda d: question(d, "3.2")["bands"][1].update(min="10"),
    "bad_formula": _set(_q("4.1"), formula="value ** 2"),
    "formula_not_monotonic": _set(_q("4.1"), formula="min(100, value * (50 - value))"),
    "formula_max_unreachable": _set(_q("4.1"), formula="min(90, value * 2.5)"),
    "bad_file_type": lambda d: question(d, "1.1")["evidence"][0].update(file_types=["exe"]),
    "missing_sources": _pop(lambda d: d, "sources"),
}


@pytest.mark.parametrize("kind", sorted(DOCUMENT_CASES))
def test_each_broken_document_is_refused_with_its_kind_and_question(kind: str) -> None:
    doc = copy.deepcopy(read_yaml(FIXTURE))
    DOCUMENT_CASES[kind](doc)
    with pytest.raises(InstrumentValidationError) as caught:
        parse_document(doc, "rusak.yaml")
    errors = [e for e in caught.value.errors if e.kind == kind]
    assert errors, [e.kind for e in caught.value.errors]
    assert all(e.location.startswith("rusak.yaml") for e in errors)
    assert all(e.message_id and e.message_en for e in errors)


def test_a_broken_yaml_file_is_refused_with_its_kind(tmp_path: Path) -> None:
    path = tmp_path / "rusak.yaml"
    path.write_text("slug: [unclosed\n", encoding="utf-8")
    with pytest.raises(InstrumentValidationError) as caught:
        load_yaml(path)
    assert [e.kind for e in caught.value.errors] == ["yaml_syntax"]


def _workbook(tmp_path: Path) -> tuple[Path, Any]:
    path = tmp_path / "instrumen.xlsx"
    write_excel(load_yaml(FIXTURE), path)
    return path, load_workbook(path)


def _meta_row(sheet: Any, value: str) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == value)


EXCEL_CASES: dict[str, Callable[[Any], None]] = {
    "bad_header": lambda wb: setattr(wb["K2"].cell(1, 3), "value", "Nama"),
    "missing_sheet": lambda wb: wb.remove(wb["K2"]),
    "unknown_sheet": lambda wb: wb.create_sheet("Catatan"),
    "unknown_section": lambda wb: setattr(
        wb["Instrumen"].cell(_meta_row(wb["Instrumen"], "[sources]"), 1), "value", "[catatan]"
    ),
    "unknown_line": lambda wb: setattr(wb["K1"].cell(2, COLUMN["line"]), "value", "pilihan"),
    "continuation_conflict": lambda wb: setattr(
        wb["KL"].cell(3, COLUMN["type"]), "value", "checklist"
    ),
}


@pytest.mark.parametrize("kind", sorted(EXCEL_CASES))
def test_each_broken_workbook_is_refused_with_its_kind_and_sheet(kind: str, tmp_path: Path) -> None:
    path, workbook = _workbook(tmp_path)
    EXCEL_CASES[kind](workbook)
    workbook.save(path)
    with pytest.raises(InstrumentValidationError) as caught:
        load_excel(path)
    errors = [e for e in caught.value.errors if e.kind == kind]
    assert errors, [e.kind for e in caught.value.errors]
    assert "sheet" in errors[0].location or "!" in errors[0].location


def test_every_documented_kind_has_a_case_here_and_no_other() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## 6. Validation errors", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ")][1:]
    documented = {kind for row in rows for kind in re.findall(r"`([a-z_]+)`", row.split("|")[1])}
    tested = set(DOCUMENT_CASES) | set(EXCEL_CASES) | {"yaml_syntax"}
    assert documented == tested
