"""The canonical document of an instrument (docs/instrument-schema.md, "Canonical form").

`dump_document(load(...))` equals the file for canonical files, which makes YAML → model → YAML
and YAML → Excel → YAML round trips identical. No Django import here.
"""

from __future__ import annotations

from typing import Any

import yaml

from layakanak.instruments import schema_fields as fields
from layakanak.scoring.model import Instrument, Question, QuestionType, Text


def _text(text: Text) -> dict[str, str]:
    return {"id": text.id, "en": text.en}


def _question_document(q: Question) -> dict[str, Any]:
    doc: dict[str, Any] = {"code": q.code, "text": _text(q.text), "type": q.type.value}
    if q.required != (q.type is not QuestionType.TEXT):
        doc["required"] = q.required
    if q.effort is not None:
        doc["effort"] = q.effort.value
    if q.opd:
        doc["opd"] = list(q.opd)
    if q.help is not None:
        doc["help"] = _text(q.help)
    if q.show_if is not None:
        doc["show_if"] = {"question": q.show_if.question, "in": list(q.show_if.values)}
    for key, choices in (("options", q.options), ("items", q.items)):
        if choices:
            doc[key] = [
                {"code": c.code, "label": _text(c.label), "points": str(c.points)} for c in choices
            ]
    for key, value in (
        ("numerator", q.numerator),
        ("denominator", q.denominator),
        ("data_source", q.data_source),
    ):
        if value is not None:
            doc[key] = _text(value)
    if q.better != "higher":
        doc["better"] = q.better
    if q.type in (QuestionType.PERCENTAGE, QuestionType.COUNT):
        bound_key = "min" if q.better == "higher" else "max"
        doc["bands"] = [{bound_key: str(t.bound), "points": str(t.points)} for t in q.thresholds]
    if q.type is QuestionType.YES_NO:
        doc["points_yes"] = str(q.points_yes)
        if q.points_no != 0 or str(q.points_no) != "0":
            doc["points_no"] = str(q.points_no)
    if q.formula is not None:
        doc["formula"] = q.formula
    if q.max_points is not None:
        doc["max_points"] = str(q.max_points)
    if q.unit is not None:
        doc["unit"] = _text(q.unit)
    if q.evidence:
        doc["evidence"] = [
            {
                "code": e.code,
                "label": _text(e.label),
                "required": e.required,
                "file_types": list(e.file_types),
            }
            for e in q.evidence
        ]
    return doc


def dump_document(instrument: Instrument) -> dict[str, Any]:
    """The canonical document of an instrument (what `yaml.safe_dump` writes to a file)."""
    doc: dict[str, Any] = {
        "schema": instrument.schema,
        "slug": instrument.slug,
        "name": _text(instrument.name),
        "year": instrument.year,
    }
    if instrument.legal_basis:
        doc["legal_basis"] = instrument.legal_basis
    doc["status"] = instrument.status.value
    doc["reconstruction"] = instrument.reconstruction
    if instrument.sources:
        doc["sources"] = [{"title": s.title, "url": s.url} for s in instrument.sources]
    if instrument.notes is not None:
        doc["notes"] = _text(instrument.notes)
    doc.update(
        total_points=str(instrument.total_points),
        precision=instrument.precision,
        rounding=instrument.rounding.value,
        band_rule=instrument.band_rule.value,
        bands=[
            {
                "code": b.code,
                "name": _text(b.name),
                "min": fields.bound_value(b.min),
                "max": fields.bound_value(b.max),
                "awarded": b.awarded,
                "colour": b.colour,
            }
            for b in instrument.bands
        ],
        components=[
            {
                "code": c.code,
                "name": _text(c.name),
                "max_points": str(c.max_points),
                "indicators": [
                    {
                        "number": i.number,
                        "name": _text(i.name),
                        "opd": list(i.opd),
                        "questions": [_question_document(q) for q in i.questions],
                    }
                    for i in c.indicators
                ],
            }
            for c in instrument.components
        ],
    )
    if instrument.prerequisites:  # after the bands they guard, before the components
        components = doc.pop("components")
        doc["prerequisites"] = [
            {
                "band": p.band,
                "indicator": p.indicator,
                "min_percent": str(p.min_percent),
                **({"note": _text(p.note)} if p.note is not None else {}),
            }
            for p in instrument.prerequisites
        ]
        doc["components"] = components
    return doc


def dump_yaml(instrument: Instrument) -> str:
    """The canonical YAML text of an instrument (UTF-8, keys in schema order)."""
    return yaml.safe_dump(dump_document(instrument), allow_unicode=True, sort_keys=False, width=100)
