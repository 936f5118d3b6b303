"""Evidence (data dukung): resumable chunked uploads, reuse from an earlier cycle, removal.

Every action checks that the submission may still change (the self-assessment window or an
extension, not yet submitted), runs in one transaction and records an audit event. Chunks are
stored as separate objects in Django's default storage, so any process on any machine can take
the next chunk; finishing joins them through a temporary file (64 KB at a time, computing the
SHA-256 on the way), checks the file by content (`filetypes.check_file`) and stores it under a
non-guessable name. A refusal names the reason in Bahasa Indonesia and English and leaves the
submission as it was.

Chunks are not audited one by one (a 20 MB file is 20 chunks): the start and the result of an
upload are, together with the byte count and the SHA-256.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import tempfile
import uuid
from typing import BinaryIO, cast

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.evaluation import filetypes
from layakanak.evaluation.actions import check_editable
from layakanak.evaluation.errors import EvaluationRefused
from layakanak.evaluation.models import EvidenceFile, Submission, SubmissionStatus
from layakanak.evaluation.models_upload import UploadSession
from layakanak.instruments.models import EvidenceRequirement
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.model import Evidence, Question

BLOCK = 64 * 1024


class EvidenceRefused(EvaluationRefused):
    """An upload, reuse or removal that cannot be done; `status` is the HTTP status to answer."""

    status = 422

    def __init__(self, message_id: str, message_en: str, *, status: int | None = None) -> None:
        super().__init__(message_id, message_en)
        if status is not None:
            self.status = status


class UploadGap(EvidenceRefused):
    """A chunk that starts after the bytes the server has; `received` tells where to go on."""

    status = 409

    def __init__(self, received: int, offset: int) -> None:
        self.received = received
        super().__init__(
            f"Potongan berkas dimulai pada byte {offset}, padahal server baru menerima "
            f"{received} byte. Lanjutkan dari byte {received}.",
            f"The chunk starts at byte {offset} but the server has only {received} bytes. "
            f"Continue from byte {received}.",
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} byte"


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
            f"Pertanyaan {question_code!r} tidak meminta data dukung {requirement_code!r}.",
            f"Question {question_code!r} has no evidence requirement {requirement_code!r}.",
            status=404,
        )
    return question, evidence, row


def _touch(submission: Submission, now: datetime.datetime) -> None:
    Submission.objects.filter(pk=submission.pk).update(last_activity_at=now)
    Submission.objects.filter(pk=submission.pk, status=SubmissionStatus.NOT_STARTED).update(
        status=SubmissionStatus.IN_PROGRESS
    )


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("cycle__instrument")
        .defer("cycle__instrument__document")
        .get(pk=submission.pk)
    )


def _too_large(size: int) -> EvidenceRefused:
    limit = _megabytes(settings.EVIDENCE_MAX_BYTES)
    return EvidenceRefused(
        f"Berkas terlalu besar ({_megabytes(size)}); batasnya {limit}. Perkecil berkasnya "
        "(misalnya pindai dengan resolusi lebih rendah) atau bagi menjadi beberapa berkas.",
        f"The file is too large ({_megabytes(size)}); the limit is {limit}. Make it smaller "
        "(e.g. scan at a lower resolution) or split it into several files.",
        status=413,
    )


def _refused(exc: filetypes.FileRefused, status: int = 415) -> EvidenceRefused:
    return EvidenceRefused(exc.message_id, exc.message_en, status=status)


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
    submission = _locked(submission)
    check_editable(submission, now, question_code)
    _question, _evidence, row = requirement_of(submission, question_code, requirement_code)
    if size <= 0:
        raise EvidenceRefused("Berkas kosong (0 byte).", "The file is empty (0 bytes).", status=400)
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
            "Potongan berkas terlalu besar; paling banyak "
            f"{_megabytes(settings.EVIDENCE_CHUNK_MAX_BYTES)} "
            "per potongan.",
            f"The chunk is too large; at most {_megabytes(settings.EVIDENCE_CHUNK_MAX_BYTES)} "
            "per chunk.",
            status=413,
        )
    if offset > session.received:
        raise UploadGap(session.received, offset)
    end = offset + len(data)
    if end > session.size:
        raise EvidenceRefused(
            f"Berkas lebih besar dari ukuran yang diumumkan ({session.size} byte). Mulai unggahan "
            "dari awal.",
            f"The file is larger than the size announced ({session.size} bytes). Start the upload "
            "again.",
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
        submission = _locked(session.submission)
        check_editable(submission, now, session.requirement.question.code)
        if session.received != session.size:
            raise EvidenceRefused(
                f"Unggahan belum lengkap: {session.received} dari {session.size} byte diterima.",
                f"The upload is not complete: {session.received} of {session.size} bytes received.",
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
                        f"Berkas yang sama persis sudah terlampir ({duplicate.original_name}).",
                        f"Exactly the same file is already attached ({duplicate.original_name}).",
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
            _touch(submission, now)
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
    submission = _locked(submission)
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
            "Berkas ini bukan data dukung daerah ini untuk persyaratan yang sama pada siklus "
            "sebelumnya.",
            "This file is not this region's evidence for the same requirement in an earlier cycle.",
            status=404,
        )
    kind = next((k for k, ct in filetypes.KINDS.items() if ct == previous.content_type), "")
    if kind not in evidence.file_types:
        wanted = filetypes.accepted_labels(evidence.file_types)
        raise EvidenceRefused(
            "Jenis berkas ini tidak diterima lagi untuk data dukung ini. Jenis yang diterima: "
            f"{wanted}.",
            f"This file type is no longer accepted for this evidence. Accepted types: {wanted}.",
            status=415,
        )
    if valid_until is not None and valid_until < timezone.localdate(now):
        raise EvidenceRefused(
            f"Masa berlaku {valid_until:%d-%m-%Y} sudah lewat; dokumen yang kedaluwarsa tidak "
            "dapat "
            "dilampirkan lagi. Unggah dokumen yang berlaku.",
            f"The validity date {valid_until:%Y-%m-%d} has passed; an expired document cannot be "
            "attached again. Upload a current document.",
            status=400,
        )
    if EvidenceFile.objects.filter(
        submission=submission, requirement=row, sha256=previous.sha256, removed_at__isnull=True
    ).exists():
        raise EvidenceRefused(
            f"Berkas yang sama persis sudah terlampir ({previous.original_name}).",
            f"Exactly the same file is already attached ({previous.original_name}).",
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
    _touch(submission, now)
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
    submission = _locked(evidence.submission)
    check_editable(submission, now, evidence.requirement.question.code)
    if evidence.removed_at is not None:
        raise EvidenceRefused(
            "Berkas ini sudah dihapus.", "This file has already been removed.", status=404
        )
    evidence.removed_at = now
    evidence.save(update_fields=["removed_at"])
    _touch(submission, now)
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
