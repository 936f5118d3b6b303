"""Kemendagri region codes (Permendagri 58/2021): parsing and levels.

Codes are always strings: `64` (province), `64.71` (kab/kota), `64.71.01` (kecamatan),
`64.71.01.1001` (desa/kelurahan). Leading digits matter, so never turn them into numbers.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Level(StrEnum):
    PROVINCE = "province"
    REGENCY = "regency"
    DISTRICT = "district"
    VILLAGE = "village"


_PATTERNS: dict[Level, re.Pattern[str]] = {
    Level.PROVINCE: re.compile(r"\d{2}"),
    Level.REGENCY: re.compile(r"\d{2}\.\d{2}"),
    Level.DISTRICT: re.compile(r"\d{2}\.\d{2}\.\d{2}"),
    Level.VILLAGE: re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
}

LEVEL_ORDER: tuple[Level, ...] = (Level.PROVINCE, Level.REGENCY, Level.DISTRICT, Level.VILLAGE)

# Anything shaped like a region code; used in URL patterns so that a bad code gets a helpful 404.
CODE_URL_PATTERN = r"[0-9.]{1,20}"


def level_of(code: str) -> Level | None:
    """The level a code belongs to, or None when it is not a well-formed code."""
    for level, pattern in _PATTERNS.items():
        if pattern.fullmatch(code):
            return level
    return None


def parent_code(code: str) -> str | None:
    """The code of the parent region (`64.71.01` -> `64.71`), None for a province."""
    if "." not in code:
        return None
    return code.rsplit(".", 1)[0]


def is_valid_code(code: str, level: Level) -> bool:
    return _PATTERNS[level].fullmatch(code) is not None
