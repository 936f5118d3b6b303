"""The demonstration cycle: an open 2026 self-assessment with regions in every state.

Everything goes through the real actions (answers, uploads, submission), so the demo exercises
the same code as real use. Answers are synthetic (see synthetic.py) and every page shows the
demonstration banner.
"""

from __future__ import annotations

import datetime
import io
import random
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from openpyxl import Workbook

from layakanak.audit.actions import Actor
from layakanak.evaluation import queries
from layakanak.evaluation.actions import (
    do_add_participants,
    do_create_cycle,
    do_save_answer,
    do_submit_self_assessment,
)
from layakanak.evaluation.evidence import do_finish_upload, do_start_upload, do_upload_chunk
from layakanak.evaluation.models import Cycle, Submission
from layakanak.evaluation.synthetic import synthetic_answers
from layakanak.instruments.models import InstrumentVersion
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region

DEMO_CYCLE = "2026"
SUBMITTED = ("64.72", "64.74", "31.74", "35.78", "33.72", "14.05", "51.71")
IN_PROGRESS = {
    "64.71": 0.85,
    "64.01": 0.6,
    "64.02": 0.3,
    "64.03": 0.45,
    "64.05": 0.7,
    "64.07": 0.2,
    "64.08": 0.55,
    "64.09": 0.9,
    "31.71": 0.75,
    "31.72": 0.4,
    "31.73": 0.65,
    "31.75": 0.5,
    "65.01": 0.35,
    "65.71": 0.8,
    "35.73": 0.6,
    "73.71": 0.5,
}


@dataclass
class DemoReport:
    created: bool
    participants: int = 0
    answers: int = 0
    uploads: int = 0
    submitted: list[str] = field(default_factory=list)


def region_strength(code: str) -> float:
    """A stable, plausible strength per region (cities slightly stronger, Java and Bali too)."""
    rng = random.Random(f"strength:{code}")  # noqa: S311  (demo data, not security)
    base = 0.45 + 0.3 * rng.random()
    if int(code[3:5]) >= 71:
        base += 0.08
    if code[:2] in {"31", "32", "33", "34", "35", "36", "51"}:
        base += 0.07
    return min(base, 0.97)


def _pdf_bytes() -> bytes:
    from weasyprint import HTML

    html = (
        "<h1>Dokumen contoh (demonstrasi)</h1><p>Berkas ini dibuat otomatis untuk demonstrasi "
        "platform Layak Anak dan bukan dokumen resmi.</p>"
    )
    return bytes(HTML(string=html).write_pdf())


def _xlsx_bytes(salt: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Kecamatan", "Capaian (%)", "Contoh"])
    sheet.append(["Contoh", 90, salt])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _png_bytes(salt: str = "") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
        )

    width = height = 8
    raw = b"".join(b"\x00" + b"\x1f\x77\xb4" * width for _ in range(height))
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + salt.encode())
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _docx_bytes(salt: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
            '.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Contoh '
            + salt
            + "</w:t></w:r></w:p>"
            "</w:body></w:document>",
        )
    return buffer.getvalue()


class _Files:
    """Sample files per type. Each upload gets its own bytes (the platform refuses the very same
    file twice in one submission), but the slow PDF rendering happens once."""

    def __init__(self) -> None:
        self.pdf: bytes | None = None

    def for_types(self, accepted: tuple[str, ...], salt: str) -> tuple[str, bytes] | None:
        if "pdf" in accepted:
            if self.pdf is None:
                self.pdf = _pdf_bytes()
            # A trailing comment and end marker, as an incremental update would add.
            return "dokumen-contoh.pdf", self.pdf + f"\n% demo {salt}\n%%EOF\n".encode()
        makers: dict[str, tuple[str, Callable[[str], bytes]]] = {
            "xlsx": ("data-contoh.xlsx", _xlsx_bytes),
            "png": ("foto-contoh.png", _png_bytes),
            "docx": ("laporan-contoh.docx", _docx_bytes),
        }
        for kind, (name, make) in makers.items():
            if kind in accepted:
                return name, make(salt)
        return None


def _upload(
    submission: Submission,
    question: str,
    requirement: str,
    files: _Files,
    accepted: tuple[str, ...],
    actor: Actor,
) -> bool:
    sample = files.for_types(accepted, f"{submission.region.code}:{question}:{requirement}")
    if sample is None:
        return False
    name, content = sample
    session = do_start_upload(submission, question, requirement, name, len(content), actor=actor)
    do_upload_chunk(session, 0, content, actor=actor)
    do_finish_upload(session, actor=actor)
    return True


def _fill(submission: Submission, coverage: float, actor: Actor, report: DemoReport) -> None:
    instrument = instrument_of(submission.cycle.instrument)
    rng = random.Random(f"answers:{submission.cycle.slug}:{submission.region.code}")  # noqa: S311
    answers = synthetic_answers(
        instrument, region_strength(submission.region.code), rng, coverage=coverage
    )
    for code, value in answers.items():
        do_save_answer(submission, code, value, expected_version=None, actor=actor)
        report.answers += 1


def _complete_and_submit(
    submission: Submission, files: _Files, actor: Actor, report: DemoReport
) -> None:
    instrument = instrument_of(submission.cycle.instrument)
    missing = queries.missing_for_submission(submission)
    codes = dict.fromkeys(item["question"] for item in missing if item["kind"] == "evidence")
    for code in codes:
        question = instrument.question(code)
        for requirement in question.evidence:
            if requirement.required and _upload(
                submission, question.code, requirement.code, files, requirement.file_types, actor
            ):
                report.uploads += 1
    if not queries.missing_for_submission(submission):
        do_submit_self_assessment(submission, actor=actor)
        report.submitted.append(submission.region.code)


def build_demo_cycle(
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
    submitted: tuple[str, ...] = SUBMITTED,
    in_progress: dict[str, float] | None = None,
) -> DemoReport:
    """Create cycle 2026 (idempotent: an existing cycle is left as it is). `submitted` and
    `in_progress` (region code -> share answered) say which regions get answers."""
    in_progress = IN_PROGRESS if in_progress is None else in_progress
    if Cycle.objects.filter(slug=DEMO_CYCLE).exists():
        return DemoReport(created=False)
    now = now or timezone.now()
    day = datetime.timedelta(days=1)
    # In the demo the stage windows overlap so that every workbench has work today.
    cycle = do_create_cycle(
        DEMO_CYCLE,
        name_id="Evaluasi KLA 2026",
        name_en="KLA evaluation 2026",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={
            "evaluasi_mandiri": (now - 40 * day, now + 14 * day),
            "verifikasi_administrasi": (now - 20 * day, now + 45 * day),
            "peninjauan_ulang": (now - 10 * day, now + 60 * day),
            "verifikasi_lapangan": (now - 5 * day, now + 80 * day),
            "verifikasi_final": (now - 2 * day, now + 90 * day),
            "penetapan": (now - 1 * day, now + 100 * day),
        },
        actor=actor,
    )
    report = DemoReport(created=True)
    report.participants = do_add_participants(
        cycle, Region.objects.filter(level="regency", retired_on__isnull=True), actor=actor
    )
    files = _Files()
    submissions = {
        s.region.code: s
        for s in cycle.submissions.select_related("region", "cycle__instrument")
        .defer("cycle__instrument__document")
        .filter(region__code__in=[*submitted, *in_progress])
    }
    for code in submitted:
        if code in submissions:
            _fill(submissions[code], 1.0, actor, report)
            _complete_and_submit(submissions[code], files, actor, report)
    for code, coverage in in_progress.items():
        if code in submissions:
            _fill(submissions[code], coverage, actor, report)
    return report
