"""Which kab/kota contains a point, from the shipped boundaries (RegionBoundary).

Used by the "use my location" button of the public forms. The coordinates are only a function
argument here: they are not stored, not logged and not put in any audit event (UU 27/2022: a
location is personal data, and a reporter's location can be very sensitive).

The boundaries are simplified (cartographic, not legal), so a point on a coast or right on a
border may fall in the sea or in the neighbour: the person confirms the region in the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.cache import cache

from layakanak.regions.models import Region, RegionBoundary, RegionLevel
from layakanak.regions.queries import boundaries_version

Ring = Sequence[Sequence[float]]


def ring_contains(ring: Ring, x: float, y: float) -> bool:
    """Even-odd ray casting: does the closed ring (a list of [x, y]) contain the point?"""
    inside = False
    count = len(ring)
    if count < 3:
        return False
    x1, y1 = ring[-1][0], ring[-1][1]
    for point in ring:
        x2, y2 = point[0], point[1]
        if (y2 > y) != (y1 > y) and x < (x1 - x2) * (y - y2) / (y1 - y2) + x2:
            inside = not inside
        x1, y1 = x2, y2
    return inside


def polygon_contains(rings: Sequence[Ring], x: float, y: float) -> bool:
    """A GeoJSON polygon: inside the outer ring and outside every hole."""
    if not rings or not ring_contains(rings[0], x, y):
        return False
    return not any(ring_contains(hole, x, y) for hole in rings[1:])


def geometry_contains(geometry: dict[str, Any], longitude: float, latitude: float) -> bool:
    """A GeoJSON Polygon or MultiPolygon in longitude/latitude order."""
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        return polygon_contains(coordinates, longitude, latitude)
    if kind == "MultiPolygon":
        return any(polygon_contains(polygon, longitude, latitude) for polygon in coordinates)
    if kind == "GeometryCollection":
        return any(
            geometry_contains(part, longitude, latitude) for part in geometry.get("geometries", [])
        )
    return False


# The bounding boxes of every kab/kota, cached: reading them takes tens of milliseconds (each
# row's bbox is stored after its large geometry). Boundaries change only with load_regions,
# which renews the boundaries version that is part of the key: a reload never serves stale boxes.
BBOX_CACHE_KEY = "services:locate:regency-bboxes:v1"
BBOX_CACHE_SECONDS = 3600

Box = tuple[int, float, float, float, float]


def _regency_boxes() -> list[Box]:
    rows = RegionBoundary.objects.filter(
        region__level=RegionLevel.REGENCY, region__retired_on__isnull=True
    ).values_list("pk", "bbox")
    return [
        (pk, float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3]))
        for pk, bbox in rows
        if bbox and len(bbox) >= 4
    ]


def regency_at(latitude: float, longitude: float) -> Region | None:
    """The current kab/kota whose boundary contains the point, or None (sea, abroad).

    The cached bounding boxes of every kab/kota, then one query for the geometries of the few
    whose box holds the point."""
    key = f"{BBOX_CACHE_KEY}:{boundaries_version()}"
    boxes: list[Box] = cache.get_or_set(key, _regency_boxes, BBOX_CACHE_SECONDS) or []
    candidates = [
        pk
        for pk, west, south, east, north in boxes
        if west <= longitude <= east and south <= latitude <= north
    ]
    if not candidates:
        return None
    found = (
        RegionBoundary.objects.filter(pk__in=candidates)
        .select_related("region", "region__parent")
        .order_by("region__code")
    )
    for boundary in found:
        if geometry_contains(boundary.geometry, longitude, latitude):
            return boundary.region
    return None
