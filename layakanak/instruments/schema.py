"""The instrument document (schema `layakanak-instrument/1`): parse, validate, dump.

`parse_document(doc, source)` turns a YAML (or Excel-derived) mapping into a
`layakanak.scoring.model.Instrument`, collecting every problem as an `InstrumentError` that names
where it is (file and line, or sheet/row/cell), which code it concerns and what is wrong, in
Bahasa Indonesia and English. `dump_document(instrument)` gives the canonical document back, so
YAML → model → YAML is identical for canonical files. See docs/instrument-schema.md.

No Django import here: the Django app wraps these functions in its `load_instrument` command.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from layakanak.instruments import schema_checks as checks
from layakanak.instruments import schema_fields as fields
from layakanak.instruments.schema_dump import dump_document, dump_yaml
from layakanak.instruments.schema_fields import Reader
from layakanak.scoring.model import (
    Band,
    BandRule,
    Choice,
    Component,
    Effort,
    Evidence,
    Indicator,
    Instrument,
    Prerequisite,
    Question,
    QuestionType,
    Rounding,
    ShowIf,
    Source,
    Status,
    Text,
    Threshold,
)

SCHEMA = "layakanak-instrument/1"
FILE_TYPES = ("pdf", "jpg", "png", "xlsx", "docx")
InstrumentError = fields.InstrumentError
__all__ = [
    "InstrumentError",
    "InstrumentValidationError",
    "dump_document",
    "dump_yaml",
    "load_yaml",
    "parse_document",
    "read_yaml",
]


class InstrumentValidationError(ValueError):
    """Raised with every problem found in an instrument document."""

    def __init__(self, errors: list[InstrumentError]) -> None:
        self.errors = errors
        lines = "\n".join(str(e) for e in errors)
        super().__init__(f"{len(errors)} problem(s) in the instrument:\n{lines}")


_TOP = {
    "schema",
    "slug",
    "name",
    "year",
    "legal_basis",
    "status",
    "reconstruction",
    "sources",
    "notes",
    "total_points",
    "precision",
    "rounding",
    "band_rule",
    "bands",
    "prerequisites",
    "components",
}
_COMMON = {
    "code",
    "text",
    "type",
    "required",
    "effort",
    "opd",
    "help",
    "show_if",
    "evidence",
    "data_source",
}
_TYPE_FIELDS: dict[QuestionType, set[str]] = {
    QuestionType.SINGLE_CHOICE: {"options"},
    QuestionType.CHECKLIST: {"items"},
    QuestionType.PERCENTAGE: {"numerator", "denominator", "bands", "better"},
    QuestionType.COUNT: {"bands", "unit", "better"},
    QuestionType.YES_NO: {"points_yes", "points_no"},
    QuestionType.NUMBER: {"formula", "max_points", "unit"},
    QuestionType.TEXT: set(),
}


# libyaml's parser when available (several times faster); node marks still carry line numbers.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A SafeLoader that records each mapping's line (`__loc__`) and each key's (`__keys__`)."""

    source = "<yaml>"

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        mapping["__loc__"] = f"{self.source}:{node.start_mark.line + 1}"
        mapping["__keys__"] = {
            key.value: f"{self.source}:{key.start_mark.line + 1}" for key, _ in node.value
        }
        return mapping


def read_yaml(path: str | Path, *, lines: bool = False) -> Any:
    """The raw YAML document; with `lines=True` mappings carry `__loc__`/`__keys__`."""
    text = Path(path).read_text(encoding="utf-8")
    if not lines:
        return yaml.safe_load(text)
    loader_class = type("_Loader", (_LineLoader,), {"source": Path(path).name})
    loader = loader_class(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_yaml(path: str | Path) -> Instrument:
    """Load and validate an instrument YAML file; raises `InstrumentValidationError`."""
    try:
        document = read_yaml(path, lines=True)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{Path(path).name}:{mark.line + 1}" if mark else Path(path).name
        raise InstrumentValidationError(
            [
                InstrumentError(
                    where, "", "yaml_syntax", f"YAML tidak valid: {exc}", f"Invalid YAML: {exc}"
                )
            ]
        ) from exc
    return parse_document(document, source=Path(path).name)


def parse_document(document: object, source: str = "<document>") -> Instrument:
    """Validate a document mapping and build the Instrument; raises `InstrumentValidationError`
    listing every problem (not only the first)."""
    r = Reader(source)
    if not isinstance(document, Mapping):
        r.fail(
            {},
            None,
            "",
            "not_a_mapping",
            "Dokumen harus berupa mapping",
            "The document must be a mapping",
        )
        raise InstrumentValidationError(r.errors)
    r.unknown(document, _TOP, "")
    schema = r.string(document, "schema", "")
    if schema is not None and schema != SCHEMA:
        r.fail(
            document,
            "schema",
            "",
            "unknown_schema",
            f"Skema harus {SCHEMA}",
            f"The schema must be {SCHEMA}",
        )
    slug = r.slug(document)
    precision = r.integer(document, "precision", slug, 0, 6)
    sources = tuple(
        Source(r.string(s, "title", slug) or "", r.string(s, "url", slug) or "")
        for s in r.mappings(document, "sources", slug, required=False)
    )
    reconstruction = r.boolean(document, "reconstruction", slug, default=False)
    if reconstruction and not sources:
        r.fail(
            document,
            "sources",
            slug,
            "missing_sources",
            "Sumber wajib diisi bila poin direkonstruksi",
            "Sources are required when the points are reconstructed",
        )
    components = tuple(_component(r, c) for c in r.mappings(document, "components", slug))
    instrument = Instrument(
        slug=slug,
        name=r.text(document, "name", slug) or Text("", ""),
        year=r.integer(document, "year", slug, 1990, 2200),
        status=r.choice(document, "status", slug, Status, Status.DRAFT),
        total_points=r.decimal(document, "total_points", slug),
        precision=precision,
        rounding=r.choice(document, "rounding", slug, Rounding, Rounding.HALF_UP),
        band_rule=r.choice(document, "band_rule", slug, BandRule, BandRule.UPPER_INCLUSIVE),
        bands=tuple(_band(r, b) for b in r.mappings(document, "bands", slug)),
        components=components,
        legal_basis=r.string(document, "legal_basis", slug, required=False) or "",
        reconstruction=reconstruction,
        sources=sources,
        notes=r.text(document, "notes", slug, required=False),
        schema=schema or SCHEMA,
        prerequisites=tuple(
            _prerequisite(r, p) for p in r.mappings(document, "prerequisites", slug, required=False)
        ),
    )
    checks.check_instrument(r, instrument, document)
    if r.errors:
        raise InstrumentValidationError(r.errors)
    return instrument


def _band(r: Reader, m: Mapping[str, Any]) -> Band:
    r.unknown(m, {"code", "name", "min", "max", "awarded", "colour"}, "")
    code = r.code(m, "code", "")
    r.remember("band", code, m)
    return Band(
        code=code,
        name=r.text(m, "name", code) or Text("", ""),
        min=r.bound(m, "min", code),
        max=r.bound(m, "max", code),
        awarded=r.boolean(m, "awarded", code, default=False, required=True),
        colour=r.colour(m, "colour", code),
    )


def _prerequisite(r: Reader, m: Mapping[str, Any]) -> Prerequisite:
    """A must-meet rule: `{band: utama, indicator: "18", min_percent: 80, note: {id, en}}`."""
    r.unknown(m, {"band", "indicator", "min_percent", "note"}, "")
    band = r.code(m, "band", "")
    indicator = r.string(m, "indicator", band) or ""
    r.remember("prerequisite", f"{band}/{indicator}", m)
    return Prerequisite(
        band=band,
        indicator=indicator,
        min_percent=r.decimal(m, "min_percent", band),
        note=r.text(m, "note", band, required=False),
    )


def _component(r: Reader, m: Mapping[str, Any]) -> Component:
    r.unknown(m, {"code", "name", "max_points", "indicators"}, "")
    code = r.code(m, "code", "")
    r.remember("component", code, m)
    return Component(
        code=code,
        name=r.text(m, "name", code) or Text("", ""),
        max_points=r.decimal(m, "max_points", code),
        indicators=tuple(_indicator(r, i) for i in r.mappings(m, "indicators", code)),
    )


def _indicator(r: Reader, m: Mapping[str, Any]) -> Indicator:
    r.unknown(m, {"number", "name", "opd", "questions"}, "")
    number = r.code(m, "number", "")
    r.remember("indicator", number, m)
    return Indicator(
        number=number,
        name=r.text(m, "name", number) or Text("", ""),
        opd=r.strings(m, "opd", number),
        questions=tuple(_question(r, q) for q in r.mappings(m, "questions", f"indikator {number}")),
    )


def _question(r: Reader, m: Mapping[str, Any]) -> Question:
    code = r.code(m, "code", "")
    r.remember("question", code, m)
    qtype = r.choice(m, "type", code, QuestionType, QuestionType.TEXT)
    r.unknown(m, _COMMON | _TYPE_FIELDS[qtype], code)
    show_if = None
    if (cond := r.mapping(m, "show_if", code, required=False)) is not None:
        r.unknown(cond, {"question", "in"}, code)
        values = cond.get("in")
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str | bool) for v in values)
        ):
            r.fail(
                cond,
                "in",
                code,
                "bad_condition",
                "show_if.in harus daftar kode opsi/butir atau true/false",
                "show_if.in must be a list of option/item codes or true/false",
            )
            values = []
        show_if = ShowIf(r.code(cond, "question", code), tuple(values))
    better = r.string(m, "better", code, required=False) or "higher"
    if better not in ("higher", "lower"):
        r.fail(
            m,
            "better",
            code,
            "bad_value",
            "better harus higher atau lower",
            "better must be higher or lower",
        )
    effort = m.get("effort")
    return Question(
        code=code,
        text=r.text(m, "text", code) or Text("", ""),
        type=qtype,
        required=r.boolean(m, "required", code, default=qtype is not QuestionType.TEXT),
        effort=r.choice(m, "effort", code, Effort, Effort.MEDIUM) if effort is not None else None,
        opd=r.strings(m, "opd", code, required=False),
        help=r.text(m, "help", code, required=False),
        show_if=show_if,
        options=_choices(r, m, "options", code, qtype is QuestionType.SINGLE_CHOICE),
        items=_choices(r, m, "items", code, qtype is QuestionType.CHECKLIST),
        numerator=r.text(m, "numerator", code, required=qtype is QuestionType.PERCENTAGE),
        denominator=r.text(m, "denominator", code, required=qtype is QuestionType.PERCENTAGE),
        data_source=r.text(m, "data_source", code, required=False),
        better=better,
        thresholds=_thresholds(r, m, code, qtype, better),
        points_yes=r.decimal(m, "points_yes", code, required=qtype is QuestionType.YES_NO),
        points_no=r.decimal(m, "points_no", code, required=False),
        formula=r.string(m, "formula", code, required=qtype is QuestionType.NUMBER),
        max_points=r.decimal(m, "max_points", code) if qtype is QuestionType.NUMBER else None,
        unit=r.text(m, "unit", code, required=False),
        evidence=tuple(
            _evidence(r, e, code) for e in r.mappings(m, "evidence", code, required=False)
        ),
    )


def _choices(
    r: Reader, m: Mapping[str, Any], key: str, code: str, needed: bool
) -> tuple[Choice, ...]:
    result = []
    seen: set[str] = set()
    for entry in r.mappings(m, key, code, required=needed):
        r.unknown(entry, {"code", "label", "points"}, code)
        choice_code = r.code(entry, "code", code)
        if choice_code in seen:
            r.fail(
                entry,
                "code",
                code,
                "duplicate_code",
                f"Kode {choice_code!r} ganda pada {key} pertanyaan {code}",
                f"Duplicate code {choice_code!r} in the {key} of question {code}",
            )
        seen.add(choice_code)
        label = r.text(entry, "label", code) or Text("", "")
        result.append(Choice(choice_code, label, r.decimal(entry, "points", code)))
    return tuple(result)


def _thresholds(
    r: Reader, m: Mapping[str, Any], code: str, qtype: QuestionType, better: str
) -> tuple[Threshold, ...]:
    needed = qtype in (QuestionType.PERCENTAGE, QuestionType.COUNT)
    bound_key = "min" if better == "higher" else "max"
    result = []
    for entry in r.mappings(m, "bands", code, required=needed):
        r.unknown(entry, {bound_key, "points"}, code)
        result.append(
            Threshold(r.decimal(entry, bound_key, code), r.decimal(entry, "points", code))
        )
    return tuple(result)


def _evidence(r: Reader, m: Mapping[str, Any], question: str) -> Evidence:
    r.unknown(m, {"code", "label", "required", "file_types"}, question)
    file_types = r.strings(m, "file_types", question)
    for file_type in file_types:
        if file_type not in FILE_TYPES:
            r.fail(
                m,
                "file_types",
                question,
                "bad_file_type",
                f"Jenis berkas {file_type!r} tidak diizinkan (boleh: {', '.join(FILE_TYPES)})",
                f"File type {file_type!r} is not allowed (allowed: {', '.join(FILE_TYPES)})",
            )
    return Evidence(
        code=r.code(m, "code", question),
        label=r.text(m, "label", question) or Text("", ""),
        required=r.boolean(m, "required", question, default=True),
        file_types=file_types,
    )
