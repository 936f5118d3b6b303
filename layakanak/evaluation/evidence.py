"""Evidence (data dukung) reads and helpers shared by the evidence actions and pages: which
requirement a file answers, an uploader's file name made safe, the documents of earlier cycles a
region may reuse, and the stored file for a download.

The writes (uploads, reuse, removal) are actions: `actions.uploads` and `actions.evidence`.
"""

from __future__ import annotations

import re
from typing import BinaryIO, cast

from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from layakanak.evaluation.errors import EvidenceRefused
from layakanak.evaluation.models import EvidenceFile, Submission
from layakanak.instruments.models import EvidenceRequirement
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.model import Evidence, Question


def clean_name(filename: str) -> str:
    """The uploader's file name without folders or control characters (kept for display only)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().strip(".") or "berkas"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:190] + dot + ext[:9]) if dot and len(ext) < 10 else name[:200]
    return name


def requirement_of(
    submission: Submission, question_code: str, requirement_code: str
) -> tuple[Question, Evidence, EvidenceRequirement]:
    """The scoring question and evidence requirement and the stored requirement row."""
    instrument = instrument_of(submission.cycle.instrument)
    question = (
        instrument.question(question_code) if instrument.has_question(question_code) else None
    )
    evidence = (
        next((e for e in question.evidence if e.code == requirement_code), None)
        if question
        else None
    )
    row = (
        EvidenceRequirement.objects.filter(
            question__version_id=submission.cycle.instrument_id,
            question__code=question_code,
            code=requirement_code,
        ).first()
        if evidence
        else None
    )
    if question is None or evidence is None or row is None:
        raise EvidenceRefused(
            _("Question %(question_code)r has no evidence requirement %(requirement_code)r."),
            question_code=question_code,
            requirement_code=requirement_code,
            status=404,
        )
    return question, evidence, row


def previous_evidence(submission: Submission) -> dict[tuple[str, str], list[EvidenceFile]]:
    """(question code, requirement code) -> current files of the same region in other cycles,
    newest first, one per content (SHA-256), leaving out what this submission already has."""
    attached = set(
        EvidenceFile.objects.filter(submission=submission, removed_at__isnull=True).values_list(
            "requirement__question__code", "requirement__code", "sha256"
        )
    )
    rows = (
        EvidenceFile.objects.filter(
            submission__region_id=submission.region_id, removed_at__isnull=True
        )
        .exclude(submission__cycle_id=submission.cycle_id)
        .select_related("submission__cycle", "requirement__question")
        .order_by("-uploaded_at")
    )
    found: dict[tuple[str, str], list[EvidenceFile]] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        key = (row.requirement.question.code, row.requirement.code)
        marker = (*key, row.sha256)
        if marker in seen or marker in attached:
            continue
        seen.add(marker)
        found.setdefault(key, []).append(row)
    return found


def open_stored(evidence: EvidenceFile) -> BinaryIO:
    """The stored file, opened for reading (the download view streams it)."""
    return cast(BinaryIO, default_storage.open(evidence.file.name, "rb"))
