import copy
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from layakanak.instruments.schema import (
    InstrumentValidationError,
    dump_document,
    dump_yaml,
    load_yaml,
    parse_document,
    read_yaml,
)

FIXTURE = Path(__file__).parents[1] / "scoring" / "fixture-instrument.yaml"
DATA = Path(__file__).parents[2] / "layakanak" / "instruments" / "data"
SHIPPED = ["kla-2022.yaml", "kla-2023.yaml"]


def fixture_document():
    return copy.deepcopy(read_yaml(FIXTURE))


def question(doc, code):
    for c in doc["components"]:
        for i in c["indicators"]:
            for q in i["questions"]:
                if q["code"] == code:
                    return q
    raise KeyError(code)


def error_kinds(doc):
    with pytest.raises(InstrumentValidationError) as caught:
        parse_document(doc, "test.yaml")
    return [e.kind for e in caught.value.errors]


def test_fixture_round_trips_yaml_to_model_to_yaml_identically():
    assert dump_document(load_yaml(FIXTURE)) == read_yaml(FIXTURE)
    assert yaml.safe_load(dump_yaml(load_yaml(FIXTURE))) == read_yaml(FIXTURE)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_instrument_validates_sums_to_1000_and_round_trips(name):
    instrument = load_yaml(DATA / name)
    assert instrument.total_points == Decimal(1000)
    assert sum(c.max_points for c in instrument.components) == Decimal(1000)
    assert sum(q.maximum for q in instrument.questions) == Decimal(1000)
    assert instrument.bands[-1].max == Decimal(1000)
    assert dump_document(instrument) == read_yaml(DATA / name)


def test_question_points_above_the_component_maximum_are_refused():
    doc = fixture_document()
    question(doc, "1.1")["options"][0]["points"] = "500"
    kinds = error_kinds(doc)
    assert "points_above_maximum" in kinds
    assert "component_sum_mismatch" in kinds


def test_component_whose_questions_do_not_add_up_to_its_max_points_is_refused():
    doc = fixture_document()
    doc["components"][0]["max_points"] = "390"
    assert {"component_sum_mismatch", "total_mismatch"} <= set(error_kinds(doc))


def test_components_not_adding_up_to_total_points_are_refused():
    doc = fixture_document()
    doc["total_points"] = "999"
    assert "total_mismatch" in error_kinds(doc)


def test_option_without_points_is_refused():
    doc = fixture_document()
    del question(doc, "1.1")["options"][2]["points"]
    assert "missing_points" in error_kinds(doc)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: question(d, "1.2").update(code="1.1"),
        lambda d: question(d, "1.1")["options"][1].update(code="a"),
        lambda d: question(d, "2.1")["items"][1].update(code="a"),
        lambda d: d["components"][1]["indicators"][0].update(number="1"),
        lambda d: d["components"][1].update(code="KL"),
        lambda d: d["bands"][1].update(code="belum"),
        lambda d: question(d, "1.1")["evidence"].append(question(d, "1.1")["evidence"][0]),
    ],
    ids=["question", "option", "item", "indicator", "component", "band", "evidence"],
)
def test_duplicate_codes_are_refused(mutate):
    doc = fixture_document()
    mutate(doc)
    assert "duplicate_code" in error_kinds(doc)


def test_condition_on_a_missing_question_is_refused():
    doc = fixture_document()
    question(doc, "1.2")["show_if"]["question"] = "9.9"
    assert "condition_unknown_question" in error_kinds(doc)


@pytest.mark.parametrize(
    ("code", "values"), [("1.2", ["z"]), ("5.2", ["a"]), ("1.2", [True]), ("5.3", [False])]
)
def test_condition_on_a_value_the_question_cannot_have_is_refused(code, values):
    doc = fixture_document()
    question(doc, code)["show_if"]["in"] = values
    assert "condition_impossible_value" in error_kinds(doc)


def test_condition_on_a_percentage_question_is_refused():
    doc = fixture_document()
    question(doc, "1.2")["show_if"] = {"question": "3.1", "in": ["a"]}
    assert "condition_bad_parent" in error_kinds(doc)


def test_conditions_forming_a_cycle_are_refused():
    doc = fixture_document()
    question(doc, "5.1")["show_if"] = {"question": "5.3", "in": ["x"]}
    assert "condition_cycle" in error_kinds(doc)


def test_overlapping_bands_are_refused():
    doc = fixture_document()
    doc["bands"][2]["min"] = 600
    assert "band_overlap" in error_kinds(doc)


def test_bands_with_a_gap_are_refused():
    doc = fixture_document()
    doc["bands"][2]["min"] = 602
    assert "band_gap" in error_kinds(doc)


@pytest.mark.parametrize(("index", "key", "value"), [(0, "min", 1), (-1, "max", 999)])
def test_bands_must_cover_zero_to_the_total(index, key, value):
    doc = fixture_document()
    doc["bands"][index][key] = value
    assert "band_gap" in error_kinds(doc)


def test_unknown_question_type_is_refused():
    doc = fixture_document()
    question(doc, "2.2")["type"] = "essay"
    assert "unknown_type" in error_kinds(doc)


@pytest.mark.parametrize("value", ["12,5", "abc", "1e3", 40, 2.5, "-5", " 4"])
def test_bad_decimal_strings_are_refused(value):
    doc = fixture_document()
    question(doc, "1.1")["options"][0]["points"] = value
    assert "bad_decimal" in error_kinds(doc)


def test_evidence_file_types_outside_the_allowed_list_are_refused():
    doc = fixture_document()
    question(doc, "1.1")["evidence"][0]["file_types"] = ["pdf", "exe"]
    assert error_kinds(doc) == ["bad_file_type"]


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["name"].pop("en"),
        lambda d: question(d, "1.1")["text"].update(id=" "),
        lambda d: question(d, "1.1")["options"][0].pop("label"),
        lambda d: d["components"][0]["indicators"][0]["name"].pop("id"),
    ],
)
def test_missing_bilingual_text_is_refused(mutate):
    doc = fixture_document()
    mutate(doc)
    assert "missing_text" in error_kinds(doc)


def test_unknown_fields_and_fields_of_another_type_are_refused():
    doc = fixture_document()
    question(doc, "1.1")["formula"] = "value"
    doc["colour"] = "red"
    assert error_kinds(doc) == ["unknown_field", "unknown_field"]


def test_invalid_formula_is_refused():
    doc = fixture_document()
    question(doc, "4.1")["formula"] = "value ** 2"
    assert error_kinds(doc) == ["bad_formula"]


def test_thresholds_outside_0_to_100_or_not_monotonic_are_refused():
    doc = fixture_document()
    question(doc, "3.1")["bands"][0]["min"] = "120"
    question(doc, "3.2")["bands"][2]["points"] = "90"
    assert {"threshold_out_of_range", "threshold_not_monotonic"} <= set(error_kinds(doc))


def test_reconstruction_needs_sources():
    doc = fixture_document()
    del doc["sources"]
    assert error_kinds(doc) == ["missing_sources"]


def test_points_finer_than_the_precision_are_refused():
    doc = fixture_document()
    question(doc, "2.1")["items"][1]["points"] = "29.505"
    assert "too_many_decimals" in error_kinds(doc)


def test_every_problem_is_reported_with_file_line_and_question_code(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace('points: "200"}', "}", 1).replace("file_types: [pdf]", "file_types: [exe]")
    broken = tmp_path / "kla-rusak.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(InstrumentValidationError) as caught:
        load_yaml(broken)
    errors = {e.kind: e for e in caught.value.errors}
    assert {"missing_points", "bad_file_type", "component_sum_mismatch"} <= set(errors)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "exe" in t)
    assert errors["bad_file_type"].location == f"kla-rusak.yaml:{line}"
    assert errors["bad_file_type"].code == "1.1"
    assert errors["missing_points"].location.startswith("kla-rusak.yaml:")
    assert "Jenis berkas" in errors["bad_file_type"].message
    assert "kla-rusak.yaml" in str(caught.value)


def test_invalid_yaml_names_the_line(tmp_path):
    broken = tmp_path / "rusak.yaml"
    broken.write_text("slug: [unclosed\nname: x\n", encoding="utf-8")
    with pytest.raises(InstrumentValidationError) as caught:
        load_yaml(broken)
    assert caught.value.errors[0].kind == "yaml_syntax"
    assert caught.value.errors[0].location.startswith("rusak.yaml:")
