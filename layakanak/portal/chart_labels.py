"""Where the value labels of a server-rendered chart go, so that none covers another.

The SVG is drawn without a browser, so text is measured by an estimate: the average advance of
a sans-serif glyph is about 0.6 of the font size (bold, digits and capitals included), which
errs on the wide side for the short labels charts carry. Each label tries its places in order
(above its point, then below; near a side of the plot it slides inwards); when none is free it
is shortened (the score left out), and when
even that collides it is dropped. The chart's description and the table beside every chart say
every value, so a dropped label loses nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

GLYPH_WIDTH = 0.6  # × font size
PADDING = 2.0  # free space kept above and below each label
GAP = 7.0  # free space kept left and right of each label: two labels never read as one


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


@dataclass(frozen=True)
class Label:
    x: float  # centre of the text (text-anchor="middle")
    y: float  # baseline
    text: str


def text_box(x: float, baseline: float, text: str, font_size: float) -> Box:
    """The box a centred text line covers, padded."""
    half = len(text) * font_size * GLYPH_WIDTH / 2 + GAP
    return Box(x - half, baseline - font_size - PADDING, x + half, baseline + PADDING)


def place_labels(
    points: Sequence[tuple[float, float]],
    texts: Sequence[Sequence[str]],
    *,
    font_size: float,
    bounds: Box,
    marker_radius: float = 0.0,
    offsets: Sequence[float] = (-12.0, 27.0),
    obstacles: Sequence[Box] = (),
) -> list[Label | None]:
    """One label (or None) per point. `texts[i]` lists the texts of point i from the fullest to
    the shortest; `offsets` are the baselines to try, relative to the point. A label stays
    inside `bounds`, off every marker (a circle of `marker_radius` around each point) and off
    the `obstacles` (other text of the chart)."""
    taken = [
        *obstacles,
        *(
            Box(x - marker_radius, y - marker_radius, x + marker_radius, y + marker_radius)
            for x, y in points
        ),
    ]
    labels: list[Label | None] = []
    for (x, y), choices in zip(points, texts, strict=True):
        placed: Label | None = None
        for text in choices:
            for offset in offsets:
                # A label near the side of the plot slides inwards rather than out of it.
                half = text_box(0, 0, text, font_size).right
                centre = min(max(x, bounds.left + half), bounds.right - half)
                box = text_box(centre, y + offset, text, font_size)
                inside = (
                    box.left >= bounds.left - 0.01
                    and box.right <= bounds.right + 0.01
                    and box.top >= bounds.top
                    and box.bottom <= bounds.bottom
                )
                if inside and not any(box.overlaps(other) for other in taken):
                    placed = Label(centre, y + offset, text)
                    taken.append(box)
                    break
            if placed is not None:
                break
        labels.append(placed)
    return labels
