"""Fixtures and real test files for the evidence upload and workbook tests (imported by
conftest.py). Every file is made here, byte by byte or with openpyxl/zipfile: a valid PDF with a
correct xref table, a PNG, a JPEG, an XLSX, a DOCX, and the bad ones."""

from __future__ import annotations

import base64
import datetime
import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from layakanak.demo.files import pdf_from_objects
from layakanak.evaluation.actions import uploads
from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
from layakanak.evaluation.models import Cycle, EvidenceFile, Submission
from layakanak.instruments.models import InstrumentVersion
from layakanak.regions.models import Region
from tests import clock

DAY = datetime.timedelta(days=1)

# An 8x8 baseline JPEG (made once with an image library; stored here so the tests need none).
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERX"
    "RTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIAAgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAA"
    "AAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAk"
    "M2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKT"
    "lJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QA"
    "HwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdh"
    "cRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hp"
    "anN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk"
    "5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDHooorhPqD/9k="
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + bytes(range(256)) * 8


def make_pdf(text: str = "Peraturan Daerah tentang KLA", *, padding: int = 0) -> bytes:
    """A valid one-page PDF with a correct xref table; `padding` adds a stream of that many
    bytes (to make files of a chosen size)."""
    content = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if padding:
        filler = bytes((i * 7 + 13) % 251 for i in range(padding))
        objects.append(b"<< /Length %d >>\nstream\n" % padding + filler + b"\nendstream")
    return pdf_from_objects(objects)


def make_png(width: int = 4, height: int = 3) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + bytes([200, 30, 30] * width) for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def make_xlsx(rows: list[list[Any]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows or [["Nomor", "Tahun", "Judul"], ["5", 2024, "Perda KTR"]]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def make_docx(text: str = "Matriks pasal") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            f"{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


def make_zip_bomb_xlsx(uncompressed: int = 60 * 1024 * 1024) -> bytes:
    """A real XLSX with one extra, hugely compressible part (zeros): tiny on disk."""
    source = zipfile.ZipFile(io.BytesIO(make_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as entry:
            block = b"\x00" * (1024 * 1024)
            for _ in range(uncompressed // len(block)):
                entry.write(block)
    return out.getvalue()


def upload_whole(
    submission: Submission,
    question: str,
    requirement: str,
    name: str,
    content: bytes,
    *,
    actor: Any,
    chunk: int = 64 * 1024,
    now: datetime.datetime | None = None,
) -> EvidenceFile:
    """Start, send every chunk and finish, as the browser does."""
    session = uploads.do_start_upload(
        submission, question, requirement, name, len(content), actor=actor, now=now
    )
    for offset in range(0, len(content), chunk):
        session = uploads.do_upload_chunk(
            session, offset, content[offset : offset + chunk], actor=actor, now=now
        )
    return uploads.do_finish_upload(session, actor=actor, now=now)


@pytest.fixture
def evidence_storage(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files go to a temporary folder (Django storage is reset with the setting)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def previous_cycle(kla2023: InstrumentVersion, cycle: Cycle) -> Cycle:
    """Cycle 2025, closed long ago, in which Balikpapan and Samarinda took part."""
    now = clock.now()
    earlier = do_create_cycle(
        "2025",
        name_id="Evaluasi KLA 2025",
        name_en="KLA evaluation 2025",
        instrument=kla2023,
        windows={"evaluasi_mandiri": (now - 400 * DAY, now - 300 * DAY)},
        actor="test",
    )
    do_add_participants(earlier, Region.objects.filter(code__in=["64.71", "64.72"]), actor="test")
    return earlier


@pytest.fixture
def old_perda(previous_cycle: Cycle, evidence_storage: Path) -> EvidenceFile:
    """Balikpapan's Perda KLA, uploaded in cycle 2025 for question 1.1."""
    submission = Submission.objects.get(cycle=previous_cycle, region__code="64.71")
    when = clock.now() - 350 * DAY
    return upload_whole(
        submission,
        "1.1",
        "regulasi",
        "Perda-KLA-Balikpapan-2019.pdf",
        make_pdf("Perda Kota Balikpapan Nomor 5 Tahun 2019"),
        actor="test",
        now=when,
    )


@pytest.fixture
def old_samarinda_perda(previous_cycle: Cycle, evidence_storage: Path) -> EvidenceFile:
    submission = Submission.objects.get(cycle=previous_cycle, region__code="64.72")
    when = clock.now() - 350 * DAY
    return upload_whole(
        submission,
        "1.1",
        "regulasi",
        "Perda-KLA-Samarinda.pdf",
        make_pdf("Perda Kota Samarinda"),
        actor="test",
        now=when,
    )
