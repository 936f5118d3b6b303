"""The verifiers' texts have length limits, checked by the actions whatever sends them (issue
18, item 6): the comment of a check (also through the autosave's JSON endpoint), the reasons of
a send-back, of reopening a stage and of a predicate other than the proposed one."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from layakanak.accounts.models import User
from layakanak.audit.models import AuditEvent
from layakanak.evaluation.models import StageScore, Submission
from layakanak.lib import limits
from layakanak.verification.actions.checks import do_save_check
from layakanak.verification.actions.decisions import do_decide_predicate
from layakanak.verification.actions.revisions import do_request_revision
from layakanak.verification.actions.stages import do_reopen_stage
from layakanak.verification.errors import VerificationRefused
from layakanak.verification.models import QuestionCheck, RevisionRequest
from tests.evaluation.conftest import logged_in
from tests.verification.helpers import first_scoring_question, through

pytestmark = pytest.mark.django_db

TOO_LONG = r"too long|terlalu panjang"


def test_a_long_check_comment_is_refused_through_the_endpoint_and_the_action(
    client: Client, submitted: Submission, verifier_kaltim: User
) -> None:
    code, _claimed = first_scoring_question(submitted)
    comment = "Bukti tidak lengkap." * 1050  # 21,000 characters
    response = logged_in(client, verifier_kaltim).post(
        f"/verifikasi-evaluasi/2026/64.71/tahap/VA/cek/{code}/",
        json.dumps({"points": "0", "status": "adjusted", "comment": comment, "version": 0}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "terlalu panjang (21000 karakter)" in response.json()["error"]
    with pytest.raises(VerificationRefused, match=TOO_LONG):
        do_save_check(
            submitted,
            "VA",
            code,
            verified_points="0",
            status="adjusted",
            comment="k" * (limits.COMMENT + 1),
            expected_version=0,
            actor=verifier_kaltim,
        )
    assert not QuestionCheck.objects.exists()
    assert not AuditEvent.objects.filter(action="verification.check_saved").exists()


def test_reasons_of_a_send_back_a_reopening_and_a_decision_are_limited(
    submitted: Submission, verifier_kaltim: User, verifier_pusat: User, central_admin: User
) -> None:
    reason = "r" * (limits.REASON + 1)
    code, _claimed = first_scoring_question(submitted)
    deadline = timezone.now() + datetime.timedelta(hours=48)
    with pytest.raises(VerificationRefused, match=TOO_LONG):
        do_request_revision(
            submitted, "VA", [code], reason=reason, deadline=deadline, actor=verifier_kaltim
        )
    assert not RevisionRequest.objects.exists()
    through(submitted, "VF", verifier_pusat)
    with pytest.raises(VerificationRefused, match=TOO_LONG):
        do_reopen_stage(submitted, "VA", reason=reason, actor=verifier_pusat)
    final = StageScore.objects.get(submission=submitted, stage="VF")
    other_band = "pratama" if final.band_code != "pratama" else "madya"
    with pytest.raises(VerificationRefused, match=TOO_LONG):
        do_decide_predicate(submitted, other_band, reason=reason, actor=central_admin)
    assert StageScore.objects.filter(submission=submitted, stage="VF").exists()
