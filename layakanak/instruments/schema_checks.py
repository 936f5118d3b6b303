"""Whole-instrument checks behind `layakanak.instruments.schema`: totals, bands, show_if,
thresholds and formulas. No Django import here.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from layakanak.instruments.schema_fields import Reader
from layakanak.scoring.formula import FormulaError, analyse_formula
from layakanak.scoring.model import CONDITIONAL_PARENT_TYPES, Instrument, QuestionType


def check_instrument(r: Reader, instrument: Instrument, document: Mapping[str, Any]) -> None:
    """Cross-field checks: totals, bands, show_if conditions, thresholds, formulas."""
    _check_bands(r, instrument, document)
    _check_prerequisites(r, instrument, document)
    components_total = sum((c.max_points for c in instrument.components), Decimal(0))
    if components_total != instrument.total_points:
        r.fail(
            document,
            "total_points",
            instrument.slug,
            "total_mismatch",
            f"Jumlah max_points komponen {components_total} ≠ total_points "
            f"{instrument.total_points}",
            f"Component max_points add up to {components_total}, not total_points "
            f"{instrument.total_points}",
        )
    quantum = instrument.quantum
    questions = r.seen.get("question", {})
    for c in instrument.components:
        where = r.seen.get("component", {}).get(c.code, document)
        maximum = sum((q.maximum for i in c.indicators for q in i.questions), Decimal(0))
        if maximum != c.max_points:
            r.fail(
                where,
                "max_points",
                c.code,
                "component_sum_mismatch",
                f"Poin maksimum pertanyaan di komponen {c.code} berjumlah {maximum}, bukan "
                f"{c.max_points}",
                f"The questions of component {c.code} add up to {maximum} points, not "
                f"{c.max_points}",
            )
        for q in (q for i in c.indicators for q in i.questions):
            m = questions.get(q.code, where)
            if q.maximum > c.max_points:
                r.fail(
                    m,
                    None,
                    q.code,
                    "points_above_maximum",
                    f"Poin pertanyaan ({q.maximum}) melebihi maksimum komponen {c.code} "
                    f"({c.max_points})",
                    f"Question points ({q.maximum}) exceed the maximum of component {c.code} "
                    f"({c.max_points})",
                )
            for points in [o.points for o in q.options + q.items] + [
                t.points for t in q.thresholds
            ]:
                if points.quantize(quantum) != points:
                    r.fail(
                        m,
                        None,
                        q.code,
                        "too_many_decimals",
                        f"Poin {points} lebih teliti dari presisi instrumen "
                        f"({instrument.precision})",
                        f"Points {points} have more decimals than the precision "
                        f"({instrument.precision})",
                    )
            _check_question(r, instrument, q.code, m)


def _check_question(r: Reader, instrument: Instrument, code: str, m: Mapping[str, Any]) -> None:
    q = instrument.question(code)
    if q.show_if is not None:
        _check_condition(r, instrument, code, m)
    evidence_codes = [e.code for e in q.evidence]
    if len(set(evidence_codes)) != len(evidence_codes):
        r.fail(
            m,
            "evidence",
            code,
            "duplicate_code",
            "Kode data dukung ganda",
            "Duplicate evidence code",
        )
    bounds = [t.bound for t in q.thresholds]
    if len(set(bounds)) != len(bounds):
        r.fail(m, "bands", code, "duplicate_threshold", "Ambang batas ganda", "Duplicate threshold")
    for t in q.thresholds:
        if q.type is QuestionType.PERCENTAGE and not 0 <= t.bound <= 100:
            r.fail(
                m,
                "bands",
                code,
                "threshold_out_of_range",
                f"Ambang {t.bound}% di luar 0–100",
                f"Threshold {t.bound}% is outside 0–100",
            )
        if q.type is QuestionType.COUNT and t.bound != t.bound.to_integral_value():
            r.fail(
                m,
                "bands",
                code,
                "threshold_out_of_range",
                f"Ambang jumlah {t.bound} harus bulat",
                f"Count threshold {t.bound} must be a whole number",
            )
    ordered = sorted(q.thresholds, key=lambda t: t.bound, reverse=q.better == "lower")
    if any(a.points > b.points for a, b in itertools.pairwise(ordered)):
        r.fail(
            m,
            "bands",
            code,
            "threshold_not_monotonic",
            "Ambang yang lebih baik harus memberi poin yang sama atau lebih besar",
            "A better threshold must give the same or more points",
        )
    if q.formula is not None:
        _check_formula(r, instrument, code, m)


def _check_formula(r: Reader, instrument: Instrument, code: str, m: Mapping[str, Any]) -> None:
    """A formula must parse, never give fewer points for a larger value (so the best answer,
    and whether a predicate is reachable, are exact) and be able to reach its max_points."""
    q = instrument.question(code)
    assert q.formula is not None
    try:
        shape = analyse_formula(q.formula, instrument.rounding)
    except FormulaError as exc:
        r.fail(
            m,
            "formula",
            code,
            "bad_formula",
            f"Rumus tidak valid: {exc}",
            f"Invalid formula: {exc}",
        )
        return
    if shape.direction not in (0, 1) or shape.limit is None:
        r.fail(
            m,
            "formula",
            code,
            "formula_not_monotonic",
            "Poin rumus tidak boleh turun ketika nilai naik (gunakan value hanya dengan +, -, "
            "min, max, round dan perkalian atau pembagian dengan konstanta); untuk nilai yang "
            "makin kecil makin baik, pakai pertanyaan jumlah atau persentase dengan better: lower",
            "The formula's points must never fall as the value grows (use value only with +, -, "
            "min, max, round and multiplication or division by constants); for a "
            "lower-is-better value use a count or percentage question with better: lower",
        )
        return
    top = q.max_points
    if top is not None and shape.limit < top:
        r.fail(
            m,
            "max_points",
            code,
            "formula_max_unreachable",
            f"Rumus paling tinggi memberi {shape.limit} poin, tidak mencapai max_points {top}",
            f"The formula gives at most {shape.limit} points and never reaches max_points {top}",
        )


def _check_condition(r: Reader, instrument: Instrument, code: str, m: Mapping[str, Any]) -> None:
    q = instrument.question(code)
    assert q.show_if is not None
    parent_code = q.show_if.question
    if not instrument.has_question(parent_code):
        r.fail(
            m,
            "show_if",
            code,
            "condition_unknown_question",
            f"show_if merujuk pertanyaan {parent_code!r} yang tidak ada",
            f"show_if refers to question {parent_code!r}, which does not exist",
        )
        return
    parent = instrument.question(parent_code)
    if parent.type not in CONDITIONAL_PARENT_TYPES:
        r.fail(
            m,
            "show_if",
            code,
            "condition_bad_parent",
            f"show_if hanya bisa bergantung pada pilihan, daftar periksa atau ya/tidak "
            f"({parent_code} "
            f"bertipe {parent.type})",
            f"show_if can only depend on a choice, checklist or yes/no question ({parent_code} is "
            f"{parent.type})",
        )
        return
    possible: set[str | bool] = (
        {True, False}
        if parent.type is QuestionType.YES_NO
        else {c.code for c in parent.options + parent.items}
    )
    for value in q.show_if.values:
        if value not in possible or (
            parent.type is not QuestionType.YES_NO and isinstance(value, bool)
        ):
            r.fail(
                m,
                "show_if",
                code,
                "condition_impossible_value",
                f"Pertanyaan {parent_code} tidak dapat bernilai {value!r}",
                f"Question {parent_code} cannot have the value {value!r}",
            )
    seen = {code}
    while parent.show_if is not None and instrument.has_question(parent.show_if.question):
        if parent.code in seen:
            r.fail(
                m,
                "show_if",
                code,
                "condition_cycle",
                "show_if membentuk lingkaran",
                "show_if conditions form a cycle",
            )
            return
        seen.add(parent.code)
        parent = instrument.question(parent.show_if.question)
    if parent.code in seen:
        r.fail(
            m,
            "show_if",
            code,
            "condition_cycle",
            "show_if membentuk lingkaran",
            "show_if conditions form a cycle",
        )


def _check_bands(r: Reader, instrument: Instrument, document: Mapping[str, Any]) -> None:
    seen = r.seen.get("band", {})
    bands = instrument.bands
    if not bands:
        return
    for band in bands:
        if band.min > band.max:
            r.fail(
                seen.get(band.code, document),
                "min",
                band.code,
                "band_inverted",
                f"Predikat {band.code}: min {band.min} di atas max {band.max}",
                f"Band {band.code}: min {band.min} is above max {band.max}",
            )
    if bands[0].min != 0:
        r.fail(
            seen.get(bands[0].code, document),
            "min",
            bands[0].code,
            "band_gap",
            "Predikat terendah harus mulai dari 0",
            "The lowest band must start at 0",
        )
    for low, high in itertools.pairwise(bands):
        where = seen.get(high.code, document)
        if high.min <= low.max:
            r.fail(
                where,
                "min",
                high.code,
                "band_overlap",
                f"Predikat {high.code} (mulai {high.min}) tumpang tindih dengan {low.code} "
                f"(sampai {low.max})",
                f"Band {high.code} (from {high.min}) overlaps {low.code} (up to {low.max})",
            )
        elif high.min != low.max + 1:
            r.fail(
                where,
                "min",
                high.code,
                "band_gap",
                f"Ada celah antara {low.code} (sampai {low.max}) dan {high.code} (mulai "
                f"{high.min})",
                f"There is a gap between {low.code} (up to {low.max}) and {high.code} (from "
                f"{high.min})",
            )
    if bands[-1].max != instrument.total_points:
        r.fail(
            seen.get(bands[-1].code, document),
            "max",
            bands[-1].code,
            "band_gap",
            f"Predikat tertinggi harus berakhir di total_points {instrument.total_points}",
            f"The highest band must end at total_points {instrument.total_points}",
        )


def _check_prerequisites(r: Reader, instrument: Instrument, document: Mapping[str, Any]) -> None:
    """Each must-meet rule names a band above the lowest, an existing indicator, a share in
    (0, 100], and appears once."""
    seen = r.seen.get("prerequisite", {})
    bands = [band.code for band in instrument.bands]
    indicators = {i.number for c in instrument.components for i in c.indicators}
    pairs: set[tuple[str, str]] = set()
    for rule in instrument.prerequisites:
        where = seen.get(f"{rule.band}/{rule.indicator}", document)
        if rule.band not in bands:
            r.fail(
                where,
                "band",
                rule.band,
                "unknown_band",
                f"Predikat {rule.band} tidak ada di instrumen",
                f"Band {rule.band} is not in the instrument",
            )
        elif bands and rule.band == bands[0]:
            r.fail(
                where,
                "band",
                rule.band,
                "prerequisite_on_lowest_band",
                "Predikat terendah tidak boleh punya syarat wajib",
                "The lowest band cannot have a prerequisite",
            )
        if rule.indicator not in indicators:
            r.fail(
                where,
                "indicator",
                rule.band,
                "unknown_indicator",
                f"Indikator {rule.indicator} tidak ada di instrumen",
                f"Indicator {rule.indicator} is not in the instrument",
            )
        if not Decimal(0) < rule.min_percent <= Decimal(100):
            r.fail(
                where,
                "min_percent",
                rule.band,
                "prerequisite_share",
                f"min_percent harus di atas 0 dan paling tinggi 100, bukan {rule.min_percent}",
                f"min_percent must be above 0 and at most 100, not {rule.min_percent}",
            )
        if (rule.band, rule.indicator) in pairs:
            r.fail(
                where,
                "indicator",
                rule.band,
                "duplicate_prerequisite",
                f"Syarat wajib ganda: {rule.band} / indikator {rule.indicator}",
                f"Duplicate prerequisite: {rule.band} / indicator {rule.indicator}",
            )
        pairs.add((rule.band, rule.indicator))
