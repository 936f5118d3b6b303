"""The refusals of the verification actions not covered in test_workflow.py, and stage scores
checked against their sources: the engine for EM, the per-question checks for the later stages."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from layakanak.accounts.models import User
from layakanak.audit.models import AuditEvent
from layakanak.evaluation import queries as evaluation_queries
from layakanak.evaluation.models import StageScore, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.scoring import score
from layakanak.verification import queries
from layakanak.verification.actions.checks import do_save_check
from layakanak.verification.actions.decisions import do_decide_predicate
from layakanak.verification.actions.field import do_schedule_field_visit
from layakanak.verification.actions.revisions import do_request_revision, do_resubmit_revision
from layakanak.verification.actions.stages import do_approve_stage, do_reopen_stage
from layakanak.verification.errors import VerificationRefused
from layakanak.verification.models import QuestionCheck, Review, RevisionRequest
from tests.verification.helpers import (
    accept_all,
    first_scoring_question,
    ready_for_approval,
    through,
)

pytestmark = pytest.mark.django_db

LATER = timezone.now() + datetime.timedelta(hours=48)


def _check(code: str, points: object, status: str = "adjusted") -> Callable[..., Any]:
    return lambda s, actor: do_save_check(
        s,
        "VA",
        code,
        verified_points=points,
        status=status,
        comment="x",
        expected_version=0,
        actor=actor,
    )


def _schedule_unknown_kind(submission: Submission, actor: User) -> None:
    through(submission, "PU", actor)
    do_schedule_field_visit(
        submission, visit_date=datetime.date(2026, 5, 20), mode="online", team=[], actor=actor
    )


def _decide_without_final_score(submission: Submission, actor: User) -> None:
    """A review at the decision whose final score was withdrawn (e.g. lost in a restore)."""
    through(submission, "VF", actor)
    StageScore.objects.filter(submission=submission, stage="VF").delete()
    do_decide_predicate(submission, "pratama", reason="x", actor=actor)


REFUSALS: dict[str, tuple[Callable[..., Any], str]] = {
    "check_unknown_question": (_check("99.9", "0"), "not in this instrument"),
    "check_without_status": (_check("1.1", "0", status="pending"), "Choose a check status"),
    "check_unknown_status": (_check("1.1", "0", status="lulus"), "Choose a check status"),
    "check_unreadable_score": (_check("1.1", "empat"), "could not be read"),
    "check_negative_score": (_check("1.1", "-1"), "between 0"),
    "check_too_many_decimals": (_check("1.1", "1.2345"), "decimals"),
    "send_back_nothing": (
        lambda s, actor: do_request_revision(s, "VA", [], reason="x", deadline=LATER, actor=actor),
        "Choose the questions",
    ),
    "send_back_unknown_question": (
        lambda s, actor: do_request_revision(
            s, "VA", ["1.1", "99.9"], reason="x", deadline=LATER, actor=actor
        ),
        "Choose the questions",
    ),
    "resubmit_without_request": (
        lambda s, actor: do_resubmit_revision(s, actor=actor),
        "no open revision",
    ),
    "reopen_the_current_stage": (
        lambda s, actor: do_reopen_stage(s, "VA", reason="x", actor=actor),
        "Only an approved stage",
    ),
    "schedule_visit_of_an_unknown_kind": (
        lambda s, actor: _schedule_unknown_kind(s, actor),
        "kind of visit",
    ),
    "decide_before_the_final_score": (
        lambda s, actor: _decide_without_final_score(s, actor),
        "no final verification score",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_each_refusal_names_the_problem_and_writes_nothing(
    case: str, submitted: Submission, verifier_pusat: User
) -> None:
    action, message = REFUSALS[case]
    # Start the review so that refusals past "not started" are reached.
    code, claimed = first_scoring_question(submitted)
    do_save_check(
        submitted,
        "VA",
        code,
        verified_points=claimed,
        status="accepted",
        expected_version=0,
        actor=verifier_pusat,
    )
    events = AuditEvent.objects.count()
    checks = QuestionCheck.objects.count()
    revisions = RevisionRequest.objects.count()
    with pytest.raises(VerificationRefused, match=message):
        action(submitted, verifier_pusat)
    if case not in ("schedule_visit_of_an_unknown_kind", "decide_before_the_final_score"):
        assert AuditEvent.objects.count() == events
        assert QuestionCheck.objects.count() == checks
    assert RevisionRequest.objects.count() == revisions


def test_reopening_is_refused_while_items_are_with_the_region(
    submitted: Submission, verifier_pusat: User
) -> None:
    through(submitted, "VA", verifier_pusat)
    code, _ = first_scoring_question(submitted, "PU")
    do_request_revision(
        submitted, "PU", [code], reason="Data baru", deadline=LATER, actor=verifier_pusat
    )
    with pytest.raises(VerificationRefused, match="revision request first"):
        do_reopen_stage(submitted, "VA", reason="x", actor=verifier_pusat)
    assert Review.objects.get(submission=submitted).stage == "PU"


AFTER_THE_WINDOWS = datetime.timedelta(days=40)  # the fixture's windows close after 30 days


@pytest.mark.parametrize("stage", ["VA", "PU", "VL", "VF"])
def test_approving_a_stage_outside_its_window_is_refused(
    stage: str, submitted: Submission, verifier_pusat: User
) -> None:
    previous = {"VA": None, "PU": "VA", "VL": "PU", "VF": "VL"}[stage]
    if previous:
        through(submitted, previous, verifier_pusat)
    ready_for_approval(submitted, stage, verifier_pusat)
    later = timezone.now() + AFTER_THE_WINDOWS
    with pytest.raises(VerificationRefused, match="window"):
        do_approve_stage(submitted, stage, actor=verifier_pusat, now=later)
    assert not StageScore.objects.filter(submission=submitted, stage=stage).exists()
    assert Review.objects.get(submission=submitted).stage == stage
    do_approve_stage(submitted, stage, actor=verifier_pusat)  # inside the window it passes


def test_sending_back_and_deciding_outside_their_windows_are_refused(
    submitted: Submission, verifier_pusat: User, central_admin: User
) -> None:
    later = timezone.now() + AFTER_THE_WINDOWS
    code, _ = first_scoring_question(submitted)
    with pytest.raises(VerificationRefused, match="window"):
        do_request_revision(
            submitted,
            "VA",
            [code],
            reason="x",
            deadline=later + datetime.timedelta(days=2),
            actor=verifier_pusat,
            now=later,
        )
    assert not RevisionRequest.objects.exists()
    through(submitted, "VF", verifier_pusat)
    proposed = StageScore.objects.get(submission=submitted, stage="VF").band_code
    with pytest.raises(VerificationRefused, match="window"):
        do_decide_predicate(submitted, proposed, actor=central_admin, now=later)
    assert Review.objects.get(submission=submitted).state == "in_review"
    do_decide_predicate(submitted, proposed, actor=central_admin)
    assert Review.objects.get(submission=submitted).state == "decided"


def test_stored_stage_scores_match_the_engine_and_the_checks_they_came_from(
    submitted: Submission, verifier_pusat: User
) -> None:
    instrument = instrument_of(submitted.cycle.instrument)
    code, start = first_scoring_question(submitted)
    do_save_check(
        submitted,
        "VA",
        code,
        verified_points=start / 2,
        status="adjusted",
        comment="Sebagian",
        expected_version=0,
        actor=verifier_pusat,
    )
    accept_all(submitted, "VA", verifier_pusat)
    do_approve_stage(submitted, "VA", actor=verifier_pusat)
    # What the next stage starts from is exactly the frozen VA points.
    va = StageScore.objects.get(submission=submitted, stage="VA")
    assert queries.base_points(submitted, "PU") == {c: Decimal(p) for c, p in va.points.items()}
    through(submitted, "VF", verifier_pusat, first="PU")
    rows = {row.stage: row for row in StageScore.objects.filter(submission=submitted)}
    # EM: the engine on the stored answers gives the stored per-question points and total.
    answers = evaluation_queries.answer_values(submitted)
    engine = score(instrument, answers)
    em = rows["EM"]
    assert em.total == engine.total and em.band_code == engine.band.code
    assert {c: Decimal(p) for c, p in em.points.items() if Decimal(p)} == {
        c: p for c, p in engine.points.items() if p
    }
    # VA…VF: every question's stored points are its check in that stage, or the points the
    # stage started from; every total is the sum of the points, every band the band of it.
    for stage, before in (("VA", "EM"), ("PU", "VA"), ("VL", "PU"), ("VF", "VL")):
        row = rows[stage]
        expected = {c: Decimal(p) for c, p in rows[before].points.items()}
        for check in QuestionCheck.objects.filter(submission=submitted, stage=stage):
            expected[check.question_code] = check.verified_points
        stored = {c: Decimal(p) for c, p in row.points.items()}
        assert {c: p for c, p in stored.items() if p} == {c: p for c, p in expected.items() if p}
        assert queries.recompute(row) == (row.total, row.band_code)
        assert row.total == sum(stored.values(), Decimal(0))
    assert Decimal(rows["VA"].points[code]) == start / 2
    # A tampered row no longer recomputes to what it claims.
    tampered = rows["VF"]
    tampered.points[code] = format(Decimal(tampered.points[code]) + 1, "f")
    assert queries.recompute(tampered)[0] != tampered.total
