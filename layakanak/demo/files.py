"""Small, real sample documents for the demonstration's evidence (data dukung).

Each file names the region, the cycle, the question and the evidence it stands for, and says
plainly that it is a demonstration document. They are built by hand (a one-page PDF with a
correct cross-reference table, a minimal XLSX and DOCX, a tiny PNG) because thousands are
needed in seconds; every one passes the platform's content checks (`filetypes.check_file`).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

DEMO_NOTE = "DOKUMEN DEMONSTRASI - dibuat otomatis, bukan dokumen resmi."


@dataclass(frozen=True)
class DocumentText:
    """What a sample document says."""

    region: str  # e.g. "Kota Balikpapan"
    cycle: str  # e.g. "Evaluasi KLA 2026"
    question: str  # question code
    title: str  # the evidence requirement's label


def _latin1(text: str) -> str:
    replaced = text.replace("–", "-").replace("—", "-").replace("’", "'").replace("“", '"')
    return replaced.replace("”", '"').encode("latin-1", "replace").decode("latin-1")


def _pdf_string(text: str) -> bytes:
    escaped = _latin1(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def pdf_document(text: DocumentText) -> bytes:
    """A one-page A4 PDF: letterhead, title, a short body and the demonstration note."""
    ops: list[bytes] = [b"0.13 0.30 0.55 rg 0 792 595 50 re f"]

    def line(x: int, y: int, size: int, content: str, font: str = "F1") -> None:
        ops.append(
            b"BT /%s %d Tf %d %d Td " % (font.encode(), size, x, y)
            + _pdf_string(content)
            + b" Tj ET"
        )

    ops.append(b"1 1 1 rg")
    line(50, 810, 14, f"PEMERINTAH {text.region.upper()}", "F2")
    ops.append(b"0 0 0 rg")
    line(50, 750, 10, f"{text.cycle} - pertanyaan {text.question}")
    y = 720
    for part in _wrap(text.title, 70):
        line(50, y, 14, part, "F2")
        y -= 20
    body = (
        f"Dokumen ini menyertai jawaban {text.region} atas pertanyaan {text.question} dalam "
        f"{text.cycle}. Isi dokumen asli (regulasi, laporan, daftar hadir, foto kegiatan) "
        "dilampirkan oleh Gugus Tugas KLA melalui perangkat daerah penanggung jawab."
    )
    y -= 10
    for part in _wrap(body, 85):
        line(50, y, 10, part)
        y -= 15
    y -= 40
    for part in (
        f"Ditetapkan di {text.region}",
        "KETUA GUGUS TUGAS KLA",
        "",
        "",
        "(tanda tangan dan cap)",
    ):
        line(360, y, 10, part)
        y -= 15
    ops.append(b"0.75 0.1 0.1 rg")
    line(50, 80, 10, DEMO_NOTE, "F2")
    content = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Title " + _pdf_string(text.title[:120]) + b" /Producer (Layak Anak demo) >>",
    ]
    return pdf_from_objects(objects, info=True)


def pdf_from_objects(objects: list[bytes], *, info: bool = False) -> bytes:
    """A PDF file of the given object bodies, numbered from 1 (the first must be the catalog),
    with a correct cross-reference table; with `info`, the last object is the document
    information dictionary. Also used by the tests' and the benchmarks' generated files."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info:
        trailer += b" /Info %d 0 R" % len(objects)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def xlsx_document(text: DocumentText, rows: Sequence[Sequence[object]]) -> bytes:
    """A one-sheet workbook: a title row, the demonstration note, then `rows`."""
    subtitle = f"{text.region} - {text.cycle} - pertanyaan {text.question}"
    table: list[list[object]] = [[text.title], [subtitle], [DEMO_NOTE], []]
    table += [list(row) for row in rows]
    sheet_rows = []
    for r, row in enumerate(table, start=1):
        cells = "".join(_cell(f"{chr(65 + c)}{r}", value) for c, value in enumerate(row))
        sheet_rows.append(f'<row r="{r}">{cells}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rels}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<workbook xmlns="{main}" xmlns:r="{rels}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<worksheet xmlns="{main}"><sheetData>{"".join(sheet_rows)}</sheetData></worksheet>'
        ),
    }
    return _zip(parts)


def docx_document(text: DocumentText) -> bytes:
    """A one-page Word document with the title, the region and the demonstration note."""
    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraphs = [
        text.title,
        f"{text.region} - {text.cycle} - pertanyaan {text.question}",
        DEMO_NOTE,
    ]
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{word}"><w:body>{body}</w:body></w:document>'
        ),
    }
    return _zip(parts)


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            # A fixed date keeps the bytes of a document the same from one run to the next.
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def png_document(salt: str) -> bytes:
    """A small photo stand-in (a blue square); `salt` makes each file's bytes its own."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
        )

    width = height = 16
    raw = b"".join(b"\x00" + b"\x1f\x77\xb4" * width for _ in range(height))
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + _latin1(f"{DEMO_NOTE} {salt}").encode("latin-1"))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


SAMPLE_ROWS: tuple[tuple[object, ...], ...] = (
    ("Kecamatan", "Sasaran", "Capaian", "Persen"),
    ("Kecamatan Satu", 1200, 1104, 92.0),
    ("Kecamatan Dua", 950, 836, 88.0),
    ("Kecamatan Tiga", 1430, 1373, 96.0),
)


def sample_document(accepted: Sequence[str], text: DocumentText) -> tuple[str, bytes] | None:
    """A file name and content of a type the requirement accepts (PDF first), or None."""
    slug = f"{text.question.replace('.', '-')}"
    if "pdf" in accepted:
        return f"dokumen-{slug}.pdf", pdf_document(text)
    if "xlsx" in accepted:
        return f"data-{slug}.xlsx", xlsx_document(text, SAMPLE_ROWS)
    if "docx" in accepted:
        return f"laporan-{slug}.docx", docx_document(text)
    if "png" in accepted:
        return f"foto-{slug}.png", png_document(f"{text.region} {text.cycle} {text.question}")
    return None
