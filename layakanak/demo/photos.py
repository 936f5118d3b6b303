"""Drawn pictures of an empty playground for the demo (no people, no camera metadata)."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

SIZE = (1200, 800)


def playground_picture(seed: int) -> bytes:
    """A JPEG of a playground under a tropical sky: slide, swings, a tree, a bench."""
    rng = random.Random(seed)  # noqa: S311 (a drawing, not a secret)
    width, height = SIZE
    image = Image.new("RGB", SIZE, (135, 196, 235))
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.58)
    for y in range(horizon):  # a sky that pales towards the horizon
        shade = int(60 * y / horizon)
        draw.line([(0, y), (width, y)], fill=(120 + shade, 190 + shade // 2, 235))
    draw.ellipse([width - 220, 60, width - 120, 160], fill=(255, 214, 90))
    for _ in range(3):
        x, y = rng.randint(40, width - 300), rng.randint(40, 200)
        for dx, r in ((0, 38), (40, 50), (90, 36)):
            draw.ellipse([x + dx - r, y - r, x + dx + r, y + r], fill=(250, 250, 252))
    draw.rectangle([0, horizon, width, height], fill=(96, 168, 72))
    draw.rectangle([0, int(height * 0.8), width, height], fill=(210, 180, 130))  # soft ground
    _tree(draw, rng.randint(60, 180), horizon + 40)
    _slide(draw, 300 + rng.randint(-30, 30), horizon + 170, (rng.choice(_COLOURS)))
    _swings(draw, 700 + rng.randint(-30, 30), horizon + 190)
    _bench(draw, 1045, horizon + 200)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


_COLOURS = [(230, 80, 60), (250, 170, 40), (70, 120, 220)]


def _tree(draw: ImageDraw.ImageDraw, x: int, base: int) -> None:
    draw.rectangle([x - 14, base - 150, x + 14, base], fill=(110, 75, 45))
    for dx, dy, r in ((0, -200, 85), (-60, -150, 65), (60, -150, 65)):
        draw.ellipse([x + dx - r, base + dy - r, x + dx + r, base + dy + r], fill=(46, 125, 50))


def _slide(draw: ImageDraw.ImageDraw, x: int, base: int, colour: tuple[int, int, int]) -> None:
    top = base - 220
    draw.rectangle([x, top, x + 70, top + 14], fill=(90, 90, 100))  # platform
    for post in (x, x + 66):
        draw.rectangle([post, top, post + 6, base], fill=(90, 90, 100))
    for step in range(top + 30, base, 30):  # ladder
        draw.line([(x - 30, step), (x, step)], fill=(90, 90, 100), width=5)
    draw.line([(x - 30, top + 10), (x - 30, base)], fill=(90, 90, 100), width=6)
    draw.polygon([(x + 70, top), (x + 84, top), (x + 260, base - 10), (x + 240, base)], fill=colour)


def _swings(draw: ImageDraw.ImageDraw, x: int, base: int) -> None:
    top = base - 250
    draw.line([(x, base), (x + 60, top)], fill=(70, 70, 80), width=10)
    draw.line([(x + 320, base), (x + 260, top)], fill=(70, 70, 80), width=10)
    draw.line([(x + 55, top), (x + 265, top)], fill=(70, 70, 80), width=12)
    for seat in (x + 110, x + 200):
        draw.line([(seat, top), (seat, base - 70)], fill=(60, 60, 60), width=3)
        draw.line([(seat + 40, top), (seat + 40, base - 70)], fill=(60, 60, 60), width=3)
        draw.rectangle([seat - 5, base - 75, seat + 45, base - 62], fill=(250, 170, 40))


def _bench(draw: ImageDraw.ImageDraw, x: int, base: int) -> None:
    draw.rectangle([x, base - 60, x + 140, base - 48], fill=(150, 100, 60))
    draw.rectangle([x, base - 95, x + 140, base - 83], fill=(150, 100, 60))
    for leg in (x + 10, x + 122):
        draw.rectangle([leg, base - 60, leg + 8, base], fill=(80, 80, 80))
