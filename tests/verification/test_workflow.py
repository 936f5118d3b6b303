"""The verification state machine: every transition and every refusal."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from layakanak.accounts.models import User
from layakanak.audit.models import AuditEvent
from layakanak.evaluation.actions.answers import do_save_answer
from layakanak.evaluation.actions.cycles import do_set_stage_window
from layakanak.evaluation.errors import StageClosed
from layakanak.evaluation.models import StageScore, Submission
from layakanak.verification import queries
from layakanak.verification.actions.checks import do_save_check
from layakanak.verification.actions.decisions import do_decide_predicate
from layakanak.verification.actions.field import (
    do_add_locus,
    do_save_forum_anak_notes,
    do_schedule_field_visit,
)
from layakanak.verification.actions.revisions import (
    do_request_revision,
    do_resubmit_revision,
    do_withdraw_revision,
)
from layakanak.verification.actions.stages import do_approve_stage, do_reopen_stage
from layakanak.verification.errors import CheckConflict, StageLocked, VerificationRefused
from layakanak.verification.models import Decision, Review
from tests.verification.helpers import accept_all, first_scoring_question, through

pytestmark = pytest.mark.django_db


def test_verification_cannot_start_before_the_self_assessment_is_submitted(
    cycle: object, balikpapan: Submission, verifier_kaltim: User
) -> None:
    with pytest.raises(VerificationRefused):
        do_save_check(
            balikpapan,
            "VA",
            "1.1",
            verified_points="0",
            status="accepted",
            expected_version=0,
            actor=verifier_kaltim,
        )


def test_a_check_starts_from_the_claimed_points_and_an_adjustment_needs_a_reason(
    submitted: Submission, verifier_kaltim: User
) -> None:
    code, claimed = first_scoring_question(submitted)
    with pytest.raises(VerificationRefused, match="adjusted"):
        do_save_check(
            submitted,
            "VA",
            code,
            verified_points="0",
            status="accepted",
            expected_version=0,
            actor=verifier_kaltim,
        )
    with pytest.raises(VerificationRefused, match="reason"):
        do_save_check(
            submitted,
            "VA",
            code,
            verified_points="0",
            status="adjusted",
            expected_version=0,
            actor=verifier_kaltim,
        )
    with pytest.raises(VerificationRefused, match="between 0"):
        do_save_check(
            submitted,
            "VA",
            code,
            verified_points="99999",
            status="adjusted",
            comment="x",
            expected_version=0,
            actor=verifier_kaltim,
        )
    check = do_save_check(
        submitted,
        "VA",
        code,
        verified_points="0",
        status="evidence_insufficient",
        comment="SK Gugus Tugas tidak dilampirkan",
        expected_version=0,
        actor=verifier_kaltim,
    )
    assert check.verified_points == Decimal(0) and check.version == 1
    assert Review.objects.get(submission=submitted).stage == "VA"
    assert queries.total_of(queries.stage_points(submitted, "VA")) == (
        StageScore.objects.get(submission=submitted, stage="EM").total - claimed
    )
    assert AuditEvent.objects.filter(action="verification.check_saved").count() == 1


def test_two_verifiers_changing_the_same_item_get_a_conflict_and_nothing_is_overwritten(
    submitted: Submission, verifier_kaltim: User
) -> None:
    code, claimed = first_scoring_question(submitted)
    do_save_check(
        submitted,
        "VA",
        code,
        verified_points=claimed,
        status="accepted",
        expected_version=0,
        actor=verifier_kaltim,
    )
    with pytest.raises(CheckConflict) as conflict:
        do_save_check(
            submitted,
            "VA",
            code,
            verified_points="0",
            status="adjusted",
            comment="stale page",
            expected_version=0,
            actor=verifier_kaltim,
        )
    assert conflict.value.version == 1
    assert queries.checks_of(submitted, "VA")[code].verified_points == claimed


def test_approving_needs_every_question_checked_and_freezes_a_reproducible_score(
    submitted: Submission, verifier_kaltim: User
) -> None:
    with pytest.raises(VerificationRefused, match="not yet checked"):
        do_approve_stage(submitted, "VA", actor=verifier_kaltim)
    code, _claimed = first_scoring_question(submitted)
    do_save_check(
        submitted,
        "VA",
        code,
        verified_points="0",
        status="adjusted",
        comment="Bukti tidak sesuai",
        expected_version=0,
        actor=verifier_kaltim,
    )
    accept_all(submitted, "VA", verifier_kaltim)
    score = do_approve_stage(submitted, "VA", actor=verifier_kaltim)
    em = StageScore.objects.get(submission=submitted, stage="EM")
    assert score.total < em.total
    assert queries.recompute(score) == (score.total, score.band_code)
    assert Review.objects.get(submission=submitted).stage == "PU"
    # The approved stage is locked for the provincial verifier.
    with pytest.raises(StageLocked):
        do_save_check(
            submitted,
            "VA",
            code,
            verified_points="0",
            status="adjusted",
            comment="again",
            expected_version=1,
            actor=verifier_kaltim,
        )


def test_every_stage_score_recomputed_equals_the_stored_one(
    submitted: Submission, verifier_pusat: User
) -> None:
    through(submitted, "VA", verifier_pusat)
    code, start = first_scoring_question(submitted, "PU")
    do_save_check(
        submitted,
        "PU",
        code,
        verified_points=start / 2,
        status="adjusted",
        comment="Sebagian",
        expected_version=0,
        actor=verifier_pusat,
    )
    accept_all(submitted, "PU", verifier_pusat)
    do_approve_stage(submitted, "PU", actor=verifier_pusat)
    with pytest.raises(VerificationRefused, match="Schedule"):
        do_approve_stage(submitted, "VL", actor=verifier_pusat)
    do_schedule_field_visit(
        submitted,
        visit_date=datetime.date(2026, 5, 20),
        mode="physical",
        team=[verifier_pusat],
        actor=verifier_pusat,
    )
    do_save_check(
        submitted,
        "VL",
        code,
        verified_points="0",
        status="adjusted",
        comment="Layanan tidak ditemukan di lokus",
        expected_version=0,
        actor=verifier_pusat,
    )
    do_approve_stage(submitted, "VL", actor=verifier_pusat)
    do_approve_stage(submitted, "VF", actor=verifier_pusat)
    scores = {row.stage: row for row in StageScore.objects.filter(submission=submitted)}
    assert set(scores) == {"EM", "VA", "PU", "VL", "VF"}
    for row in scores.values():
        assert queries.recompute(row) == (row.total, row.band_code)
    assert scores["PU"].total == scores["VA"].total - start + start / 2
    assert scores["VL"].total == scores["VA"].total - start
    assert Review.objects.get(submission=submitted).stage == "decision"


def test_a_stage_window_that_is_closed_refuses_checks(
    submitted: Submission, verifier_kaltim: User
) -> None:
    now = timezone.now()
    do_set_stage_window(
        submitted.cycle,
        "verifikasi_administrasi",
        now + datetime.timedelta(days=1),
        now + datetime.timedelta(days=5),
        actor="test",
    )
    code, claimed = first_scoring_question(submitted)
    with pytest.raises(VerificationRefused, match="window"):
        do_save_check(
            submitted,
            "VA",
            code,
            verified_points=claimed,
            status="accepted",
            expected_version=0,
            actor=verifier_kaltim,
        )


def test_send_back_lets_the_operator_change_exactly_the_items_sent_back(
    submitted: Submission, verifier_kaltim: User, operator_balikpapan: User
) -> None:
    code, claimed = first_scoring_question(submitted)
    do_save_check(
        submitted,
        "VA",
        code,
        verified_points=claimed,
        status="accepted",
        expected_version=0,
        actor=verifier_kaltim,
    )
    other = next(
        c
        for c in queries.questions_to_check(
            __import__("layakanak.instruments.queries", fromlist=["x"]).instrument_of(
                submitted.cycle.instrument
            ),
            submitted,
        )
        if c != code
    )
    deadline = timezone.now() + datetime.timedelta(hours=48)
    with pytest.raises(VerificationRefused, match="reason"):
        do_request_revision(
            submitted, "VA", [code], reason=" ", deadline=deadline, actor=verifier_kaltim
        )
    with pytest.raises(VerificationRefused, match="future"):
        do_request_revision(
            submitted, "VA", [code], reason="x", deadline=timezone.now(), actor=verifier_kaltim
        )
    request = do_request_revision(
        submitted,
        "VA",
        [code],
        reason="Lampirkan SK terbaru",
        deadline=deadline,
        actor=verifier_kaltim,
    )
    assert request.round == 1 and queries.open_revision_questions(submitted) == {code}
    with pytest.raises(VerificationRefused, match="already"):
        do_request_revision(
            submitted, "VA", [other], reason="x", deadline=deadline, actor=verifier_kaltim
        )
    with pytest.raises(VerificationRefused, match="not answered"):
        do_approve_stage(submitted, "VA", actor=verifier_kaltim)
    with pytest.raises(VerificationRefused, match="sent back"):
        do_save_check(
            submitted,
            "VA",
            code,
            verified_points=claimed,
            status="accepted",
            expected_version=1,
            actor=verifier_kaltim,
        )
    # The operator may clear/change the sent-back answer, not any other.
    do_save_answer(submitted, code, None, expected_version=None, actor=operator_balikpapan)
    with pytest.raises(StageClosed):
        do_save_answer(submitted, other, None, expected_version=None, actor=operator_balikpapan)
    do_resubmit_revision(submitted, actor=operator_balikpapan)
    request.refresh_from_db()
    assert request.resolved_at is not None and request.changed_questions() == [code]
    assert queries.checks_of(submitted, "VA")[code].status == "pending"
    assert Review.objects.get(submission=submitted).state == "in_review"
    with pytest.raises(StageClosed):
        do_save_answer(submitted, code, None, expected_version=None, actor=operator_balikpapan)
    # A second round is recorded too.
    second = do_request_revision(
        submitted, "VA", [other], reason="Data 2025", deadline=deadline, actor=verifier_kaltim
    )
    assert second.round == 2
    do_withdraw_revision(submitted, actor=verifier_kaltim)
    second.refresh_from_db()
    assert second.withdrawn and second.changed_questions() == []


def test_after_the_deadline_the_items_sent_back_are_closed_again(
    submitted: Submission, verifier_kaltim: User, operator_balikpapan: User
) -> None:
    code, _ = first_scoring_question(submitted)
    deadline = timezone.now() + datetime.timedelta(hours=1)
    do_request_revision(
        submitted, "VA", [code], reason="x", deadline=deadline, actor=verifier_kaltim
    )
    with pytest.raises(StageClosed):
        do_save_answer(
            submitted,
            code,
            None,
            expected_version=None,
            actor=operator_balikpapan,
            now=deadline + datetime.timedelta(minutes=1),
        )
    with pytest.raises(VerificationRefused, match="no open revision"):
        do_withdraw_revision(submitted, actor=verifier_kaltim) and do_withdraw_revision(
            submitted, actor=verifier_kaltim
        )


def test_a_higher_level_reopens_an_approved_stage_with_a_reason(
    submitted: Submission, verifier_pusat: User, verifier_kaltim: User
) -> None:
    through(submitted, "PU", verifier_pusat)
    with pytest.raises(VerificationRefused, match="reason"):
        do_reopen_stage(submitted, "VA", reason="", actor=verifier_pusat)
    with pytest.raises(VerificationRefused, match="approved"):
        do_reopen_stage(submitted, "VL", reason="x", actor=verifier_pusat)
    do_reopen_stage(submitted, "VA", reason="Dokumen baru dari provinsi", actor=verifier_pusat)
    review = Review.objects.get(submission=submitted)
    assert (review.stage, review.reopened_reason) == ("VA", "Dokumen baru dari provinsi")
    assert set(StageScore.objects.filter(submission=submitted).values_list("stage", flat=True)) == {
        "EM"
    }
    code, _ = first_scoring_question(submitted)
    check = queries.checks_of(submitted, "VA")[code]
    do_save_check(
        submitted,
        "VA",
        code,
        verified_points="0",
        status="adjusted",
        comment="x",
        expected_version=check.version,
        actor=verifier_kaltim,
    )


def test_field_visit_loci_and_forum_anak_notes(submitted: Submission, verifier_pusat: User) -> None:
    with pytest.raises(StageLocked):
        do_schedule_field_visit(
            submitted,
            visit_date=datetime.date(2026, 5, 20),
            mode="hybrid",
            team=[],
            actor=verifier_pusat,
        )
    through(submitted, "PU", verifier_pusat)
    with pytest.raises(VerificationRefused, match="Schedule"):
        do_add_locus(
            submitted, kind="puskesmas", name="Puskesmas Klandasan Ilir", actor=verifier_pusat
        )
    do_schedule_field_visit(
        submitted,
        visit_date=datetime.date(2026, 5, 20),
        mode="hybrid",
        team=[verifier_pusat],
        actor=verifier_pusat,
    )
    with pytest.raises(VerificationRefused, match="together"):
        do_add_locus(
            submitted, kind="school", name="SDN 001", latitude=Decimal("-1.2"), actor=verifier_pusat
        )
    with pytest.raises(VerificationRefused, match="not valid"):
        do_add_locus(
            submitted,
            kind="school",
            name="SDN 001",
            latitude=Decimal("-91"),
            longitude=Decimal("116.8"),
            actor=verifier_pusat,
        )
    locus = do_add_locus(
        submitted,
        kind="puskesmas",
        name="Puskesmas Klandasan Ilir",
        address="Jl. Jend. Sudirman",
        latitude=Decimal("-1.273500"),
        longitude=Decimal("116.829400"),
        notes="Ruang laktasi tersedia",
        actor=verifier_pusat,
    )
    visit = do_save_forum_anak_notes(
        submitted, "Forum Anak aktif dalam Musrenbang.", actor=verifier_pusat
    )
    assert locus.visit == visit and visit.forum_anak_notes.startswith("Forum Anak")


def test_the_decision_is_the_proposed_band_or_another_one_with_a_reason(
    submitted: Submission,
    submitted_samarinda: Submission,
    verifier_pusat: User,
    central_admin: User,
) -> None:
    with pytest.raises(StageLocked):
        do_decide_predicate(submitted, "madya", actor=central_admin)
    through(submitted, "VF", verifier_pusat)
    final = StageScore.objects.get(submission=submitted, stage="VF")
    other_band = "pratama" if final.band_code != "pratama" else "madya"
    with pytest.raises(VerificationRefused, match="reason"):
        do_decide_predicate(submitted, other_band, actor=central_admin)
    with pytest.raises(VerificationRefused, match="Unknown"):
        do_decide_predicate(submitted, "emas", reason="x", actor=central_admin)
    decision = do_decide_predicate(
        submitted, other_band, reason="Kasus kekerasan anak menonjol", actor=central_admin
    )
    assert (decision.proposed_band, decision.decided_band) == (final.band_code, other_band)
    assert decision.final_total == final.total and decision.decided_by == central_admin
    with pytest.raises(StageLocked):
        do_decide_predicate(submitted, other_band, reason="again", actor=central_admin)
    with pytest.raises(StageLocked):
        do_reopen_stage(submitted, "VF", reason="x", actor=verifier_pusat)
    # Without a reason when the decision follows the proposal.
    through(submitted_samarinda, "VF", verifier_pusat)
    proposed = StageScore.objects.get(submission=submitted_samarinda, stage="VF").band_code
    same = do_decide_predicate(submitted_samarinda, proposed, actor=central_admin)
    assert same.reason == "" and Decision.objects.count() == 2


def test_the_demo_command_moves_regions_through_the_stages_and_is_idempotent(
    submitted: Submission,
    submitted_samarinda: Submission,
) -> None:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("demo_verification", stdout=out)
    assert "64.71" in out.getvalue() and "64.72" in out.getvalue()
    assert Review.objects.get(submission=submitted).state == "sent_back"
    assert Review.objects.get(submission=submitted_samarinda).stage == "PU"
    again = io.StringIO()
    call_command("demo_verification", stdout=again)
    assert "left unchanged" in again.getvalue()
