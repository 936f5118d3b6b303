"""The region feedback report: what the PDF says (read back with pdftotext), and the plan to the
predicate above the one the stage's score implies."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from layakanak.accounts.models import User
from layakanak.evaluation.models import StageScore, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.engine import band_rank, band_threshold
from layakanak.verification.actions.checks import do_save_check
from layakanak.verification.actions.stages import do_approve_stage
from layakanak.verification.report import build_report
from tests.evaluation.conftest import logged_in
from tests.pdf import pdf_text
from tests.verification.helpers import accept_all, first_scoring_question

pytestmark = pytest.mark.django_db
COMMENT = "SK Gugus Tugas KLA belum ditandatangani bupati"


def _indonesian(value: Decimal) -> str:
    """612.40 → "612,40" (two decimals, decimal comma, dot grouping)."""
    whole, fraction = f"{value:.2f}".split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + fraction


@pytest.fixture
def after_va(submitted: Submission, verifier_kaltim: User) -> tuple[Submission, str]:
    code, _claimed = first_scoring_question(submitted)
    do_save_check(
        submitted,
        "VA",
        code,
        verified_points="0",
        status="evidence_insufficient",
        comment=COMMENT,
        expected_version=0,
        actor=verifier_kaltim,
    )
    accept_all(submitted, "VA", verifier_kaltim)
    do_approve_stage(submitted, "VA", actor=verifier_kaltim)
    return submitted, code


def test_the_report_pdf_says_what_is_done_missing_needed_and_planned(
    client: Client, after_va: tuple[Submission, str], operator_balikpapan: User
) -> None:
    submission, code = after_va
    instrument = instrument_of(submission.cycle.instrument)
    question = instrument.question(code)
    indicator = instrument.indicator_of(code)
    va = StageScore.objects.get(submission=submission, stage="VA")
    em = StageScore.objects.get(submission=submission, stage="EM")
    logged_in(client, operator_balikpapan)
    response = client.get("/verifikasi-evaluasi/2026/64.71/laporan/VA.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    flat = pdf_text(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert "Kota Balikpapan" in flat
    assert _indonesian(va.total) in flat and _indonesian(em.total) in flat
    assert instrument.band(va.band_code).name.id in flat
    # Per indicator: its name and score, the OPD, done / not done with the verifier's comment.
    assert f"{indicator.number}. {indicator.name.id}"[:40] in flat
    assert "OPD penanggung jawab:" in flat and indicator.opd[0] in flat
    assert "telah dilaksanakan" in flat.lower() and "belum dilaksanakan" in flat.lower()
    assert COMMENT in flat
    # The evidence the verifier found insufficient is listed as data still needed.
    assert "Data yang masih dibutuhkan" in flat
    assert question.evidence and question.evidence[0].label.id[:40] in flat
    # The plan to the next predicate, from the scoring engine.
    assert "Rencana menuju predikat berikutnya" in flat
    report = build_report(submission, "VA")
    assert report is not None
    if report.plan is not None:
        assert report.plan.target.name.id in flat
        for improvement in report.plan.improvements[:3]:
            assert improvement.question in flat


def test_the_plan_aims_at_the_band_above_the_stage_score(
    after_va: tuple[Submission, str],
) -> None:
    submission, _code = after_va
    instrument = instrument_of(submission.cycle.instrument)
    report = build_report(submission, "VA")
    assert report is not None
    rank = band_rank(instrument, report.band)
    if rank + 1 == len(instrument.bands):
        assert report.plan is None
        return
    assert report.plan is not None
    assert report.plan.target == instrument.bands[rank + 1]
    assert report.plan.threshold == band_threshold(instrument, instrument.bands[rank + 1])
    assert report.plan.threshold > report.score.total
