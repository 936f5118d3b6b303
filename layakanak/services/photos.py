"""Playground photos: checked by content with Pillow and re-encoded, so that no EXIF, GPS or
other metadata of the camera survives, and resized to a display copy and a thumbnail.

Re-encoding is the only reliable way to drop metadata (EXIF, XMP, IPTC, PNG text chunks, maker
notes): the stored image is built from the decoded pixels alone. The orientation tag is applied
to the pixels first, so the photo still stands the right way up.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from layakanak.lib.filetypes import image_cut_off

MAX_BYTES = 8 * 1024 * 1024
# Refused before the pixels are decoded: a small file can claim a huge picture (decompression bomb).
MAX_PIXELS = 50_000_000
TAIL_BYTES = 2048  # where a complete JPEG's or PNG's end marker must be
DISPLAY_EDGE = 1600
THUMBNAIL_EDGE = 480
JPEG_QUALITY = 85
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png"}

# Shown when the uploader did not confirm; the form and the action both refuse.
NO_CHILD_CONFIRMATION = gettext_lazy("This photo shows no child who can be recognised")
NO_CHILD_REFUSAL = gettext_lazy(
    "The photo was not stored. Confirm that it shows no child who can be recognised. If a child "
    "can be recognised, take another photo without children, or from far away or from behind."
)


class PhotoRefused(Exception):
    """A file that is not stored; the message (translated) says why."""


@dataclass(frozen=True)
class CleanPhoto:
    """A re-encoded photo: the display copy and its thumbnail, without metadata."""

    image: bytes
    thumbnail: bytes
    format: str
    width: int
    height: int

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def clean_photo(fp: IO[bytes], size: int) -> CleanPhoto:
    """Check an uploaded file by its content and return it re-encoded, or raise PhotoRefused."""
    if size == 0:
        raise PhotoRefused(_("The file is empty."))
    if size > MAX_BYTES:
        raise PhotoRefused(
            _("The photo is too large (%(size)s); the limit is %(limit)s.")
            % {"size": _megabytes(size), "limit": _megabytes(MAX_BYTES)}
        )
    fp.seek(0)
    try:
        opened = Image.open(fp)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise PhotoRefused(_("This file is not a photo. Upload a JPEG or PNG photo.")) from None
    with opened as image:
        if image.format not in CONTENT_TYPES:
            raise PhotoRefused(
                _("A %(kind)s image is not accepted. Upload a JPEG or PNG photo.")
                % {"kind": image.format or "?"}
            )
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise PhotoRefused(
                _("The photo has too many pixels (%(width)s × %(height)s). Make it smaller first.")
                % {"width": width, "height": height}
            )
        photo_format = str(image.format)
        fp.seek(max(size - TAIL_BYTES, 0))
        if image_cut_off("jpg" if photo_format == "JPEG" else "png", fp.read(TAIL_BYTES)):
            raise PhotoRefused(
                _("The photo is damaged or incomplete. Save it again and upload it again.")
            )
        if photo_format == "JPEG":
            # Decode JPEGs straight at a reduced scale: less memory for big camera photos.
            image.draft("RGB", (DISPLAY_EDGE * 2, DISPLAY_EDGE * 2))
        try:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            pixels = _pixels_only(upright, photo_format)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise PhotoRefused(
                _("The photo is damaged or incomplete. Save it again and upload it again.")
            ) from None
    pixels.thumbnail((DISPLAY_EDGE, DISPLAY_EDGE), Image.Resampling.LANCZOS)
    small = pixels.copy()
    small.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
    return CleanPhoto(
        image=_encode(pixels, photo_format),
        thumbnail=_encode(small, photo_format),
        format=photo_format,
        width=pixels.width,
        height=pixels.height,
    )


def _pixels_only(image: Image.Image, photo_format: str) -> Image.Image:
    """A new image made of the pixels alone: no info dictionary, EXIF, ICC or text chunks."""
    if photo_format == "JPEG":
        mode = "L" if image.mode == "L" else "RGB"
    else:
        mode = "RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB"
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _encode(image: Image.Image, photo_format: str) -> bytes:
    out = io.BytesIO()
    if photo_format == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()
