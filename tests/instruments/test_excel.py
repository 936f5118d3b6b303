from pathlib import Path

import pytest
from openpyxl import load_workbook

from layakanak.instruments.excel import COLUMNS, load_excel, write_excel
from layakanak.instruments.schema import (
    InstrumentValidationError,
    dump_document,
    load_yaml,
    read_yaml,
)

FIXTURE = Path(__file__).parents[1] / "scoring" / "fixture-instrument.yaml"
DATA = Path(__file__).parents[2] / "layakanak" / "instruments" / "data"
COLUMN = {key: n + 1 for n, (key, _) in enumerate(COLUMNS)}


@pytest.mark.parametrize(
    "path", [FIXTURE, DATA / "kla-2022.yaml", DATA / "kla-2023.yaml"], ids=lambda p: p.name
)
def test_yaml_to_excel_to_yaml_round_trips_identically(path, tmp_path):
    workbook = tmp_path / "instrumen.xlsx"
    write_excel(load_yaml(path), workbook)
    assert dump_document(load_excel(workbook)) == read_yaml(path)


def written(tmp_path):
    path = tmp_path / "instrumen.xlsx"
    write_excel(load_yaml(FIXTURE), path)
    return path, load_workbook(path)


def problems(workbook, path):
    workbook.save(path)
    with pytest.raises(InstrumentValidationError) as caught:
        load_excel(path)
    return caught.value.errors


def test_workbook_has_a_metadata_sheet_and_one_sheet_per_component(tmp_path):
    _, workbook = written(tmp_path)
    assert workbook.sheetnames == ["Instrumen", "KL", "K1", "K2"]
    assert [c.value for c in workbook["KL"][1]] == [header for _, header in COLUMNS]


def test_numbers_typed_by_staff_are_read_exactly(tmp_path):
    path, workbook = written(tmp_path)
    workbook["KL"].cell(2, COLUMN["points"]).value = 200
    workbook["KL"].cell(5, COLUMN["points"]).value = 29.5
    workbook.save(path)
    assert dump_document(load_excel(path)) == read_yaml(FIXTURE)


def test_bad_points_cell_is_named_by_sheet_row_and_cell(tmp_path):
    path, workbook = written(tmp_path)
    workbook["KL"].cell(3, COLUMN["points"]).value = "seratus"
    [error] = problems(workbook, path)
    assert error.kind == "bad_decimal"
    assert error.location == "KL!T3 (sheet KL, row 3)"
    assert error.code == "1.1"


def test_unknown_line_kind_is_named_by_cell(tmp_path):
    path, workbook = written(tmp_path)
    workbook["K1"].cell(2, COLUMN["line"]).value = "pilihan"
    errors = problems(workbook, path)
    assert errors[0].kind == "unknown_line"
    assert errors[0].location == "K1!P2 (sheet K1, row 2)"


def test_changed_header_is_refused(tmp_path):
    path, workbook = written(tmp_path)
    workbook["K2"].cell(1, 3).value = "Nama"
    errors = problems(workbook, path)
    assert errors[0].kind == "bad_header"
    assert errors[0].location.startswith("K2!C1")


def test_conflicting_question_field_on_a_continuation_row_is_refused(tmp_path):
    path, workbook = written(tmp_path)
    workbook["KL"].cell(3, COLUMN["type"]).value = "checklist"
    errors = problems(workbook, path)
    assert errors[0].kind == "continuation_conflict"
    assert errors[0].location == "KL!H3 (sheet KL, row 3)"


def test_missing_component_sheet_is_refused(tmp_path):
    path, workbook = written(tmp_path)
    del workbook["K2"]
    kinds = [e.kind for e in problems(workbook, path)]
    assert "missing_sheet" in kinds


def test_extra_sheet_is_refused(tmp_path):
    path, workbook = written(tmp_path)
    workbook.create_sheet("Catatan")
    assert [e.kind for e in problems(workbook, path)] == ["unknown_sheet"]


def test_bad_band_bound_in_the_metadata_sheet_is_named_by_cell(tmp_path):
    path, workbook = written(tmp_path)
    sheet = workbook["Instrumen"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "madya")
    sheet.cell(row, 4).value = 650
    errors = problems(workbook, path)
    assert errors[0].kind == "band_gap"
    assert errors[0].location == f"Instrumen!D{row} (sheet Instrumen, row {row})"
