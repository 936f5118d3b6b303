"""Server-rendered SVG charts of the portal (ARCHITECTURE.md: charts need no JavaScript, print in
PDFs and carry their own text alternative).

Predicates are drawn with their band colour AND a pattern, so that a chart stays readable in
greyscale and for colour-blind readers; every chart also has a table next to it on the page.
The patterns are defined once per page by `pattern_defs` (template tag `predicate_patterns`)
and referenced as `url(#pp-<band code>)` by the charts, the legend swatches and the map.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from layakanak.core.locale import side
from layakanak.portal.chart_labels import GLYPH_WIDTH, Box, place_labels, text_box
from layakanak.portal.profiles import HistoryRow, ScoreRow
from layakanak.portal.queries import BandCount, CycleTotals

INK = "#1b1f24"
MUTED = "#58606b"
LINE = "#d5dbe1"
# One pattern per band position (band "order" in the instrument): the lowest band is plain.
PATTERNS = ("solid", "dots", "diagonal", "horizontal", "cross", "vertical")
ABSENT = "absent"  # kab/kota without a result in the publication (did not take part)


def _hex(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except (ValueError, IndexError):
        return 189, 189, 189


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else float(((s + 0.055) / 1.055) ** 2.4)

    r, g, b = _hex(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ink_on(colour: str) -> str:
    """Dark or white text, whichever contrasts more with the band colour."""
    light = luminance(colour)
    return INK if (light + 0.05) / (luminance(INK) + 0.05) >= 1.05 / (light + 0.05) else "#ffffff"


def pattern_id(code: str) -> str:
    return f"pp-{code or 'none'}"


def pattern_kind(band: dict[str, Any]) -> str:
    return PATTERNS[int(band.get("order", 0)) % len(PATTERNS)] if band.get("code") else "solid"


def _pattern(code: str, colour: str, kind: str) -> str:
    stroke = "rgba(0,0,0,0.45)" if ink_on(colour) == INK else "rgba(255,255,255,0.7)"
    marks = {
        "solid": "",
        "dots": f'<circle cx="3" cy="3" r="1.3" fill="{stroke}"/>',
        "diagonal": f'<path d="M-1 7L7 -1" stroke="{stroke}" stroke-width="1.4"/>',
        "horizontal": f'<path d="M0 3H6" stroke="{stroke}" stroke-width="1.4"/>',
        "cross": (f'<path d="M0 0L6 6M6 0L0 6" stroke="{stroke}" stroke-width="1"/>'),
        "vertical": f'<path d="M3 0V6" stroke="{stroke}" stroke-width="1.4"/>',
        ABSENT: f'<path d="M-1 7L7 -1" stroke="{stroke}" stroke-width="0.8"/>',
    }[kind]
    return (
        f'<pattern id="{pattern_id(code)}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{escape(colour)}"/>{marks}</pattern>'
    )


def _symbol(code: str) -> str:
    """The legend swatch of a band, drawn once and reused by `swatch` (keeps a 514-row table
    light)."""
    return (
        f'<symbol id="sw-{code or "none"}" viewBox="0 0 18 18"><rect x="0.5" y="0.5" '
        f'width="17" height="17" rx="2" fill="url(#{pattern_id(code)})" stroke="{MUTED}"/>'
        "</symbol>"
    )


def pattern_defs(bands: Iterable[dict[str, Any]]) -> SafeString:
    """A zero-size SVG defining the pattern and swatch of every band (and of "did not take
    part")."""
    seen: set[str] = set()
    parts = []
    for band in bands:
        code = str(band.get("code", ""))
        if code in seen:
            continue
        seen.add(code)
        parts.append(_pattern(code, str(band.get("colour") or "#bdbdbd"), pattern_kind(band)))
        parts.append(_symbol(code))
    parts.append(_pattern(ABSENT, "#ffffff", ABSENT))
    parts.append(_symbol(ABSENT))
    return mark_safe(  # noqa: S308  (built from escaped colours and fixed markup)
        '<svg class="pattern-defs" aria-hidden="true" focusable="false" width="0" height="0">'
        f"<defs>{''.join(parts)}</defs></svg>"
    )


def swatch(band: dict[str, Any]) -> SafeString:
    """A legend swatch: the band's colour and pattern in a small square (the symbol defined by
    `pattern_defs`)."""
    return format_html(
        '<svg class="swatch" aria-hidden="true" width="18" height="18"><use href="#sw-{}"/></svg>',
        str(band.get("code", "")) or "none",
    )


def band_name(band: dict[str, Any]) -> str:
    return side(str(band["name_id"]), str(band["name_en"]))


def _number(value: Decimal | int | None, decimals: int = 0) -> str:
    from django.utils.formats import number_format

    if value is None:
        return "–"
    return str(number_format(value, decimal_pos=decimals, force_grouping=True))


def _svg(width: int, height: int, title: str, desc: str, body: str, css: str) -> SafeString:
    return format_html(
        '<svg class="chart {css}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-label="{title}"><title>{title}</title><desc>{desc}</desc>{body}</svg>',
        css=css,
        w=width,
        h=height,
        title=title,
        desc=desc,
        body=mark_safe(body),  # noqa: S308  (every text inside was escaped when built)
    )


# --- History of one region: the predicate ladder across cycles -------------------------------


def history_chart(rows: Sequence[HistoryRow], bands: Sequence[dict[str, Any]]) -> SafeString:
    """A step chart of the region's predicate per cycle on the ladder of predicates."""
    if not rows:
        return SafeString("")
    ladder = list(bands)  # no predicate first, then awarded bands lowest → highest
    step = 32
    left, top, right, bottom = 160, 24, 24, 52
    plot_h = step * len(ladder)
    years_y = top + plot_h + 40  # below room for a label under a point of the lowest step
    width = max(480, left + right + 120 * len(rows))
    height = top + plot_h + bottom
    x_step = (width - left - right) / max(len(rows), 1)

    def y_of(band: dict[str, Any]) -> float:
        codes = [b["code"] for b in ladder]
        index = codes.index(band["code"]) if band["code"] in codes else 0
        return top + plot_h - step * index - step / 2

    parts = []
    for index, band in enumerate(ladder):
        y = top + plot_h - step * (index + 1)
        parts.append(
            f'<rect x="{left}" y="{y}" width="{width - left - right}" height="{step}" '
            f'fill="url(#{pattern_id(band["code"])})" opacity="0.28"/>'
            f'<text x="{left - 8}" y="{y + step / 2 + 5}" text-anchor="end" '
            f'font-size="15" fill="{INK}">{escape(band_name(band))}</text>'
        )
    points = []
    texts = []
    for i, row in enumerate(rows):
        x = left + x_step * i + x_step / 2
        points.append((x, y_of(row.band)))
        label = band_name(row.band)
        score = f" · {_number(row.score, 2)}" if row.score is not None else ""
        texts.append([label + score, label] if score else [label])
        parts.append(
            f'<text x="{x:.1f}" y="{years_y}" text-anchor="middle" '
            f'font-size="15" fill="{INK}">{escape(row.publication.year)}</text>'
        )
    # Close points (neighbouring cycles on nearby steps, long band names) would print their
    # labels over each other: each label moves below its point, loses its score or is left out
    # (the table below the chart and its description have every value).
    ladder_names = []  # the band names left of the plot, right-aligned at left - 8
    for band in ladder:
        name = band_name(band)
        centre = left - 8 - len(name) * 15 * GLYPH_WIDTH / 2
        ladder_names.append(text_box(centre, y_of(band) + 5, name, 15))
    room = Box(left, 0, width - 4, years_y - 16)  # the plot, above the years
    for placed in place_labels(
        points, texts, font_size=14, bounds=room, marker_radius=9, obstacles=ladder_names
    ):
        if placed is not None:
            parts.append(
                f'<text x="{placed.x:.1f}" y="{placed.y:.1f}" text-anchor="middle" '
                f'font-size="14" fill="{INK}" font-weight="600" stroke="#fff" stroke-width="4" '
                f'paint-order="stroke">{escape(placed.text)}</text>'
            )
    if len(points) > 1:
        path = " ".join(
            ("M" if i == 0 else "L") + f"{px:.1f} {py:.1f}" for i, (px, py) in enumerate(points)
        )
        parts.insert(
            len(ladder),
            f'<path d="{path}" fill="none" stroke="{INK}" stroke-width="2.5"/>',
        )
    for (px, py), row in zip(points, rows, strict=True):
        fill = f"url(#{pattern_id(row.band['code'])})"
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="7" fill="{fill}" '
            f'stroke="{INK}" stroke-width="2"/>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="{MUTED}"/>'
    )
    description = "; ".join(
        f"{row.publication.year}: {band_name(row.band)}"
        + (f" ({_number(row.score, 2)})" if row.score is not None else "")
        for row in rows
    )
    return _svg(
        width, height, _("Predicate per cycle"), description, "".join(parts), "chart-history"
    )


# --- Components against the medians ---------------------------------------------------------


def component_chart(rows: Sequence[ScoreRow]) -> SafeString:
    """Horizontal bars: the region's share of each component's maximum, with ticks for the
    province and national medians. The component's name stands above its bar."""
    rows = [r for r in rows if r.maximum]
    if not rows:
        return SafeString("")
    left, right, top, row_h = 4, 52, 36, 50
    width = 480
    plot_w = width - left - right
    height = top + row_h * len(rows) + 4
    # Key: bar = this region, ▲ province median, ○ national median. (Labels outside the
    # f-strings: xgettext does not read inside them.)
    this_region = escape(_("This region"))
    province_median = escape(_("Province median"))
    national_median = escape(_("National median"))
    parts = [
        f'<rect x="{left}" y="6" width="14" height="12" fill="#0b5394"/>'
        f'<text x="{left + 20}" y="17" font-size="14" fill="{INK}">{this_region}</text>'
        f'<path d="M{left + 140} 19l7 -12l7 12z" fill="{INK}"/>'
        f'<text x="{left + 158}" y="17" font-size="14" fill="{INK}">{province_median}</text>'
        f'<circle cx="{left + 318}" cy="12" r="6" fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
        f'<text x="{left + 330}" y="17" font-size="14" fill="{INK}">{national_median}</text>'
    ]
    for i, row in enumerate(rows):
        maximum = row.maximum or Decimal(1)
        y = top + i * row_h
        name = side(row.name_id, row.name_en)
        name = name if len(name) <= 54 else name[:52].rstrip(" ,") + "…"  # in full in the table
        share = float(min(row.score / maximum, Decimal(1)))
        parts.append(
            f'<text x="{left}" y="{y + 13}" font-size="14" fill="{INK}">{escape(name)}</text>'
            f'<rect x="{left}" y="{y + 19}" width="{plot_w}" height="16" fill="#eef2f5" '
            f'stroke="{LINE}"/>'
            f'<rect x="{left}" y="{y + 19}" width="{plot_w * share:.1f}" height="16" '
            f'fill="#0b5394"/>'
            f'<text x="{width - right + 6}" y="{y + 32}" font-size="14" fill="{INK}">'
            f"{escape(_number(row.percent))}%</text>"
        )
        if row.province_median is not None:
            x = left + plot_w * float(min(row.province_median / maximum, Decimal(1)))
            parts.append(f'<path d="M{x:.1f} {y + 35}l6 10h-12z" fill="{INK}"/>')
        if row.national_median is not None:
            x = left + plot_w * float(min(row.national_median / maximum, Decimal(1)))
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y + 27}" r="6" fill="#ffffff" stroke="{INK}" '
                f'stroke-width="2"/>'
            )
    description = "; ".join(
        f"{side(row.name_id, row.name_en)}: {_number(row.score, 2)} / {_number(row.maximum, 0)}"
        for row in rows
    )
    return _svg(
        width,
        height,
        _("Component scores as a share of their maximum"),
        description,
        "".join(parts),
        "chart-components",
    )


# --- Counts per predicate -------------------------------------------------------------------


def distribution_chart(counts: Sequence[BandCount], title: str) -> SafeString:
    """Horizontal bars of the number of kab/kota per predicate."""
    if not counts:
        return SafeString("")
    left, right, top, row_h = 150, 44, 8, 32
    width = 440
    plot_w = width - left - right
    height = top + row_h * len(counts) + 6
    largest = max((c.count or 0 for c in counts), default=0) or 1
    parts = []
    for i, item in enumerate(counts):
        y = top + i * row_h
        bar = plot_w * (item.count or 0) / largest
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="14" '
            f'fill="{INK}">{escape(band_name(item.band))}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{max(bar, 1):.1f}" height="18" '
            f'fill="url(#{pattern_id(item.band["code"])})" stroke="{MUTED}" stroke-width="0.5"/>'
            f'<text x="{left + bar + 6:.1f}" y="{y + 17}" font-size="14" fill="{INK}" '
            f'font-weight="600">{escape(_number(item.count))}</text>'
        )
    description = "; ".join(f"{band_name(c.band)}: {_number(c.count)}" for c in counts)
    return _svg(width, height, title, description, "".join(parts), "chart-distribution")


def national_chart(bands: Sequence[dict[str, Any]], rows: Sequence[CycleTotals]) -> SafeString:
    """Stacked bars of kab/kota per awarded predicate per cycle (lowest predicate at the
    bottom). A year whose split is unknown shows its known segments and says so."""
    if not rows:
        return SafeString("")
    left, right, top, bottom = 48, 16, 28, 46
    width = max(520, left + right + 96 * len(rows))
    plot_h = 300
    height = top + plot_h + bottom
    largest = max((r.awarded or sum(c.count or 0 for c in r.counts) for r in rows), default=0)
    scale_max = max(50, ((largest + 49) // 50) * 50)
    slot = (width - left - right) / len(rows)
    bar_w = min(56.0, slot * 0.6)
    parts = []
    for tick in range(0, scale_max + 1, 50 if scale_max <= 400 else 100):
        y = top + plot_h - plot_h * tick / scale_max
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{LINE}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="13" '
            f'fill="{MUTED}">{escape(_number(tick))}</text>'
        )
    for i, row in enumerate(rows):
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h
        for item in row.counts:
            if not item.count:
                continue
            h = plot_h * item.count / scale_max
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="url(#{pattern_id(item.band["code"])})" stroke="#ffffff" '
                f'stroke-width="0.8"/>'
            )
            if h >= 16:
                colour = str(item.band.get("colour") or "#bdbdbd")
                parts.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{y + h / 2 + 4:.1f}" text-anchor="middle" '
                    f'font-size="13" font-weight="700" fill="{ink_on(colour)}" '
                    f'paint-order="stroke" stroke="{colour}" stroke-width="3">'
                    f"{escape(_number(item.count))}</text>"
                )
        total = row.awarded
        # "?": the split by predicate was not published (the page explains it under the chart).
        label = _number(total) if total is not None else "?"
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{y - 6:.1f}" text-anchor="middle" '
            f'font-size="14" font-weight="700" fill="{INK}">{escape(label)}</text>'
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
            f'font-size="15" fill="{INK}">{escape(row.publication.year)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="{MUTED}"/>'
    )
    unknown = _("split not published")
    description = "; ".join(
        f"{row.publication.year}: "
        + ", ".join(
            f"{band_name(c.band)} {_number(c.count) if c.count is not None else unknown}"
            for c in row.counts
        )
        for row in rows
    )
    return _svg(
        width,
        height,
        _("Kab/kota per predicate in each cycle"),
        description,
        "".join(parts),
        "chart-national",
    )
