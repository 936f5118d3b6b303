"""Bulk writes for seeding a self-assessment: a submission's answers and evidence files in one go.

Demonstration and migration tooling (`layakanak demo`, importing a past cycle's answers), not
the operators' workflow: the interactive actions (`actions.do_save_answer`,
`evidence.do_start_upload` …) save one answer or one file per request with a version check.
These validate every answer with the scoring engine's rules and every file with the platform's
content checks exactly as those do, write everything in one transaction and record one audit
event per call instead of one per row.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.demo.actions._bulk import ANSWER_COLUMNS, answer_rows, insert_rows
from layakanak.evaluation.editability import check_editable
from layakanak.evaluation.errors import EvidenceRefused
from layakanak.evaluation.evidence import clean_name
from layakanak.evaluation.models import Answer, EvidenceFile, Submission, SubmissionStatus
from layakanak.instruments.models import EvidenceRequirement
from layakanak.instruments.queries import instrument_of
from layakanak.lib import filetypes


@transaction.atomic
def do_seed_answers(
    submission: Submission,
    answers: Mapping[str, object],
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> int:
    """Save many answers of a submission that has none yet (while it may be edited)."""
    now = now or timezone.now()
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("cycle__instrument")
        .defer("cycle__instrument__document")
        .get(pk=submission.pk)
    )
    check_editable(submission, now)
    if Answer.objects.filter(submission=submission).exists():
        raise ValueError(f"{submission}: seeding answers needs a submission without answers")
    instrument = instrument_of(submission.cycle.instrument)
    rows = answer_rows(submission, instrument, answers, actor=actor, now=now)
    insert_rows(Answer, ANSWER_COLUMNS, rows)
    submission.answered_count = len(rows)
    submission.last_activity_at = now
    if rows and submission.status == SubmissionStatus.NOT_STARTED:
        submission.status = SubmissionStatus.IN_PROGRESS
    submission.save(update_fields=["answered_count", "last_activity_at", "status"])
    record_event(
        "answers.seeded",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={"answers": len(rows)},
    )
    return len(rows)


@dataclass(frozen=True)
class SeedFile:
    """One evidence file to attach: the question, the requirement, a file name and the bytes."""

    question: str
    requirement: str
    name: str
    content: bytes


@transaction.atomic
def do_seed_evidence(
    submission: Submission,
    files: Sequence[SeedFile],
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
    past_cycle: bool = False,
) -> list[EvidenceFile]:
    """Store many evidence files of one submission through the evidence storage.

    Every file is checked by content against its requirement's accepted types first; one
    refusal stores nothing. `past_cycle` records the documents of a cycle that is already
    closed (migrating an earlier cycle's evidence); otherwise the submission must be editable.
    """
    now = now or timezone.now()
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("cycle__instrument")
        .defer("cycle__instrument__document")
        .get(pk=submission.pk)
    )
    if not past_cycle:
        check_editable(submission, now)
    instrument = instrument_of(submission.cycle.instrument)
    requirements = {
        (row.question.code, row.code): row
        for row in EvidenceRequirement.objects.filter(
            question__version_id=submission.cycle.instrument_id
        ).select_related("question")
    }
    checked: list[tuple[SeedFile, EvidenceRequirement, filetypes.Checked, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for item in files:
        row = requirements.get((item.question, item.requirement))
        if row is None or not instrument.has_question(item.question):
            raise EvidenceRefused(
                _("Question %(question)r has no evidence requirement %(requirement)r."),
                question=item.question,
                requirement=item.requirement,
                status=404,
            )
        accepted = next(
            e.file_types
            for e in instrument.question(item.question).evidence
            if e.code == item.requirement
        )
        try:
            verdict = filetypes.check_file(io.BytesIO(item.content), len(item.content), accepted)
        except filetypes.FileRefused as exc:
            raise EvidenceRefused(exc.template, status=415, **exc.params) from None
        sha256 = hashlib.sha256(item.content).hexdigest()
        if (item.question, item.requirement, sha256) in seen:
            raise EvidenceRefused(
                _("Exactly the same file is already attached (%(name)s)."),
                name=item.name,
                status=409,
            )
        seen.add((item.question, item.requirement, sha256))
        checked.append((item, row, verdict, sha256))
    stored: list[str] = []
    rows: list[EvidenceFile] = []
    try:
        for item, row, verdict, sha256 in checked:
            evidence = EvidenceFile(
                id=uuid.uuid4(),
                submission=submission,
                requirement=row,
                original_name=clean_name(item.name),
                content_type=verdict.content_type,
                size=len(item.content),
                sha256=sha256,
                uploaded_by=user_of(actor),
                uploaded_at=now,
            )
            evidence.file.save(evidence.id.hex, ContentFile(item.content), save=False)
            stored.append(evidence.file.name)
            rows.append(evidence)
        EvidenceFile.objects.bulk_create(rows, batch_size=500)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    if not past_cycle:
        submission.last_activity_at = now
        submission.save(update_fields=["last_activity_at"])
    record_event(
        "evidence.seeded",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "files": len(rows),
            "bytes": sum(row.size for row in rows),
            "past_cycle": past_cycle,
        },
    )
    return rows
