"""Evidence (data dukung) attached without an upload, and evidence taken off again: reusing a
document of an earlier cycle of the same region, removing a file from its requirement.

Like the uploads (`actions.uploads`), each action checks that the submission may still change,
runs in one transaction and records an audit event; a refusal leaves the submission as it was.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.core.locale import bilingual
from layakanak.evaluation.actions._common import lock_submission, touch
from layakanak.evaluation.editability import check_editable
from layakanak.evaluation.errors import EvidenceRefused
from layakanak.evaluation.evidence import requirement_of
from layakanak.evaluation.models import EvidenceFile, Submission
from layakanak.lib import filetypes


@transaction.atomic
def do_attach_previous_evidence(
    submission: Submission,
    question_code: str,
    requirement_code: str,
    previous: EvidenceFile,
    valid_until: datetime.date | None,
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> EvidenceFile:
    """Attach a document of an earlier cycle of the same region again (e.g. a Perda, valid
    until revoked) without uploading it again. `valid_until` None means "until revoked"."""
    now = now or timezone.now()
    submission = lock_submission(submission)
    check_editable(submission, now, question_code)
    _question, evidence, row = requirement_of(submission, question_code, requirement_code)
    previous = EvidenceFile.objects.select_related(
        "submission__cycle", "requirement__question"
    ).get(pk=previous.pk)
    if (
        previous.submission.region_id != submission.region_id
        or previous.submission.cycle_id == submission.cycle_id
        or previous.removed_at is not None
        or previous.requirement.question.code != question_code
        or previous.requirement.code != requirement_code
    ):
        raise EvidenceRefused(
            _(
                "This file is not this region's evidence for the same requirement in an earlier "
                "cycle."
            ),
            status=404,
        )
    kind = next((k for k, ct in filetypes.KINDS.items() if ct == previous.content_type), "")
    if kind not in evidence.file_types:
        wanted = filetypes.accepted_labels(evidence.file_types)
        raise EvidenceRefused(
            _(
                "This file type is no longer accepted for this evidence. Accepted types: "
                "%(wanted)s."
            ),
            wanted=wanted,
            status=415,
        )
    if valid_until is not None and valid_until < timezone.localdate(now):
        raise EvidenceRefused(
            _(
                "The validity date %(date)s has passed; an expired document cannot be attached "
                "again. Upload a current document."
            ),
            # Written as Indonesians write dates on the Indonesian page, ISO on the English one.
            date=bilingual(f"{valid_until:%d-%m-%Y}", f"{valid_until:%Y-%m-%d}"),
            status=400,
        )
    if EvidenceFile.objects.filter(
        submission=submission, requirement=row, sha256=previous.sha256, removed_at__isnull=True
    ).exists():
        raise EvidenceRefused(
            _("Exactly the same file is already attached (%(original_name)s)."),
            original_name=previous.original_name,
            status=409,
        )
    attached = EvidenceFile.objects.create(
        submission=submission,
        requirement=row,
        file=previous.file.name,
        original_name=previous.original_name,
        content_type=previous.content_type,
        size=previous.size,
        sha256=previous.sha256,
        valid_until=valid_until,
        reused_from=previous,
        uploaded_by=user_of(actor),
        uploaded_at=now,
    )
    touch(submission, now)
    record_event(
        "evidence.reused",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "evidence": str(attached.pk),
            "reused_from": str(previous.pk),
            "from_cycle": previous.submission.cycle.slug,
            "question": question_code,
            "requirement": requirement_code,
            "sha256": previous.sha256,
            "valid_until": valid_until.isoformat() if valid_until else None,
        },
    )
    return attached


@transaction.atomic
def do_remove_evidence(
    evidence: EvidenceFile, *, actor: Actor, now: datetime.datetime | None = None
) -> EvidenceFile:
    """Take a file off its requirement. The stored file is kept (the audit log and any later
    cycle that reused it still point to it)."""
    now = now or timezone.now()
    evidence = (
        EvidenceFile.objects.select_for_update(of=("self",))
        .select_related("requirement__question")
        .get(pk=evidence.pk)
    )
    submission = lock_submission(evidence.submission)
    check_editable(submission, now, evidence.requirement.question.code)
    if evidence.removed_at is not None:
        raise EvidenceRefused(_("This file has already been removed."), status=404)
    evidence.removed_at = now
    evidence.save(update_fields=["removed_at"])
    touch(submission, now)
    record_event(
        "evidence.removed",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        before={
            "evidence": str(evidence.pk),
            "question": evidence.requirement.question.code,
            "requirement": evidence.requirement.code,
            "name": evidence.original_name,
            "sha256": evidence.sha256,
        },
    )
    return evidence
