"""Writes of the verification: per-question checks, send-backs, stage approvals and reopening,
field visits and the predicate decision.

The state machine (Review.stage, Review.state):

    submitted ─► VA ─► PU ─► VL ─► VF ─► decision ─► decided
                  ▲ sent_back ◄─► in_review (any stage; the operator fixes and resubmits)
                  └── reopen (a higher level, with a reason) from any later stage

Every action runs in one transaction, checks its preconditions (state, stage window, version)
and records an audit event. Permission checks are the caller's, in `access.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from layakanak.audit.actions import Actor, actor_name, record_event, user_of
from layakanak.evaluation.models import StageScore, Submission, SubmissionStatus
from layakanak.evaluation.windows import stage_is_open
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.engine import band_for
from layakanak.verification import queries
from layakanak.verification.errors import CheckConflict, StageLocked, VerificationRefused
from layakanak.verification.models import (
    DECISION,
    STAGE_ORDER,
    STAGE_WINDOWS,
    CheckStatus,
    Decision,
    FieldVisit,
    Locus,
    QuestionCheck,
    Review,
    ReviewState,
    RevisionRequest,
    VisitMode,
)

STAGE_NAMES_ID = {
    "VA": "verifikasi administrasi",
    "PU": "peninjauan ulang",
    "VL": "verifikasi lapangan",
    "VF": "verifikasi final",
    DECISION: "penetapan",
}
STAGE_NAMES_EN = {
    "VA": "administrative verification",
    "PU": "central review",
    "VL": "field verification",
    "VF": "final verification",
    DECISION: "decision",
}


def _refuse(message_id: str, message_en: str) -> VerificationRefused:
    return VerificationRefused(message_id, message_en)


def _locked_submission(submission: Submission) -> Submission:
    locked = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("cycle__instrument", "region")
        .defer("cycle__instrument__document")
    )
    return locked.get(pk=submission.pk)


def _review(submission: Submission, now: datetime.datetime, *, create: bool = False) -> Review:
    """The submission's review, locked; created at VA the first time a verifier writes."""
    review = Review.objects.select_for_update().filter(submission_id=submission.pk).first()
    if review is not None:
        return review
    if submission.status != SubmissionStatus.SUBMITTED:
        raise _refuse(
            "Evaluasi mandiri daerah ini belum dikirim; verifikasi belum dapat dimulai.",
            "This region has not submitted its self-assessment; verification cannot start.",
        )
    if not create:
        raise StageLocked(
            "Verifikasi administrasi belum dimulai untuk daerah ini.",
            "Administrative verification has not started for this region.",
        )
    return Review.objects.create(submission=submission, started_at=now, updated_at=now)


def _require_stage(review: Review, stage: str) -> None:
    if review.state == ReviewState.DECIDED:
        raise StageLocked(
            "Predikat daerah ini sudah ditetapkan; verifikasi terkunci.",
            "The predicate of this region has been decided; verification is locked.",
        )
    if review.stage != stage:
        raise StageLocked(
            f"Tahap {STAGE_NAMES_ID.get(stage, stage)} tidak sedang berjalan (tahap saat ini: "
            f"{STAGE_NAMES_ID.get(review.stage, review.stage)}); tahap yang sudah disetujui "
            "terkunci kecuali dibuka kembali oleh verifikator pusat.",
            f"The {STAGE_NAMES_EN.get(stage, stage)} stage is not under way (current stage: "
            f"{STAGE_NAMES_EN.get(review.stage, review.stage)}); an approved stage is locked "
            "unless a central verifier reopens it.",
        )


def _require_window(submission: Submission, stage: str, now: datetime.datetime) -> None:
    if not stage_is_open(submission, STAGE_WINDOWS[stage], now):
        raise _refuse(
            f"Jadwal tahap {STAGE_NAMES_ID[stage]} tidak sedang dibuka untuk daerah ini.",
            f"The {STAGE_NAMES_EN[stage]} window is not open for this region.",
        )


def _parse_points(raw: object, maximum: Decimal, quantum: Decimal) -> Decimal:
    try:
        points = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise _refuse("Nilai tidak terbaca.", "The score could not be read.") from exc
    if not points.is_finite() or points < 0 or points > maximum:
        raise _refuse(
            f"Nilai harus antara 0 dan {maximum}.", f"The score must be between 0 and {maximum}."
        )
    if points != points.quantize(quantum):
        raise _refuse(
            f"Nilai paling banyak memakai {-quantum.as_tuple().exponent} angka desimal.",  # type: ignore[operator]
            f"The score has at most {-quantum.as_tuple().exponent} decimals.",  # type: ignore[operator]
        )
    return points.quantize(quantum)


@transaction.atomic
def do_save_check(
    submission: Submission,
    stage: str,
    question_code: str,
    *,
    verified_points: object,
    status: str,
    comment: str = "",
    expected_version: int | None,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> QuestionCheck:
    """Record a verifier's verdict on one question in the current stage.

    The verified score starts from where the stage starts (the claimed points at VA); a score
    that differs needs the status "adjusted" or "evidence insufficient" and a comment (the
    justification). `expected_version` is the version the sender saw (0: not yet checked); a
    different current version raises CheckConflict and nothing is written.
    """
    now = now or timezone.now()
    submission = _locked_submission(submission)
    review = _review(submission, now, create=stage == "VA")
    _require_stage(review, stage)
    _require_window(submission, stage, now)
    instrument = instrument_of(submission.cycle.instrument)
    if not instrument.has_question(question_code):
        raise _refuse(
            f"Pertanyaan {question_code} tidak ada di instrumen ini.",
            f"Question {question_code} is not in this instrument.",
        )
    if question_code in queries.open_revision_questions(submission, now):
        raise _refuse(
            "Pertanyaan ini sedang dikembalikan ke daerah untuk diperbaiki.",
            "This question is sent back to the region for revision.",
        )
    if status not in CheckStatus.values or status == CheckStatus.PENDING:
        raise _refuse("Pilih status pemeriksaan.", "Choose a check status.")
    maximum = instrument.question(question_code).maximum
    points = _parse_points(verified_points, maximum, instrument.quantum)
    start = queries.base_points(submission, stage).get(question_code, Decimal(0))
    comment = comment.strip()
    if status == CheckStatus.ACCEPTED and points != start:
        raise _refuse(
            "Nilai berbeda dari nilai awal: pilih status 'disesuaikan' dan tulis alasannya.",
            "The score differs from the starting score: choose 'adjusted' and give a reason.",
        )
    if status != CheckStatus.ACCEPTED and not comment:
        raise _refuse(
            "Tulis alasan (komentar) untuk nilai yang disesuaikan atau bukti yang kurang.",
            "Give a reason (comment) for an adjusted score or insufficient evidence.",
        )
    check = (
        QuestionCheck.objects.select_for_update()
        .filter(submission=submission, stage=stage, question_code=question_code)
        .first()
    )
    current_version = check.version if check else 0
    if expected_version is not None and expected_version != current_version and check:
        raise CheckConflict(
            check.verified_points,
            check.status,
            check.comment,
            check.version,
            actor_name(check.checked_by),
        )
    before = _check_state(check)
    if check is None:
        check = QuestionCheck(
            submission=submission, stage=stage, question_code=question_code, version=0
        )
    unchanged = (
        check.pk is not None
        and check.verified_points == points
        and check.status == status
        and check.comment == comment
    )
    if unchanged:
        return check  # a repeated save (e.g. the autosave and the form both sent)
    check.verified_points, check.status, check.comment = points, status, comment
    check.version += 1
    check.checked_by = user_of(actor)
    check.checked_at = now
    check.save()
    review.updated_at = now
    review.save(update_fields=["updated_at"])
    record_event(
        "verification.check_saved",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        before=before,
        after={"stage": stage, "question": question_code, **_check_state(check)},  # type: ignore[dict-item]
    )
    return check


def _check_state(check: QuestionCheck | None) -> dict[str, Any] | None:
    if check is None:
        return None
    return {
        "points": format(check.verified_points, "f"),
        "status": check.status,
        "comment": check.comment,
        "version": check.version,
    }


@transaction.atomic
def do_request_revision(
    submission: Submission,
    stage: str,
    question_codes: Iterable[str],
    *,
    reason: str,
    deadline: datetime.datetime,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> RevisionRequest:
    """Send chosen questions back to the region with a reason and a deadline (e.g. 2×24 h)."""
    now = now or timezone.now()
    submission = _locked_submission(submission)
    review = _review(submission, now, create=stage == "VA")
    _require_stage(review, stage)
    _require_window(submission, stage, now)
    if review.state == ReviewState.SENT_BACK:
        raise _refuse(
            "Sudah ada permintaan perbaikan yang belum dijawab daerah.",
            "A revision request is already waiting for the region.",
        )
    instrument = instrument_of(submission.cycle.instrument)
    chosen = set(question_codes)
    unknown = [code for code in chosen if not instrument.has_question(code)]
    codes = [q.code for q in instrument.questions if q.code in chosen]
    if not codes or unknown:
        raise _refuse(
            "Pilih pertanyaan yang dikembalikan (dari instrumen ini).",
            "Choose the questions to send back (from this instrument).",
        )
    if not reason.strip():
        raise _refuse("Tulis alasan pengembalian.", "Give the reason for sending back.")
    if deadline <= now:
        raise _refuse("Batas waktu harus di masa depan.", "The deadline must be in the future.")
    round_number = RevisionRequest.objects.filter(submission=submission).count() + 1
    request = RevisionRequest.objects.create(
        submission=submission,
        stage=stage,
        round=round_number,
        questions=codes,
        reason=reason.strip(),
        deadline=deadline,
        requested_by=user_of(actor),
        requested_at=now,
        before=queries.evidence_snapshot(submission, codes),
    )
    review.state = ReviewState.SENT_BACK
    review.updated_at = now
    review.save(update_fields=["state", "updated_at"])
    record_event(
        "verification.revision_requested",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "stage": stage,
            "round": round_number,
            "questions": codes,
            "reason": reason.strip(),
            "deadline": deadline.isoformat(),
        },
    )
    return request


def _close_revision(
    submission: Submission,
    review: Review,
    request: RevisionRequest,
    actor: Actor,
    now: datetime.datetime,
    *,
    withdrawn: bool,
) -> None:
    request.after = queries.evidence_snapshot(submission, list(request.questions))
    request.resolved_at = now
    request.resolved_by = user_of(actor)
    request.withdrawn = withdrawn
    request.save(update_fields=["after", "resolved_at", "resolved_by", "withdrawn"])
    changed = request.changed_questions()
    # What changed must be looked at again in this stage.
    for check in QuestionCheck.objects.filter(
        submission=submission, stage=request.stage, question_code__in=changed
    ):
        check.status = CheckStatus.PENDING
        check.version += 1
        check.checked_at = now
        check.save(update_fields=["status", "version", "checked_at"])
    review.state = ReviewState.IN_REVIEW
    review.updated_at = now
    review.save(update_fields=["state", "updated_at"])
    record_event(
        "verification.revision_withdrawn" if withdrawn else "verification.revision_resubmitted",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={"round": request.round, "changed": changed, "late": now > request.deadline},
    )


@transaction.atomic
def do_resubmit_revision(
    submission: Submission, *, actor: Actor, now: datetime.datetime | None = None
) -> RevisionRequest:
    """The operator sends the revised items back to the verifier (also after the deadline,
    which is recorded as late); the changed questions return to "not yet checked"."""
    now = now or timezone.now()
    submission = _locked_submission(submission)
    review = _review(submission, now)
    request = queries.open_revision(submission)
    if request is None or review.state != ReviewState.SENT_BACK:
        raise _refuse(
            "Tidak ada permintaan perbaikan yang terbuka.", "There is no open revision request."
        )
    _close_revision(submission, review, request, actor, now, withdrawn=False)
    return request


@transaction.atomic
def do_withdraw_revision(
    submission: Submission, *, actor: Actor, now: datetime.datetime | None = None
) -> RevisionRequest:
    """The verifier closes a send-back (e.g. after its deadline passed without an answer)."""
    now = now or timezone.now()
    submission = _locked_submission(submission)
    review = _review(submission, now)
    request = queries.open_revision(submission)
    if request is None:
        raise _refuse(
            "Tidak ada permintaan perbaikan yang terbuka.", "There is no open revision request."
        )
    _close_revision(submission, review, request, actor, now, withdrawn=True)
    return request


@transaction.atomic
def do_approve_stage(
    submission: Submission, stage: str, *, actor: Actor, now: datetime.datetime | None = None
) -> StageScore:
    """Close a stage: freeze its score (per-question points, total, band, instrument hash) as
    StageScore `stage` and move to the next stage. VA and PU need every answered question
    checked; VL needs the field visit scheduled."""
    now = now or timezone.now()
    submission = _locked_submission(submission)
    review = _review(submission, now, create=stage == "VA")
    _require_stage(review, stage)
    _require_window(submission, stage, now)
    if review.state == ReviewState.SENT_BACK:
        raise _refuse(
            "Daerah belum menjawab permintaan perbaikan.",
            "The region has not answered the revision request yet.",
        )
    if stage in ("VA", "PU"):
        missing = queries.unchecked(submission, stage)
        if missing:
            raise _refuse(
                f"Masih ada {len(missing)} pertanyaan yang belum diperiksa "
                f"(misalnya {', '.join(missing[:5])}).",
                f"{len(missing)} question(s) not yet checked (e.g. {', '.join(missing[:5])}).",
            )
    if stage == "VL" and not FieldVisit.objects.filter(submission=submission).exists():
        raise _refuse(
            "Jadwalkan verifikasi lapangan terlebih dahulu.",
            "Schedule the field verification first.",
        )
    version = submission.cycle.instrument
    instrument = instrument_of(version)
    points = queries.stage_points(submission, stage)
    ordered = {q.code: points.get(q.code, Decimal(0)) for q in instrument.questions}
    total = queries.total_of(ordered)
    band = band_for(instrument, total)
    stage_score, _created = StageScore.objects.update_or_create(
        submission=submission,
        stage=stage,
        defaults={
            "total": total,
            "band_code": band.code,
            "instrument_sha256": version.sha256,
            "points": {code: format(value, "f") for code, value in ordered.items()},
            "computed_at": now,
            "computed_by": user_of(actor),
        },
    )
    index = STAGE_ORDER.index(stage)
    review.stage = STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else DECISION
    review.state = ReviewState.IN_REVIEW
    review.updated_at = now
    review.save(update_fields=["stage", "state", "updated_at"])
    record_event(
        "verification.stage_approved",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "stage": stage,
            "total": format(total, "f"),
            "band": band.code,
            "next": review.stage,
        },
    )
    return stage_score


@transaction.atomic
def do_reopen_stage(
    submission: Submission,
    stage: str,
    *,
    reason: str,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> Review:
    """A higher level reopens an approved stage: the review returns to it and the scores of
    that stage and every later one are withdrawn (kept in the audit event)."""
    now = now or timezone.now()
    submission = _locked_submission(submission)
    review = _review(submission, now)
    if not reason.strip():
        raise _refuse("Tulis alasan membuka kembali.", "Give the reason for reopening.")
    if review.state == ReviewState.DECIDED:
        raise StageLocked(
            "Predikat sudah ditetapkan; tahap tidak dapat dibuka kembali.",
            "The predicate has been decided; stages can no longer be reopened.",
        )
    order = [*STAGE_ORDER, DECISION]
    if stage not in STAGE_ORDER or order.index(stage) >= order.index(review.stage):
        raise _refuse(
            "Hanya tahap yang sudah disetujui yang dapat dibuka kembali.",
            "Only an approved stage can be reopened.",
        )
    if review.state == ReviewState.SENT_BACK:
        raise _refuse(
            "Tutup dahulu permintaan perbaikan yang terbuka.",
            "Close the open revision request first.",
        )
    later = STAGE_ORDER[STAGE_ORDER.index(stage) :]
    withdrawn = StageScore.objects.filter(submission=submission, stage__in=later)
    before = {
        "stage": review.stage,
        "scores": {row.stage: format(row.total, "f") for row in withdrawn},
    }
    withdrawn.delete()
    review.stage = stage
    review.state = ReviewState.IN_REVIEW
    review.reopened_reason = reason.strip()
    review.updated_at = now
    review.save(update_fields=["stage", "state", "reopened_reason", "updated_at"])
    record_event(
        "verification.stage_reopened",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        before=before,
        after={"stage": stage, "reason": reason.strip()},
    )
    return review


@transaction.atomic
def do_schedule_field_visit(
    submission: Submission,
    *,
    visit_date: datetime.date,
    mode: str,
    team: Iterable[Any],
    actor: Actor,
    now: datetime.datetime | None = None,
) -> FieldVisit:
    """Set (or change) the date, the mode and the team of the region's field verification."""
    now = now or timezone.now()
    submission = _locked_submission(submission)
    review = _review(submission, now)
    _require_stage(review, "VL")
    if mode not in VisitMode.values:
        raise _refuse("Pilih bentuk kunjungan.", "Choose the kind of visit.")
    visit = FieldVisit.objects.filter(submission=submission).first()
    before = visit and {"date": visit.visit_date.isoformat(), "mode": visit.mode}
    visit, _created = FieldVisit.objects.update_or_create(
        submission=submission,
        defaults={
            "visit_date": visit_date,
            "mode": mode,
            "updated_by": user_of(actor),
            "updated_at": now,
        },
    )
    members = list(team)
    visit.team.set(members)
    record_event(
        "verification.field_visit_scheduled",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        before=before,
        after={
            "date": visit_date.isoformat(),
            "mode": mode,
            "team": sorted(member.pk for member in members),
        },
    )
    return visit


def _visit_for_update(submission: Submission, now: datetime.datetime) -> FieldVisit:
    review = _review(submission, now)
    _require_stage(review, "VL")
    visit = FieldVisit.objects.select_for_update().filter(submission=submission).first()
    if visit is None:
        raise _refuse(
            "Jadwalkan verifikasi lapangan terlebih dahulu.",
            "Schedule the field verification first.",
        )
    return visit


@transaction.atomic
def do_add_locus(
    submission: Submission,
    *,
    kind: str,
    name: str,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    notes: str = "",
    actor: Actor,
    now: datetime.datetime | None = None,
) -> Locus:
    """Add a service site (Puskesmas, school, RBRA, PUSPAGA, UPTD PPA…) with its notes."""
    now = now or timezone.now()
    visit = _visit_for_update(_locked_submission(submission), now)
    if not name.strip():
        raise _refuse("Tulis nama lokus.", "Give the name of the site.")
    if (latitude is None) != (longitude is None):
        raise _refuse(
            "Isi lintang dan bujur bersama-sama.", "Give latitude and longitude together."
        )
    if (
        latitude is not None
        and longitude is not None
        and (not -90 <= latitude <= 90 or not -180 <= longitude <= 180)
    ):
        raise _refuse("Koordinat tidak valid.", "The coordinates are not valid.")
    locus = Locus.objects.create(
        visit=visit,
        kind=kind,
        name=name.strip(),
        address=address.strip(),
        latitude=latitude,
        longitude=longitude,
        notes=notes.strip(),
        added_by=user_of(actor),
        added_at=now,
    )
    record_event(
        "verification.locus_added",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "kind": kind,
            "name": locus.name,
            "latitude": latitude and str(latitude),
            "longitude": longitude and str(longitude),
        },
    )
    return locus


@transaction.atomic
def do_save_forum_anak_notes(
    submission: Submission, notes: str, *, actor: Actor, now: datetime.datetime | None = None
) -> FieldVisit:
    """The notes of the breakout session with the Forum Anak (no child's personal data)."""
    now = now or timezone.now()
    visit = _visit_for_update(_locked_submission(submission), now)
    before = visit.forum_anak_notes
    visit.forum_anak_notes = notes.strip()
    visit.updated_by = user_of(actor)
    visit.updated_at = now
    visit.save(update_fields=["forum_anak_notes", "updated_by", "updated_at"])
    record_event(
        "verification.forum_anak_notes_saved",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        before={"notes": before},
        after={"notes": visit.forum_anak_notes},
    )
    return visit


@transaction.atomic
def do_decide_predicate(
    submission: Submission,
    band_code: str,
    *,
    reason: str = "",
    actor: Actor,
    now: datetime.datetime | None = None,
) -> Decision:
    """Record the predicate given. The proposal is the band of the final (VF) score; a
    different predicate needs a reason (KLA.md section 3: the 2022 Utama list)."""
    now = now or timezone.now()
    submission = _locked_submission(submission)
    review = _review(submission, now)
    _require_stage(review, DECISION)
    _require_window(submission, DECISION, now)
    final = StageScore.objects.filter(submission=submission, stage="VF").first()
    if final is None:
        raise _refuse("Nilai verifikasi final belum ada.", "There is no final verification score.")
    instrument = instrument_of(submission.cycle.instrument)
    if band_code not in {band.code for band in instrument.bands}:
        raise _refuse("Predikat tidak dikenal.", "Unknown predicate.")
    reason = reason.strip()
    if band_code != final.band_code and not reason:
        raise _refuse(
            "Predikat berbeda dari usulan nilai akhir: alasan wajib diisi.",
            "The predicate differs from the one the final score implies: a reason is required.",
        )
    decision = Decision.objects.create(
        submission=submission,
        final_total=final.total,
        proposed_band=final.band_code,
        decided_band=band_code,
        reason=reason,
        decided_by=user_of(actor),
        decided_at=now,
    )
    review.state = ReviewState.DECIDED
    review.updated_at = now
    review.save(update_fields=["state", "updated_at"])
    record_event(
        "verification.predicate_decided",
        actor=actor,
        object_type="submission",
        object_id=str(submission.pk),
        after={
            "final_total": format(final.total, "f"),
            "proposed": final.band_code,
            "decided": band_code,
            "reason": reason,
        },
    )
    return decision
