"""Reading and validating the region files shipped in `layakanak/regions/data/`.

Everything is checked before anything is written: a malformed file stops the load with a message
naming the file, the line and the problem. Framework-free so it can be tested on its own.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layakanak.lib.codes import Level, is_valid_code, parent_code

DATA_DIR = Path(__file__).resolve().parent / "data"

# file name, expected header, level
FILES: tuple[tuple[str, tuple[str, ...], Level], ...] = (
    ("provinces.csv", ("code", "name"), Level.PROVINCE),
    ("regencies.csv", ("code", "province_code", "name", "name_short", "type"), Level.REGENCY),
    ("districts.csv", ("code", "regency_code", "name"), Level.DISTRICT),
    ("villages.csv", ("code", "district_code", "name", "type"), Level.VILLAGE),
)
BOUNDARY_FILES: tuple[tuple[str, Level], ...] = (
    ("provinces.geojson", Level.PROVINCE),
    ("regencies.geojson", Level.REGENCY),
)
VILLAGE_TYPES = {"desa", "kelurahan", "desa_adat"}
MAX_ERRORS = 20


class RegionFileError(Exception):
    """One or more problems in the region files; nothing has been written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class RegionRecord:
    code: str
    level: Level
    type: str
    name: str
    name_short: str
    parent_code: str | None


@dataclass(frozen=True)
class BoundaryRecord:
    code: str
    geometry: dict[str, Any]
    bbox: tuple[float, float, float, float]
    sha256: str


@dataclass
class RegionData:
    regions: dict[Level, list[RegionRecord]] = field(default_factory=dict)
    boundaries: list[BoundaryRecord] = field(default_factory=list)


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RegionFileError(
            [f"{path.name}, line {line}: not valid UTF-8 text (byte {exc.start})"]
        ) from None


def _read_csv(
    path: Path,
    header: tuple[str, ...],
    level: Level,
    known_parents: set[str] | None,
    problems: list[str],
) -> list[RegionRecord]:
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    first = next(reader, None)
    if first is None or tuple(col.strip() for col in first) != header:
        problems.append(
            f"{path.name}, line 1: expected the header {','.join(header)!r}, "
            f"found {','.join(first or [])!r}"
        )
        return []
    seen: dict[str, int] = {}
    records: list[RegionRecord] = []
    for row in reader:
        line = reader.line_num
        if len(problems) >= MAX_ERRORS:
            break
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                f"{path.name}, line {line}: expected {len(header)} fields, found {len(row)}"
            )
            continue
        values = dict(zip(header, (cell.strip() for cell in row), strict=True))
        code = values["code"]
        if not is_valid_code(code, level):
            problems.append(f"{path.name}, line {line}: {code!r} is not a {level.value} code")
            continue
        if code in seen:
            problems.append(
                f"{path.name}, line {line}: duplicate code {code} (first on line {seen[code]})"
            )
            continue
        seen[code] = line
        if not values["name"]:
            problems.append(f"{path.name}, line {line}: code {code} has no name")
            continue
        parent = parent_code(code)
        parent_column = {
            Level.REGENCY: "province_code",
            Level.DISTRICT: "regency_code",
            Level.VILLAGE: "district_code",
        }.get(level)
        if parent_column and values[parent_column] != parent:
            problems.append(
                f"{path.name}, line {line}: {parent_column} {values[parent_column]!r} "
                f"does not match code {code}"
            )
            continue
        if known_parents is not None and parent not in known_parents:
            problems.append(f"{path.name}, line {line}: parent {parent} of {code} does not exist")
            continue
        region_type = _region_type(level, code, values)
        if region_type is None:
            problems.append(
                f"{path.name}, line {line}: type {values.get('type')!r} is not valid for {code}"
            )
            continue
        records.append(
            RegionRecord(
                code=code,
                level=level,
                type=region_type,
                name=values["name"],
                name_short=values.get("name_short", ""),
                parent_code=parent,
            )
        )
    return records


def _region_type(level: Level, code: str, values: dict[str, str]) -> str | None:
    if level is Level.PROVINCE:
        return "provinsi"
    if level is Level.DISTRICT:
        return "kecamatan"
    given = values["type"]
    if level is Level.REGENCY:
        # Kemendagri: kabupaten 01-69, kota 71-99 in the second segment.
        expected = "kota" if int(code[3:5]) >= 71 else "kabupaten"
        return given if given == expected else None
    return given if given in VILLAGE_TYPES else None


def _bbox(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []

    def walk(node: Any) -> None:
        if node and isinstance(node[0], int | float):
            xs.append(float(node[0]))
            ys.append(float(node[1]))
        else:
            for child in node:
                walk(child)

    walk(geometry["coordinates"])
    return (min(xs), min(ys), max(xs), max(ys))


def _read_boundaries(path: Path, known: set[str], problems: list[str]) -> list[BoundaryRecord]:
    try:
        document = json.loads(_decode(path))
    except json.JSONDecodeError as exc:
        problems.append(f"{path.name}, line {exc.lineno}: not valid JSON ({exc.msg})")
        return []
    records = []
    for index, feature in enumerate(document.get("features", []), start=1):
        properties = feature.get("properties") or {}
        code = str(properties.get("code", properties.get("province_code", "")))
        geometry = feature.get("geometry") or {}
        if code not in known:
            problems.append(f"{path.name}, feature {index}: unknown region code {code!r}")
            continue
        if geometry.get("type") not in {"Polygon", "MultiPolygon"} or not geometry.get(
            "coordinates"
        ):
            problems.append(f"{path.name}, feature {index} ({code}): not a (multi)polygon")
            continue
        canonical = json.dumps(geometry, separators=(",", ":"), sort_keys=True)
        records.append(
            BoundaryRecord(
                code=code,
                geometry=geometry,
                bbox=_bbox(geometry),
                sha256=hashlib.sha256(canonical.encode()).hexdigest(),
            )
        )
    return records


def read_region_files(directory: Path = DATA_DIR, *, boundaries: bool = True) -> RegionData:
    """Read and validate all region files; raise RegionFileError listing every problem found."""
    problems: list[str] = []
    data = RegionData()
    known: set[str] | None = None
    all_codes: set[str] = set()
    for name, header, level in FILES:
        path = directory / name
        if not path.exists():
            problems.append(f"{name}: file not found in {directory}")
            break
        records = _read_csv(path, header, level, known, problems)
        if problems:
            break
        data.regions[level] = records
        known = {record.code for record in records}
        all_codes |= known
    if not problems and boundaries:
        for name, _level in BOUNDARY_FILES:
            path = directory / name
            if path.exists():
                data.boundaries.extend(_read_boundaries(path, all_codes, problems))
    if problems:
        raise RegionFileError(problems)
    return data
