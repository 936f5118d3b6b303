"""Reading generated PDFs back in tests, without depending on where the layout breaks a line.

`pdf_text` is the text a person reads, in reading order, with every run of whitespace (line
breaks included) collapsed to one space: "tanggal 23 Juli\n2026" and "tanggal 23 Juli 2026"
compare the same, whichever width a region's name gives the line. `squeezed` drops the spaces
too, for letter-spaced headings and codes, whose letters pdftotext may separate.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def _pdftotext(content: bytes, *options: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        done = subprocess.run(
            ["pdftotext", *options, str(path), "-"], capture_output=True, check=True
        )
    return done.stdout.decode("utf-8")


def pdf_text(content: bytes) -> str:
    """The PDF's text in reading order, whitespace (line and page breaks too) collapsed."""
    return " ".join(_pdftotext(content).split())


def squeezed(text: str) -> str:
    """The text without any whitespace."""
    return "".join(text.split())


def pdf_pages(content: bytes) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        done = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(
        next(line for line in done.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )


def decode_qr(content: bytes) -> list[str]:
    """Render the PDF's first page (pdftoppm) and decode its QR codes (zbarimg)."""
    assert shutil.which("zbarimg"), "zbarimg is missing: run scripts/ensure-system-deps"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), f"{folder}/page"],
            check=True,
        )
        image = next(Path(folder).glob("page*.png"))
        done = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
            check=False,
        )
    return [line for line in done.stdout.splitlines() if line]
