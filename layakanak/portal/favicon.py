"""/favicon.ico: every browser asks for it on every page, whatever the page links.

The icon is one shipped PNG (`favicon.png`, 32 × 32) wrapped in an ICO container: an ICO file
may hold PNG images, which every current browser reads. Without it each page view logged a 404
and Lighthouse counted it as a console error."""

from __future__ import annotations

import functools
import struct
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

PNG = Path(__file__).with_name("favicon.png")
MAX_AGE = 7 * 24 * 3600  # a week: the icon rarely changes and has no versioned name


@functools.cache
def icon_bytes() -> bytes:
    """The ICO file: a header, one directory entry and the PNG image."""
    png = PNG.read_bytes()
    width, height = struct.unpack(">II", png[16:24])  # the PNG's IHDR chunk
    header = struct.pack("<HHH", 0, 1, 1)  # reserved, type 1 (icon), one image
    offset = len(header) + 16
    # Width and height 0 mean 256; 1 colour plane, 32 bits per pixel.
    entry = struct.pack("<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(png), offset)
    return header + entry + png


def favicon(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(icon_bytes(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
