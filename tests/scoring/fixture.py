"""Hand-written fixture instruments for the scoring tests (no dependency on the shipped data)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from layakanak.instruments.schema import load_yaml, parse_document
from layakanak.scoring.model import BandRule, Instrument

FIXTURE_PATH = Path(__file__).with_name("fixture-instrument.yaml")

# Every question at its best: 1000 points.
BEST_ANSWERS: dict[str, Any] = {
    "1.1": "a",
    "1.2": True,
    "2.1": ["a", "b", "c", "d"],
    "2.2": "Rapat rutin",
    "3.1": (Decimal(950), Decimal(1000)),
    "3.2": 12,
    "4.1": Decimal(40),
    "4.2": (Decimal(3), Decimal(100)),
    "5.1": True,
    "5.2": "a",
    "5.3": ["x", "y"],
}

# Kota Balikpapan's (fictional) self-assessment: 810.00 points, Utama.
BALIKPAPAN_ANSWERS: dict[str, Any] = {
    "1.1": "a",
    "1.2": True,
    "2.1": ["a", "b", "c", "d"],
    "3.1": (Decimal(880), Decimal(1000)),
    "3.2": 12,
    "4.1": Decimal(30),
    "4.2": (Decimal(4), Decimal(100)),
    "5.1": True,
    "5.2": "b",
}


@cache
def fixture_instrument() -> Instrument:
    return load_yaml(FIXTURE_PATH)


def with_band_rule(rule: BandRule) -> Instrument:
    return dataclasses.replace(fixture_instrument(), band_rule=rule)


def _text(word: str) -> dict[str, str]:
    return {"id": word, "en": word}


def _yes_no(code: str, points: str, show_if: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": code,
        "text": _text(code),
        "type": "yes_no",
        "points_yes": points,
        "show_if": show_if,
    }


def branching_document() -> dict[str, Any]:
    """Exclusive show_if branches: whatever the answers, at most 500 of 1000 points."""
    bands = [
        ("belum", 0, 499),
        ("pratama", 500, 600),
        ("madya", 601, 700),
        ("nindya", 701, 800),
        ("utama", 801, 900),
        ("kla", 901, 1000),
    ]
    return {
        "schema": "layakanak-instrument/1",
        "slug": "uji-cabang",
        "name": _text("Cabang"),
        "year": 2024,
        "status": "draft",
        "reconstruction": False,
        "total_points": "1000",
        "precision": 2,
        "rounding": "half_up",
        "band_rule": "upper_inclusive",
        "bands": [
            {
                "code": c,
                "name": _text(c),
                "min": lo,
                "max": hi,
                "awarded": c != "belum",
                "colour": "#000000",
            }
            for c, lo, hi in bands
        ],
        "components": [
            {
                "code": "KL",
                "name": _text("Kelembagaan"),
                "max_points": "1000",
                "indicators": [
                    {
                        "number": "1",
                        "name": _text("Cabang"),
                        "opd": ["DP3A"],
                        "questions": [
                            {
                                "code": "1",
                                "text": _text("Pilih"),
                                "type": "single_choice",
                                "options": [
                                    {"code": "a", "label": _text("a"), "points": "0"},
                                    {"code": "b", "label": _text("b"), "points": "400"},
                                ],
                            },
                            _yes_no("2", "500", {"question": "1", "in": ["a"]}),
                            _yes_no("3", "100", {"question": "1", "in": ["b"]}),
                        ],
                    }
                ],
            }
        ],
    }


@cache
def branching_instrument() -> Instrument:
    return parse_document(branching_document(), "branching")


def with_prerequisites(instrument: Instrument, *rules: tuple[str, str, str]) -> Instrument:
    """`instrument` with must-meet rules (band code, indicator number, minimum percent), parsed
    from its document like any loaded instrument (so the checks of the schema apply)."""
    from layakanak.instruments.schema import dump_document

    document = dump_document(instrument)
    document["prerequisites"] = [
        {"band": band, "indicator": indicator, "min_percent": share}
        for band, indicator, share in rules
    ]
    return parse_document(document)
