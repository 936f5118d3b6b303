"""The national map's lightened geometry (portal/national_geometry.py) is derived from the
shipped boundaries and kept up to date with them."""

from __future__ import annotations

import json

from layakanak.portal.national_geometry import SOURCE, TARGET, national_topojson


def test_the_shipped_national_geometry_is_up_to_date() -> None:
    assert TARGET.read_text(encoding="utf-8") == national_topojson(SOURCE), (
        "run `layakanak build_national_geometry` after changing the boundaries"
    )


def test_every_kab_kota_keeps_a_shape_with_far_fewer_points() -> None:
    full = json.loads(SOURCE.read_text(encoding="utf-8"))
    light = json.loads(TARGET.read_text(encoding="utf-8"))
    codes = [g["properties"]["code"] for g in full["objects"]["regencies"]["geometries"]]
    kept = light["objects"]["regencies"]["geometries"]
    assert [g["properties"]["code"] for g in kept] == codes  # all 514, in the same order
    assert all(g["type"] in ("Polygon", "MultiPolygon") and g["arcs"] for g in kept)
    assert "provinces" not in light["objects"]  # the kab/kota cover the country
    points = sum(len(arc) for arc in light["arcs"])
    assert points < sum(len(arc) for arc in full["arcs"]) / 2
    west, south, east, north = light["bbox"]
    assert 94 < west < 96 and 140 < east < 142 and -12 < south < -10 and 5 < north < 7
