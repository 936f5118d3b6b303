"""Evidence actions: chunked resumable uploads checked by content, reuse, removal."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import timezone

from layakanak.audit.models import AuditEvent
from layakanak.evaluation import queries
from layakanak.evaluation.actions import evidence, uploads
from layakanak.evaluation.errors import EvidenceRefused, StageClosed, UploadGap
from layakanak.evaluation.evidence import previous_evidence
from layakanak.evaluation.models import EvidenceFile, Submission, SubmissionStatus
from layakanak.evaluation.models_upload import UploadSession
from tests import clock
from tests.evaluation.fixtures_evidence import (
    ELF,
    JPEG,
    make_docx,
    make_pdf,
    make_png,
    make_xlsx,
    make_zip_bomb_xlsx,
    upload_whole,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence_storage")]


def stored_bytes(row: EvidenceFile) -> bytes:
    with default_storage.open(row.file.name, "rb") as handle:
        return bytes(handle.read())


def test_a_pdf_sent_in_chunks_is_stored_with_its_sha256(
    balikpapan: Submission, operator_balikpapan
) -> None:
    content = make_pdf(padding=300_000)
    row = upload_whole(
        balikpapan,
        "1.1",
        "regulasi",
        "C:\\Dokumen\\Perda KLA.pdf",
        content,
        actor=operator_balikpapan,
        chunk=64 * 1024,
    )
    assert row.sha256 == hashlib.sha256(content).hexdigest()
    assert row.size == len(content) and row.content_type == "application/pdf"
    assert row.original_name == "Perda KLA.pdf"
    assert stored_bytes(row) == content
    # The stored name is not guessable and says nothing of the uploader's file name.
    assert row.file.name == f"evidence/{balikpapan.cycle_id}/{row.id.hex}"
    session = UploadSession.objects.get(evidence=row)
    assert session.parts == [] and session.completed_at is not None
    assert not default_storage.exists(session.storage_prefix + "/000000000000")
    events = list(
        AuditEvent.objects.filter(action__startswith="evidence.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert events == ["evidence.upload_started", "evidence.uploaded"]
    uploaded = AuditEvent.objects.get(action="evidence.uploaded")
    assert uploaded.actor == operator_balikpapan and (uploaded.after or {})["sha256"] == row.sha256
    assert queries.evidence_by_requirement(balikpapan)[("1.1", "regulasi")] == [row]
    balikpapan.refresh_from_db()
    assert balikpapan.status == SubmissionStatus.IN_PROGRESS and balikpapan.last_activity_at


def test_an_interrupted_upload_continues_from_what_the_server_has(
    balikpapan: Submission, operator_balikpapan
) -> None:
    content = make_pdf(padding=50_000)
    size = 10_000
    session = uploads.do_start_upload(
        balikpapan, "1.1", "regulasi", "perda.pdf", len(content), actor=operator_balikpapan
    )
    for offset in range(0, 3 * size, size):
        uploads.do_upload_chunk(
            session, offset, content[offset : offset + size], actor=operator_balikpapan
        )
    # The connection drops; after a reload the page asks how much the server has.
    resumed = UploadSession.objects.get(pk=session.pk)
    assert resumed.received == 3 * size and resumed.completed_at is None
    for offset in range(resumed.received, len(content), size):
        resumed = uploads.do_upload_chunk(
            resumed, offset, content[offset : offset + size], actor=operator_balikpapan
        )
    row = uploads.do_finish_upload(resumed, actor=operator_balikpapan)
    assert row.sha256 == hashlib.sha256(content).hexdigest()
    assert stored_bytes(row) == content
    # Finishing again (the first answer was lost) gives the same file, not a second one.
    assert uploads.do_finish_upload(resumed, actor=operator_balikpapan) == row
    assert EvidenceFile.objects.filter(submission=balikpapan).count() == 1


def test_a_repeated_or_overlapping_chunk_is_stored_once(
    balikpapan: Submission, operator_balikpapan
) -> None:
    content = make_pdf(padding=5_000)
    session = uploads.do_start_upload(
        balikpapan, "1.1", "regulasi", "perda.pdf", len(content), actor=operator_balikpapan
    )
    session = uploads.do_upload_chunk(session, 0, content[:2000], actor=operator_balikpapan)
    session = uploads.do_upload_chunk(session, 0, content[:2000], actor=operator_balikpapan)
    assert session.received == 2000 and len(session.parts) == 1
    session = uploads.do_upload_chunk(session, 1000, content[1000:3000], actor=operator_balikpapan)
    assert session.received == 3000
    session = uploads.do_upload_chunk(session, 3000, content[3000:], actor=operator_balikpapan)
    row = uploads.do_finish_upload(session, actor=operator_balikpapan)
    assert row.sha256 == hashlib.sha256(content).hexdigest()


def test_a_chunk_after_a_gap_is_refused_and_says_where_to_continue(
    balikpapan: Submission, operator_balikpapan
) -> None:
    content = make_pdf(padding=5_000)
    session = uploads.do_start_upload(
        balikpapan, "1.1", "regulasi", "perda.pdf", len(content), actor=operator_balikpapan
    )
    session = uploads.do_upload_chunk(session, 0, content[:1000], actor=operator_balikpapan)
    with pytest.raises(UploadGap) as excinfo:
        uploads.do_upload_chunk(session, 2000, content[2000:3000], actor=operator_balikpapan)
    assert excinfo.value.received == 1000 and excinfo.value.status == 409
    assert "1000" in excinfo.value.message_id
    assert UploadSession.objects.get(pk=session.pk).received == 1000


def test_finishing_before_every_byte_arrived_is_refused(
    balikpapan: Submission, operator_balikpapan
) -> None:
    content = make_pdf()
    session = uploads.do_start_upload(
        balikpapan, "1.1", "regulasi", "perda.pdf", len(content), actor=operator_balikpapan
    )
    session = uploads.do_upload_chunk(session, 0, content[:100], actor=operator_balikpapan)
    with pytest.raises(EvidenceRefused, match="belum lengkap"):
        uploads.do_finish_upload(session, actor=operator_balikpapan)
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize(
    ("question", "requirement", "name", "content", "kind"),
    [
        (
            "1.2",
            "matriks",
            "matriks.xlsx",
            make_xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "1.2",
            "matriks",
            "matriks.docx",
            make_docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("2.2", "foto", "foto.png", make_png(), "image/png"),
        ("2.2", "foto", "foto.jpg", JPEG, "image/jpeg"),
        # The name does not decide: a PNG saved as "foto.pdf" is stored as the PNG it is.
        ("2.2", "foto", "foto.pdf", make_png(), "image/png"),
    ],
)
def test_every_accepted_type_is_recognised_by_content(
    balikpapan: Submission,
    operator_balikpapan,
    question: str,
    requirement: str,
    name: str,
    content: bytes,
    kind: str,
) -> None:
    row = upload_whole(balikpapan, question, requirement, name, content, actor=operator_balikpapan)
    assert row.content_type == kind
    assert row.sha256 == hashlib.sha256(content).hexdigest()


def test_an_executable_renamed_to_pdf_is_refused_at_the_first_chunk(
    balikpapan: Submission, operator_balikpapan
) -> None:
    session = uploads.do_start_upload(
        balikpapan, "1.1", "regulasi", "perda.pdf", len(ELF), actor=operator_balikpapan
    )
    with pytest.raises(EvidenceRefused) as excinfo:
        uploads.do_upload_chunk(session, 0, ELF, actor=operator_balikpapan)
    assert "program" in excinfo.value.message_id and excinfo.value.status == 415
    assert UploadSession.objects.get(pk=session.pk).received == 0


@pytest.mark.parametrize(
    ("question", "requirement", "content", "words"),
    [
        ("1.1", "regulasi", make_pdf()[:-40], "PDF rusak atau tidak lengkap"),  # truncated
        ("1.1", "regulasi", make_pdf().replace(b"startxref", b"startxrex"), "xref"),
        ("1.1", "regulasi", make_png(), "PNG tidak diterima"),  # not a type this requirement takes
        ("2.2", "foto", make_png()[:-12], "PNG rusak"),
        ("2.2", "foto", JPEG[:-2], "JPEG rusak"),
        ("1.4", "data", make_docx(), "DOCX tidak diterima"),
        ("1.4", "data", make_zip_bomb_xlsx(), "zip bomb"),
        ("1.4", "data", make_xlsx()[:-200], "XLSX/DOCX rusak"),
        ("1.1", "regulasi", b"Hello, this is plain text pretending to be a PDF", "tidak dikenali"),
    ],
)
def test_a_bad_file_is_refused_with_the_reason_and_nothing_is_stored(
    balikpapan: Submission,
    operator_balikpapan,
    question: str,
    requirement: str,
    content: bytes,
    words: str,
) -> None:
    with pytest.raises(EvidenceRefused) as excinfo:
        upload_whole(
            balikpapan,
            question,
            requirement,
            "berkas.pdf",
            content,
            actor=operator_balikpapan,
            chunk=len(content),
        )
    assert words in excinfo.value.message_id
    assert excinfo.value.message_en
    assert not EvidenceFile.objects.exists()


def test_a_zip_bomb_is_refused_without_unpacking_it(
    balikpapan: Submission, operator_balikpapan
) -> None:
    bomb = make_zip_bomb_xlsx(300 * 1024 * 1024)  # 300 MB of zeros in well under 1 MB
    assert len(bomb) < 1024 * 1024
    with pytest.raises(EvidenceRefused, match="zip bomb"):
        upload_whole(
            balikpapan, "1.4", "data", "data.xlsx", bomb, actor=operator_balikpapan, chunk=len(bomb)
        )
    # The refused upload is discarded (its chunks deleted) and audited.
    assert not UploadSession.objects.exists()
    assert AuditEvent.objects.filter(action="evidence.upload_refused").count() == 1


def test_an_empty_file_is_refused(balikpapan: Submission, operator_balikpapan) -> None:
    with pytest.raises(EvidenceRefused, match="kosong"):
        uploads.do_start_upload(
            balikpapan, "1.1", "regulasi", "kosong.pdf", 0, actor=operator_balikpapan
        )


@override_settings(EVIDENCE_MAX_BYTES=1000)
def test_a_file_above_the_limit_is_refused_before_any_byte(
    balikpapan: Submission, operator_balikpapan
) -> None:
    with pytest.raises(EvidenceRefused) as excinfo:
        uploads.do_start_upload(
            balikpapan, "1.1", "regulasi", "besar.pdf", 1001, actor=operator_balikpapan
        )
    assert excinfo.value.status == 413 and "terlalu besar" in excinfo.value.message_id
    assert not UploadSession.objects.exists()


def test_more_bytes_than_announced_are_refused(balikpapan: Submission, operator_balikpapan) -> None:
    content = make_pdf()
    session = uploads.do_start_upload(
        balikpapan, "1.1", "regulasi", "perda.pdf", 100, actor=operator_balikpapan
    )
    with pytest.raises(EvidenceRefused, match="lebih besar"):
        uploads.do_upload_chunk(session, 0, content, actor=operator_balikpapan)


def test_an_unknown_requirement_is_refused(balikpapan: Submission, operator_balikpapan) -> None:
    with pytest.raises(EvidenceRefused, match="tidak meminta"):
        uploads.do_start_upload(balikpapan, "1.1", "foto", "x.pdf", 10, actor=operator_balikpapan)


def test_the_same_file_twice_is_refused(balikpapan: Submission, operator_balikpapan) -> None:
    content = make_pdf()
    upload_whole(balikpapan, "1.1", "regulasi", "perda.pdf", content, actor=operator_balikpapan)
    with pytest.raises(EvidenceRefused, match="sudah terlampir"):
        upload_whole(
            balikpapan, "1.1", "regulasi", "perda lagi.pdf", content, actor=operator_balikpapan
        )


def test_uploads_are_refused_after_the_window_closes_or_after_submission(
    balikpapan: Submission, operator_balikpapan
) -> None:
    content = make_pdf()
    session = uploads.do_start_upload(
        balikpapan, "1.1", "regulasi", "perda.pdf", len(content), actor=operator_balikpapan
    )
    later = timezone.now() + datetime.timedelta(days=25)
    with pytest.raises(StageClosed):
        uploads.do_upload_chunk(session, 0, content, actor=operator_balikpapan, now=later)
    with pytest.raises(StageClosed):
        uploads.do_start_upload(
            balikpapan,
            "1.1",
            "regulasi",
            "perda.pdf",
            len(content),
            actor=operator_balikpapan,
            now=later,
        )
    row = upload_whole(
        balikpapan, "1.2", "matriks", "m.pdf", make_pdf("m"), actor=operator_balikpapan
    )
    Submission.objects.filter(pk=balikpapan.pk).update(status=SubmissionStatus.SUBMITTED)
    with pytest.raises(StageClosed):
        evidence.do_remove_evidence(row, actor=operator_balikpapan)


def test_removing_a_file_is_soft_and_audited(balikpapan: Submission, operator_balikpapan) -> None:
    row = upload_whole(
        balikpapan, "1.1", "regulasi", "perda.pdf", make_pdf(), actor=operator_balikpapan
    )
    evidence.do_remove_evidence(row, actor=operator_balikpapan)
    row.refresh_from_db()
    assert row.removed_at is not None
    assert default_storage.exists(row.file.name)  # kept: the audit log still points to it
    assert ("1.1", "regulasi") not in queries.evidence_by_requirement(balikpapan)
    event = AuditEvent.objects.get(action="evidence.removed")
    assert (event.before or {})["sha256"] == row.sha256
    with pytest.raises(EvidenceRefused):
        evidence.do_remove_evidence(row, actor=operator_balikpapan)


def test_required_evidence_counts_for_the_completeness_check(
    balikpapan: Submission, operator_balikpapan
) -> None:
    from layakanak.evaluation.actions.answers import do_save_answer

    do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)

    def missing_evidence() -> set[tuple[str, str]]:
        return {
            (m["question"], m["label_id"])
            for m in queries.missing_for_submission(balikpapan)
            if m["kind"] == "evidence" and m["question"] == "1.1"
        }

    assert missing_evidence()
    upload_whole(balikpapan, "1.1", "regulasi", "perda.pdf", make_pdf(), actor=operator_balikpapan)
    assert not missing_evidence()


def test_a_document_of_an_earlier_cycle_is_attached_again_without_uploading(
    balikpapan: Submission, operator_balikpapan, old_perda: EvidenceFile
) -> None:
    offered = previous_evidence(balikpapan)
    assert offered == {("1.1", "regulasi"): [old_perda]}
    row = evidence.do_attach_previous_evidence(
        balikpapan, "1.1", "regulasi", old_perda, None, actor=operator_balikpapan
    )
    assert row.reused_from == old_perda and row.submission == balikpapan
    assert row.file.name == old_perda.file.name and row.sha256 == old_perda.sha256
    assert row.valid_until is None  # valid until revoked
    assert stored_bytes(row) == stored_bytes(old_perda)
    event = AuditEvent.objects.get(action="evidence.reused")
    assert (event.after or {})["from_cycle"] == "2025"
    assert (event.after or {})["reused_from"] == str(old_perda.pk)
    # Attached now: no longer offered, and attaching it twice is refused.
    assert previous_evidence(balikpapan) == {}
    with pytest.raises(EvidenceRefused, match="sudah terlampir"):
        evidence.do_attach_previous_evidence(
            balikpapan, "1.1", "regulasi", old_perda, None, actor=operator_balikpapan
        )


def test_a_validity_date_is_kept_and_an_expired_one_refused(
    balikpapan: Submission, operator_balikpapan, old_perda: EvidenceFile
) -> None:
    yesterday = clock.local_date(-1)
    with pytest.raises(EvidenceRefused, match="sudah lewat"):
        evidence.do_attach_previous_evidence(
            balikpapan, "1.1", "regulasi", old_perda, yesterday, actor=operator_balikpapan
        )
    until = clock.local_date(4 * 365)
    row = evidence.do_attach_previous_evidence(
        balikpapan, "1.1", "regulasi", old_perda, until, actor=operator_balikpapan
    )
    assert row.valid_until == until


def test_another_regions_or_another_requirements_file_cannot_be_attached(
    balikpapan: Submission,
    operator_balikpapan,
    old_perda: EvidenceFile,
    old_samarinda_perda: EvidenceFile,
) -> None:
    with pytest.raises(EvidenceRefused, match="bukan data dukung daerah ini"):
        evidence.do_attach_previous_evidence(
            balikpapan, "1.1", "regulasi", old_samarinda_perda, None, actor=operator_balikpapan
        )
    with pytest.raises(EvidenceRefused, match="bukan data dukung daerah ini"):
        evidence.do_attach_previous_evidence(
            balikpapan, "1.3", "regulasi", old_perda, None, actor=operator_balikpapan
        )
    assert previous_evidence(balikpapan) == {("1.1", "regulasi"): [old_perda]}


def test_stale_unfinished_uploads_are_discarded(
    balikpapan: Submission, operator_balikpapan
) -> None:
    content = make_pdf()
    session = uploads.do_start_upload(
        balikpapan, "1.1", "regulasi", "perda.pdf", len(content), actor=operator_balikpapan
    )
    session = uploads.do_upload_chunk(session, 0, content[:100], actor=operator_balikpapan)
    part = session.parts[0][2]
    assert default_storage.exists(part)
    later = timezone.now() + datetime.timedelta(days=3)
    assert (
        uploads.do_discard_stale_uploads(datetime.timedelta(days=2), actor="test", now=later) == 1
    )
    assert not UploadSession.objects.exists()
