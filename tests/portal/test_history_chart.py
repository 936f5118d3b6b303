"""The history chart of a region profile never prints one label over another (issue 19)."""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.utils import translation

from layakanak.portal.chart_labels import Box, place_labels, text_box
from layakanak.portal.charts import history_chart
from layakanak.portal.profiles import HistoryRow

BANDS: list[dict[str, Any]] = [
    {"code": "", "name_id": "Belum berpredikat", "name_en": "No predicate", "order": 0},
    {"code": "pratama", "name_id": "Pratama", "name_en": "Pratama", "order": 1},
    {"code": "madya", "name_id": "Madya", "name_en": "Madya", "order": 2},
    {"code": "nindya", "name_id": "Nindya", "name_en": "Nindya", "order": 3},
    {"code": "utama", "name_id": "Utama", "name_en": "Utama", "order": 4},
    {"code": "kla", "name_id": "KLA (Paripurna)", "name_en": "KLA (Paripurna)", "order": 5},
]


def history(*steps: tuple[int, str, str]) -> list[HistoryRow]:
    bands = {b["code"]: b for b in BANDS}
    return [
        HistoryRow(SimpleNamespace(year=year), bands[code], Decimal(score), "")  # type: ignore[arg-type]
        for year, code, score in steps
    ]


def value_labels(svg: str) -> list[tuple[float, float, str]]:
    return [
        (float(x), float(y), text)
        for x, y, text in re.findall(
            r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle" font-size="14" '
            r'fill="#1b1f24" font-weight="600" stroke="#fff" stroke-width="4" '
            r'paint-order="stroke">([^<]+)</text>',
            svg,
        )
    ]


def test_labels_of_close_points_move_shorten_or_drop_instead_of_overlapping() -> None:
    rows = history(
        (2018, "", "480.50"),
        (2019, "", "490.25"),
        (2021, "", "495.00"),
        (2022, "kla", "903.00"),
        (2023, "kla", "910.75"),
        (2025, "kla", "905.10"),
    )
    with translation.override("id"):
        svg = str(history_chart(rows, BANDS))
    labels = value_labels(svg)
    boxes = [text_box(x, y, text, 14) for x, y, text in labels]
    for i, box in enumerate(boxes):
        for other in boxes[i + 1 :]:
            assert not box.overlaps(other), labels
    texts = [text for _x, _y, text in labels]
    assert texts[0] == "Belum berpredikat · 480,50"  # the first one keeps its place and score
    assert texts[1] == "Belum berpredikat · 490,25" and labels[1][1] > labels[0][1]  # below
    # Its neighbour at the same step has no room left for its full label.
    assert "Belum berpredikat · 495,00" not in texts
    assert len(labels) >= 5
    for year, value in (("2021", "495,00"), ("2023", "910,75")):  # the description says all
        assert f"{year}: " in svg and value in svg


def test_a_label_without_any_free_place_is_dropped() -> None:
    bounds = Box(0, 0, 300, 100)
    points = [(100.0, 50.0), (104.0, 50.0)]
    placed = place_labels(
        points, [["Utama · 899,90", "Utama"], ["Utama"]], font_size=14, bounds=bounds
    )
    assert placed[0] is not None and placed[0].text == "Utama · 899,90"
    assert placed[1] is not None and placed[1].y == 77.0  # moved below its point
    third = place_labels(
        [*points, (102.0, 50.0)],
        [["Utama"], ["Utama"], ["Utama"]],
        font_size=14,
        bounds=bounds,
    )
    assert third[2] is None
