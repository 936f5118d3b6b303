"""Indonesia's three time zones by province (Keppres 41/1987; the 2012 merger proposal was not
enacted). Used to show times in the region's own zone, with its label (WIB, WITA, WIT).

Framework-free, in `lib`, so that every layer can use it: the template filters of `core` that
show a time (`core.display`) sit below `regions` in the import layers."""

from __future__ import annotations

from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")  # UTC+7
WITA = ZoneInfo("Asia/Makassar")  # UTC+8
WIT = ZoneInfo("Asia/Jayapura")  # UTC+9

ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

# Provinces outside WIB; every other province is WIB (Sumatra, Java, Kalimantan Barat/Tengah).
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}


def zone_for(code: str) -> ZoneInfo:
    """The time zone of a region (any level) from its province code."""
    province = code[:2]
    if province in _WIT:
        return WIT
    if province in _WITA:
        return WITA
    return WIB


def zone_label(code: str) -> str:
    """The label of a region's zone: WIB, WITA or WIT."""
    return ZONE_LABELS[zone_for(code).key]
