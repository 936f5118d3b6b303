"""Field readers behind `layakanak.instruments.schema`.

Every problem becomes an `InstrumentError` (location, code, kind, Indonesian and English message);
readers return a harmless placeholder after recording an error so that checking continues and
all problems are reported at once. No Django import here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from layakanak.scoring.model import Text

E = TypeVar("E", bound=StrEnum)
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DECIMAL = re.compile(r"(0|[1-9]\d*)(\.\d+)?")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class InstrumentError:
    """One problem in an instrument: where, which code, what kind, and why (id + en)."""

    location: str
    code: str
    kind: str
    message_id: str
    message_en: str

    @property
    def message(self) -> str:
        return f"{self.message_id} / {self.message_en}"

    def __str__(self) -> str:
        code = f" [{self.code}]" if self.code else ""
        return f"{self.location}{code}: {self.message}"


def bound_value(value: Decimal) -> int | str:
    """Band bounds are written as YAML integers (or decimal strings when fractional)."""
    return int(value) if value == value.to_integral_value() else str(value)


class Reader:
    """Reads typed fields out of document mappings, recording errors with their location."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[InstrumentError] = []
        self.seen: dict[str, dict[str, Mapping[str, Any]]] = {}

    def where(self, m: Mapping[str, Any], key: str | None) -> str:
        keys = m.get("__keys__") if isinstance(m, Mapping) else None
        if key is not None and isinstance(keys, Mapping) and key in keys:
            return str(keys[key])
        return str(m.get("__loc__", self.source)) if isinstance(m, Mapping) else self.source

    def fail(
        self,
        m: Mapping[str, Any],
        key: str | None,
        code: str,
        kind: str,
        message_id: str,
        message_en: str,
    ) -> None:
        self.errors.append(InstrumentError(self.where(m, key), code, kind, message_id, message_en))

    def missing(
        self, m: Mapping[str, Any], key: str, code: str, kind: str = "missing_field"
    ) -> None:
        self.fail(m, key, code, kind, f"Kolom {key!r} wajib diisi", f"Field {key!r} is required")

    def unknown(self, m: Mapping[str, Any], allowed: set[str], code: str) -> None:
        for key in m:
            if key not in allowed and key not in ("__loc__", "__keys__"):
                self.fail(
                    m,
                    key,
                    code,
                    "unknown_field",
                    f"Kolom {key!r} tidak dikenal di sini",
                    f"Field {key!r} is not expected here",
                )

    def remember(self, kind: str, code: str, m: Mapping[str, Any]) -> None:
        seen = self.seen.setdefault(kind, {})
        if code and code in seen:
            self.fail(
                m,
                "code" if kind != "indicator" else "number",
                code,
                "duplicate_code",
                f"Kode {kind} {code!r} ganda (juga di {self.where(seen[code], None)})",
                f"Duplicate {kind} code {code!r} (also at {self.where(seen[code], None)})",
            )
        else:
            seen[code] = m

    def string(
        self, m: Mapping[str, Any], key: str, code: str, required: bool = True
    ) -> str | None:
        value = m.get(key)
        if value is None:
            if required:
                self.missing(m, key, code)
            return None
        if not isinstance(value, str):
            self.fail(
                m, key, code, "bad_type", f"{key!r} harus berupa teks", f"{key!r} must be text"
            )
            return None
        return value

    def slug(self, m: Mapping[str, Any]) -> str:
        value = self.string(m, "slug", "") or ""
        if value and not _SLUG.fullmatch(value):
            self.fail(
                m,
                "slug",
                value,
                "bad_slug",
                "Slug hanya boleh a-z, 0-9 dan tanda hubung",
                "The slug may only contain a-z, 0-9 and hyphens",
            )
        return value

    def code(self, m: Mapping[str, Any], key: str, code: str) -> str:
        value = m.get(key)
        if value is None:
            self.missing(m, key, code)
            return ""
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            self.fail(
                m,
                key,
                code,
                "bad_code",
                f"Kode {value!r} tidak valid: tulis sebagai teks (huruf, angka, titik)",
                f"Code {value!r} is invalid: write it as quoted text (letters, digits, dots)",
            )
            return str(value)
        return value

    def integer(self, m: Mapping[str, Any], key: str, code: str, low: int, high: int) -> int:
        value = m.get(key)
        if value is None:
            self.missing(m, key, code)
            return low
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(
                m,
                key,
                code,
                "bad_value",
                f"{key!r} harus bilangan bulat {low}–{high}",
                f"{key!r} must be a whole number {low}–{high}",
            )
            return low
        return int(value)

    def boolean(
        self, m: Mapping[str, Any], key: str, code: str, default: bool, required: bool = False
    ) -> bool:
        value = m.get(key)
        if value is None:
            if required:
                self.missing(m, key, code)
            return default
        if not isinstance(value, bool):
            self.fail(
                m,
                key,
                code,
                "bad_type",
                f"{key!r} harus true atau false",
                f"{key!r} must be true or false",
            )
            return default
        return value

    def choice(self, m: Mapping[str, Any], key: str, code: str, enum: type[E], default: E) -> E:
        value = m.get(key)
        if value is None:
            self.missing(m, key, code)
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            kind = "unknown_type" if key == "type" else "bad_value"
            self.fail(
                m,
                key,
                code,
                kind,
                f"{key} {value!r} tidak dikenal (boleh: {allowed})",
                f"Unknown {key} {value!r} (allowed: {allowed})",
            )
            return default

    def decimal(self, m: Mapping[str, Any], key: str, code: str, required: bool = True) -> Decimal:
        value = m.get(key)
        if value is None:
            if required:
                self.missing(m, key, code, "missing_points" if "points" in key else "missing_field")
            return Decimal(0)
        if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
            self.fail(
                m,
                key,
                code,
                "bad_decimal",
                f'{key} {value!r} bukan desimal yang valid: tulis sebagai teks, mis. "12.5"',
                f'{key} {value!r} is not a valid decimal: write it as a quoted string, e.g. "12.5"',
            )
            return Decimal(0)
        return Decimal(value)

    def bound(self, m: Mapping[str, Any], key: str, code: str) -> Decimal:
        value = m.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        if isinstance(value, str) and _DECIMAL.fullmatch(value):
            return Decimal(value)
        if value is None:
            self.missing(m, key, code)
        else:
            self.fail(
                m,
                key,
                code,
                "bad_decimal",
                f"Batas {key} {value!r} tidak valid",
                f"Band bound {key} {value!r} is invalid",
            )
        return Decimal(0)

    def colour(self, m: Mapping[str, Any], key: str, code: str) -> str:
        value = self.string(m, key, code) or ""
        if value and not _COLOUR.fullmatch(value):
            self.fail(
                m, key, code, "bad_value", "Warna harus #rrggbb", "The colour must be #rrggbb"
            )
        return value

    def text(self, m: Mapping[str, Any], key: str, code: str, required: bool = True) -> Text | None:
        value = m.get(key)
        if value is None:
            if required:
                self.fail(
                    m,
                    key,
                    code,
                    "missing_text",
                    f"Teks {key!r} (id dan en) wajib diisi",
                    f"Text {key!r} (id and en) is required",
                )
            return None
        if not isinstance(value, Mapping):
            self.fail(
                m,
                key,
                code,
                "missing_text",
                f"{key!r} harus berisi id dan en",
                f"{key!r} must have id and en",
            )
            return None
        self.unknown(value, {"id", "en"}, code)
        for lang in ("id", "en"):
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                self.fail(
                    value,
                    lang,
                    code,
                    "missing_text",
                    f"Teks {key}.{lang} kosong atau tidak ada",
                    f"Text {key}.{lang} is missing or empty",
                )
        return Text(str(value.get("id") or ""), str(value.get("en") or ""))

    def strings(
        self, m: Mapping[str, Any], key: str, code: str, required: bool = True
    ) -> tuple[str, ...]:
        value = m.get(key)
        if value is None:
            if required:
                self.missing(m, key, code)
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(
                m,
                key,
                code,
                "bad_type",
                f"{key!r} harus daftar teks",
                f"{key!r} must be a list of text",
            )
            return ()
        return tuple(value)

    def mapping(
        self, m: Mapping[str, Any], key: str, code: str, required: bool = True
    ) -> Mapping[str, Any] | None:
        value = m.get(key)
        if value is None:
            if required:
                self.missing(m, key, code)
            return None
        if not isinstance(value, Mapping):
            self.fail(
                m,
                key,
                code,
                "bad_type",
                f"{key!r} harus berupa mapping",
                f"{key!r} must be a mapping",
            )
            return None
        return value

    def mappings(
        self, m: Mapping[str, Any], key: str, code: str, required: bool = True
    ) -> list[Mapping[str, Any]]:
        value = m.get(key)
        if value is None or value == []:
            if required:
                self.missing(m, key, code)
            return []
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.fail(
                m,
                key,
                code,
                "bad_type",
                f"{key!r} harus daftar mapping",
                f"{key!r} must be a list of mappings",
            )
            return []
        return value
