"""Resumable chunked uploads of evidence (data dukung): start, send chunks, finish, discard.

Every action checks that the submission may still change (`editability.check_editable`: the
self-assessment window or an extension, not yet submitted, or the question sent back), runs in
one transaction and records an audit event. Chunks are stored as separate objects in Django's
default storage, so any process on any machine can take the next chunk; finishing joins them
through a temporary file (64 KB at a time, computing the SHA-256 on the way), checks the file by
content (`filetypes.check_file`) and stores it under a non-guessable name. A refusal names the
reason (in the reader's language) and leaves the submission as it was.

Chunks are not audited one by one (a 20 MB file is 20 chunks): the start and the result of an
upload are, together with the byte count and the SHA-256.
"""

from __future__ import annotations

import datetime
import hashlib
import tempfile
import uuid
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.evaluation.actions._common import lock_submission, touch
from layakanak.evaluation.editability import check_editable
from layakanak.evaluation.errors import EvidenceRefused, UploadGap
from layakanak.evaluation.evidence import clean_name, requirement_of
from layakanak.evaluation.models import EvidenceFile, Submission
from layakanak.evaluation.models_upload import UploadSession
from layakanak.lib import filetypes

BLOCK = 64 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} byte"


def _too_large(size: int) -> EvidenceRefused:
    limit = _megabytes(settings.EVIDENCE_MAX_BYTES)
    return EvidenceRefused(
        _(
            "The file is too large (%(size)s); the limit is %(limit)s. Make it smaller (e.g. scan "
            "at a lower resolution) or split it into several files."
        ),
        size=_megabytes(size),
        limit=limit,
        status=413,
    )


def _refused(exc: filetypes.FileRefused, status: int = 415) -> EvidenceRefused:
    return EvidenceRefused(exc.template, status=status, **exc.params)


@transaction.atomic
def do_start_upload(
    submission: Submission,
    question_code: str,
    requirement_code: str,
    filename: str,
    size: int,
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> UploadSession:
    """Open a resumable upload of `size` bytes for one evidence requirement."""
    now = now or timezone.now()
    submission = lock_submission(submission)
    check_editable(submission, now, question_code)
    _question, _evidence, row = requirement_of(submission, question_code, requirement_code)
    if size <= 0:
        raise EvidenceRefused(_("The file is empty (0 bytes)."), status=400)
    if size > settings.EVIDENCE_MAX_BYTES:
        raise _too_large(size)
    session = UploadSession.objects.create(
        submission=submission,
        requirement=row,
        original_name=clean_name(filename),
        size=size,
        created_by=user_of(actor),
        created_at=now,
        updated_at=now,
    )
    record_event(
        "evidence.upload_started",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "upload": str(session.pk),
            "question": question_code,
            "requirement": requirement_code,
            "name": session.original_name,
            "size": size,
        },
    )
    return session


@transaction.atomic
def do_upload_chunk(
    session: UploadSession,
    offset: int,
    data: bytes,
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> UploadSession:
    """Store the bytes at `offset`. A chunk the server already has is accepted and ignored (a
    retry after a lost answer); a chunk after a gap is refused with `UploadGap`, which says
    where to continue. Returns the session with `received` updated."""
    now = now or timezone.now()
    session = (
        UploadSession.objects.select_for_update(of=("self",))
        .select_related("submission__cycle__instrument", "requirement")
        .defer("submission__cycle__instrument__document")
        .get(pk=session.pk)
    )
    if session.completed_at is not None:
        return session
    check_editable(session.submission, now, session.requirement.question.code)
    if offset < 0:
        raise UploadGap(session.received, offset)
    if len(data) > settings.EVIDENCE_CHUNK_MAX_BYTES:
        raise EvidenceRefused(
            _("The chunk is too large; at most %(limit)s per chunk."),
            limit=_megabytes(settings.EVIDENCE_CHUNK_MAX_BYTES),
            status=413,
        )
    if offset > session.received:
        raise UploadGap(session.received, offset)
    end = offset + len(data)
    if end > session.size:
        raise EvidenceRefused(
            _(
                "The file is larger than the size announced (%(size)s bytes). Start the upload "
                "again."
            ),
            size=session.size,
            status=400,
        )
    if end <= session.received:
        return session  # a chunk sent again: the server has it already
    new = data[session.received - offset :] if offset < session.received else data
    if session.received == 0 and len(new) >= min(session.size, 1024):
        try:
            kind = filetypes.sniff(new[:1024])
            filetypes.refuse_unaccepted(kind, session.requirement.file_types)
        except filetypes.FileRefused as exc:
            raise _refused(exc) from None
        session.kind = kind
    name = default_storage.save(
        f"{session.storage_prefix}/{session.received:012d}-{uuid.uuid4().hex[:8]}",
        ContentFile(new),
    )
    session.parts = [*session.parts, [session.received, len(new), name]]
    session.received += len(new)
    session.updated_at = now
    session.save(update_fields=["parts", "received", "kind", "updated_at"])
    return session


def _delete_parts(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _join_parts(session: UploadSession, target: BinaryIO) -> str:
    """Copy the stored parts into `target` block by block; the SHA-256 of the whole."""
    digest = hashlib.sha256()
    for _offset, _length, name in sorted(session.parts):
        with default_storage.open(name, "rb") as part:
            while block := part.read(BLOCK):
                digest.update(block)
                target.write(block)
    target.flush()
    return digest.hexdigest()


def do_finish_upload(
    session: UploadSession, *, actor: Actor, now: datetime.datetime | None = None
) -> EvidenceFile:
    """Join, check and store the uploaded file as evidence of its requirement.

    Finishing twice returns the same evidence (the answer to the first call may have been lost).
    A file refused by its content is discarded (the upload must start again)."""
    now = now or timezone.now()
    refusal: EvidenceRefused | None = None
    with transaction.atomic():
        session = (
            UploadSession.objects.select_for_update(of=("self",))
            .select_related("submission__cycle__instrument", "requirement__question", "evidence")
            .defer("submission__cycle__instrument__document")
            .get(pk=session.pk)
        )
        if session.evidence is not None:
            return session.evidence
        submission = lock_submission(session.submission)
        check_editable(submission, now, session.requirement.question.code)
        if session.received != session.size:
            raise EvidenceRefused(
                _("The upload is not complete: %(received)s of %(size)s bytes received."),
                received=session.received,
                size=session.size,
                status=409,
            )
        with tempfile.TemporaryFile() as joined:
            sha256 = _join_parts(session, joined)
            try:
                checked = filetypes.check_file(joined, session.size, session.requirement.file_types)
            except filetypes.FileRefused as exc:
                refusal = _refused(exc)
            else:
                duplicate = EvidenceFile.objects.filter(
                    submission=submission,
                    requirement=session.requirement,
                    sha256=sha256,
                    removed_at__isnull=True,
                ).first()
                if duplicate is not None:
                    refusal = EvidenceRefused(
                        _("Exactly the same file is already attached (%(original_name)s)."),
                        original_name=duplicate.original_name,
                        status=409,
                    )
            if refusal is None:
                evidence = EvidenceFile(
                    submission=submission,
                    requirement=session.requirement,
                    original_name=session.original_name,
                    content_type=checked.content_type,
                    size=session.size,
                    sha256=sha256,
                    uploaded_by=user_of(actor),
                    uploaded_at=now,
                )
                joined.seek(0)
                evidence.file.save(evidence.id.hex, File(joined), save=False)
                evidence.save()
        names = [name for _o, _l, name in session.parts]
        transaction.on_commit(lambda: _delete_parts(names))
        requirement = session.requirement
        audit = {
            "upload": str(session.pk),
            "question": requirement.question.code,
            "requirement": requirement.code,
            "name": session.original_name,
            "size": session.size,
            "sha256": sha256,
        }
        if refusal is not None:
            session.delete()
            record_event(
                "evidence.upload_refused",
                actor=actor,
                object_type="submission",
                object_id=str(submission.pk),
                after={**audit, "reason": refusal.message_en},
            )
        else:
            session.evidence = evidence
            session.sha256 = sha256
            session.completed_at = now
            session.parts = []
            session.save(update_fields=["evidence", "sha256", "completed_at", "parts"])
            touch(submission, now)
            record_event(
                "evidence.uploaded",
                actor=actor,
                object_type="submission",
                object_id=str(submission.pk),
                after={**audit, "evidence": str(evidence.pk), "content_type": checked.content_type},
            )
    if refusal is not None:
        raise refusal
    return evidence


@transaction.atomic
def do_discard_upload(session: UploadSession, *, actor: Actor) -> None:
    """Abandon an unfinished upload and delete its stored chunks."""
    session = UploadSession.objects.select_for_update().get(pk=session.pk)
    if session.completed_at is not None:
        return
    names = [name for _o, _l, name in session.parts]
    transaction.on_commit(lambda: _delete_parts(names))
    record_event(
        "evidence.upload_discarded",
        actor=actor,
        object_type="submission",
        object_id=str(session.submission_id),
        after={"upload": str(session.pk), "received": session.received, "size": session.size},
    )
    session.delete()


def do_discard_stale_uploads(
    older_than: datetime.timedelta, *, actor: Actor, now: datetime.datetime | None = None
) -> int:
    """Discard unfinished uploads untouched for `older_than` (for a periodic clean-up)."""
    cutoff = (now or timezone.now()) - older_than
    stale = UploadSession.objects.filter(completed_at__isnull=True, updated_at__lt=cutoff)
    count = 0
    for session in stale:
        do_discard_upload(session, actor=actor)
        count += 1
    return count
