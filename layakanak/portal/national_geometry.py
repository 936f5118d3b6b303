"""The national map's geometry: the shipped TopoJSON, lightened for the whole-country view.

The home page draws all 514 kab/kota at once, at a zoom where one screen pixel covers 0.05° to
0.13° of longitude. At that scale most of the ~7,300 rings of the boundaries are islands smaller
than half a pixel, and arcs carry detail no screen can show; drawing them all kept a phone's main
thread busy for most of a second (Lighthouse, issue 19). This module derives the lighter file
`static/geo/indonesia_national.topojson` from `static/geo/indonesia_admin.topojson`:

- islands (rings) smaller than `MIN_RING` degrees across are left out, except the largest ring
  of each region, so that every kab/kota keeps a shape to point at, focus and click;
- only the kab/kota are kept (they cover the country; the provinces under them are drawn in
  the province view only);
- every arc is simplified with Douglas-Peucker at `TOLERANCE` degrees (a fifth of a pixel on a
  desktop screen at the national zoom). Arcs are shared between neighbours in TopoJSON, so both
  sides of a border stay the same line: no gaps, no overlaps.

The province view of the map (one province, zoomed in) keeps the full file. `layakanak
build_national_geometry` writes the file; a test checks that the shipped one is up to date.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

STATIC_GEO = Path(__file__).resolve().parents[1] / "static" / "geo"
SOURCE = STATIC_GEO / "indonesia_admin.topojson"
TARGET = STATIC_GEO / "indonesia_national.topojson"
TOLERANCE = 0.01  # degrees
MIN_RING = 0.02  # degrees: the larger side of a ring's bounding box

Point = tuple[int, int]


def _decode(arc: list[list[int]]) -> list[Point]:
    x = y = 0
    points = []
    for dx, dy in arc:
        x += dx
        y += dy
        points.append((x, y))
    return points


def _encode(points: list[Point]) -> list[list[int]]:
    encoded, x0, y0 = [], 0, 0
    for x, y in points:
        encoded.append([x - x0, y - y0])
        x0, y0 = x, y
    return encoded


def _simplify(points: list[Point], tolerance: tuple[float, float]) -> list[Point]:
    """Douglas-Peucker in quantized units; `tolerance` is (x, y) units per degree × TOLERANCE,
    compared in degrees so that the anisotropic quantization does not matter."""
    sx, sy = tolerance
    if len(points) <= 2:
        return points
    if points[0] == points[-1]:  # a closed arc: split it at its farthest point first
        far = max(
            range(len(points)),
            key=lambda k: (
                ((points[k][0] - points[0][0]) * sx) ** 2
                + ((points[k][1] - points[0][1]) * sy) ** 2
            ),
        )
        if 0 < far < len(points) - 1:
            head = _simplify(points[: far + 1], tolerance)
            return head + _simplify(points[far:], tolerance)[1:]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last <= first + 1:
            continue
        x1, y1 = points[first][0] * sx, points[first][1] * sy
        x2, y2 = points[last][0] * sx, points[last][1] * sy
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, index = -1.0, -1
        for k in range(first + 1, last):
            x, y = points[k][0] * sx, points[k][1] * sy
            if length == 0:
                distance = math.hypot(x - x1, y - y1)
            else:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            if distance > farthest:
                farthest, index = distance, k
        if farthest > TOLERANCE:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def lighten(topology: dict[str, Any], keep: tuple[str, ...] = ("regencies",)) -> dict[str, Any]:
    """The national-view topology of `topology` (see the module docstring), with the objects
    named in `keep` only: the national view draws the kab/kota, which cover the whole country
    (the provinces under them are drawn for the province view only)."""
    scale_x, scale_y = topology["transform"]["scale"]
    arcs = [_decode(arc) for arc in topology["arcs"]]

    def size(ring: list[int]) -> float:
        points = [p for index in ring for p in arcs[index if index >= 0 else ~index]]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return float(max((max(xs) - min(xs)) * scale_x, (max(ys) - min(ys)) * scale_y))

    objects: dict[str, Any] = {}
    used: dict[int, int] = {}  # old arc index -> new arc index

    def renumber(index: int) -> int:
        old = index if index >= 0 else ~index
        new = used.setdefault(old, len(used))
        return new if index >= 0 else ~new

    for name, collection in topology["objects"].items():
        if name not in keep:
            continue
        geometries = []
        for geometry in collection["geometries"]:
            polygons = _polygons(geometry)
            if not polygons:
                continue
            largest = max(polygons, key=lambda polygon: size(polygon[0]))
            kept = [p for p in polygons if p is largest or size(p[0]) >= MIN_RING]
            kept = [[[renumber(i) for i in ring] for ring in polygon] for polygon in kept]
            shape = (
                {"type": "Polygon", "arcs": kept[0]}
                if len(kept) == 1
                else {"type": "MultiPolygon", "arcs": kept}
            )
            geometries.append({**shape, "properties": geometry.get("properties", {})})
        objects[name] = {"type": "GeometryCollection", "geometries": geometries}
    tolerance = (scale_x, scale_y)
    new_arcs: list[list[list[int]]] = [[] for _ in used]
    for old, new in used.items():
        new_arcs[new] = _encode(_simplify(arcs[old], tolerance))
    return {
        "type": "Topology",
        "bbox": _bbox(new_arcs, topology["transform"]),
        "transform": topology["transform"],
        "objects": objects,
        "arcs": new_arcs,
    }


def _bbox(arcs: list[list[list[int]]], transform: dict[str, Any]) -> list[float]:
    """[west, south, east, north] in degrees: the map fits it without decoding every arc."""
    (scale_x, scale_y), (left, bottom) = transform["scale"], transform["translate"]
    points = [point for arc in arcs for point in _decode(arc)]
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    return [
        round(left + min(xs) * scale_x, 6),
        round(bottom + min(ys) * scale_y, 6),
        round(left + max(xs) * scale_x, 6),
        round(bottom + max(ys) * scale_y, 6),
    ]


def national_topojson(source: Path = SOURCE) -> str:
    """The text of the national-view file, compact and stable (the same input gives the same
    bytes, so the shipped file can be checked)."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    return json.dumps(lighten(topology), separators=(",", ":"), ensure_ascii=False) + "\n"
