"""The decision page (with and without a reason), the variance report per region, province and
indicator, and the Provinsi Layak Anak proposal once every kab/kota holds a predicate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from layakanak.accounts.models import User
from layakanak.evaluation.actions.cycles import do_add_participants
from layakanak.evaluation.models import StageScore, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region
from layakanak.verification.actions.checks import do_save_check
from layakanak.verification.actions.decisions import do_decide_predicate
from layakanak.verification.actions.stages import do_approve_stage
from layakanak.verification.models import Decision
from layakanak.verification.variance import province_status, variance
from tests.evaluation.conftest import logged_in
from tests.verification.helpers import accept_all, first_scoring_question, through

pytestmark = pytest.mark.django_db
DECISION_URL = "/verifikasi-evaluasi/2026/64.71/penetapan/"


def test_a_different_predicate_needs_a_reason_on_the_decision_page(
    client: Client, submitted: Submission, verifier_pusat: User, central_admin: User
) -> None:
    through(submitted, "VF", verifier_pusat)
    final = StageScore.objects.get(submission=submitted, stage="VF")
    other = "pratama" if final.band_code != "pratama" else "madya"
    logged_in(client, central_admin)
    page = client.get(DECISION_URL)
    assert page.status_code == 200
    assert f'value="{final.band_code}"' in page.content.decode()
    refused = client.post(DECISION_URL, {"band": other, "reason": " "})
    assert refused.status_code == 200
    assert "alasan wajib diisi" in refused.content.decode()
    assert not Decision.objects.filter(submission=submitted).exists()
    given = client.post(DECISION_URL, {"band": other, "reason": "Kasus kekerasan anak menonjol"})
    assert given.status_code == 302
    decision = Decision.objects.get(submission=submitted)
    assert (decision.proposed_band, decision.decided_band) == (final.band_code, other)
    assert decision.reason == "Kasus kekerasan anak menonjol"
    assert decision.decided_by == central_admin and decision.final_total == final.total
    shown = client.get(DECISION_URL).content.decode()
    assert "Kasus kekerasan anak menonjol" in shown and central_admin.full_name in shown


def test_the_proposed_predicate_needs_no_reason_on_the_decision_page(
    client: Client, submitted: Submission, verifier_pusat: User, central_admin: User
) -> None:
    through(submitted, "VF", verifier_pusat)
    final = StageScore.objects.get(submission=submitted, stage="VF")
    logged_in(client, central_admin)
    assert client.post(DECISION_URL, {"band": final.band_code}).status_code == 302
    decision = Decision.objects.get(submission=submitted)
    assert decision.decided_band == decision.proposed_band == final.band_code
    assert decision.reason == ""


def test_the_variance_report_per_region_province_and_indicator(
    client: Client, submitted: Submission, verifier_pusat: User
) -> None:
    instrument = instrument_of(submitted.cycle.instrument)
    code, claimed = first_scoring_question(submitted)
    do_save_check(
        submitted,
        "VA",
        code,
        verified_points="0",
        status="evidence_insufficient",
        comment="SK tidak dilampirkan",
        expected_version=0,
        actor=verifier_pusat,
    )
    through(submitted, "VA", verifier_pusat)
    report = variance(submitted.cycle)
    [region] = report["regions"]
    assert region["region"].code == "64.71" and region["stage"] == "VA"
    assert region["difference"] == claimed == region["claimed"] - region["verified"]
    [province] = report["provinces"]
    assert province["province"].code == "64" and province["difference"] == claimed
    assert province["count"] == 1 and province["average"] == claimed.quantize(Decimal("0.01"))
    by_number = {row["number"]: row for row in report["indicators"]}
    number = instrument.indicator_of(code).number
    assert by_number[number]["difference"] == claimed
    assert report["indicators"][0]["number"] == number  # the largest over-claim first
    assert all(row["difference"] == 0 for n, row in by_number.items() if n != number)
    logged_in(client, verifier_pusat)
    page = client.get("/verifikasi-evaluasi/2026/selisih/").content.decode()
    assert "Kota Balikpapan" in page and "Kalimantan Timur" in page
    # The approved stage's workbench names the stage under way in words, not by its code.
    workbench = client.get("/verifikasi-evaluasi/2026/64.71/tahap/VA/").content.decode()
    assert "Tahap berjalan: Peninjauan ulang" in " ".join(workbench.split())


def test_provinsi_layak_anak_is_proposed_when_every_kab_kota_holds_a_predicate(
    client: Client, submitted: Submission, verifier_pusat: User, central_admin: User
) -> None:
    province = Region.objects.get(code="64")
    regencies = Region.objects.filter(parent=province, level="regency", retired_on__isnull=True)
    others = regencies.exclude(code="64.71")
    assert others.exists()
    do_add_participants(submitted.cycle, others, actor="test")
    now = timezone.now()
    # The other kab/kota already hold a predicate (recorded directly: their verification is
    # not what this test is about).
    for other in Submission.objects.filter(cycle=submitted.cycle, region__in=others):
        Decision.objects.create(
            submission=other,
            final_total=Decimal("650.00"),
            proposed_band="madya",
            decided_band="madya",
            decided_at=now,
        )
    status = province_status(submitted.cycle, province)
    assert status["provila"] is False
    assert status["with_predicate"] == len(status["rows"]) - 1
    through(submitted, "VF", verifier_pusat)
    proposed = StageScore.objects.get(submission=submitted, stage="VF").band_code
    awarded = {b.code for b in instrument_of(submitted.cycle.instrument).bands if b.awarded}
    band = proposed if proposed in awarded else "pratama"
    do_decide_predicate(submitted, band, reason="uji", actor=central_admin)
    status = province_status(submitted.cycle, province)
    assert status["provila"] is True and status["with_predicate"] == len(status["rows"])
    logged_in(client, central_admin)
    page = client.get("/verifikasi-evaluasi/2026/provinsi/64/").content.decode()
    assert "notice-ok" in page and "(Provila)" in page
    # A kab/kota whose decision is "no predicate" withdraws the proposal.
    Decision.objects.filter(submission__region__in=others[:1]).update(decided_band="belum")
    assert province_status(submitted.cycle, province)["provila"] is False


def test_accepting_every_check_leaves_no_variance(
    submitted: Submission, verifier_pusat: User
) -> None:
    accept_all(submitted, "VA", verifier_pusat)
    do_approve_stage(submitted, "VA", actor=verifier_pusat)
    [region] = variance(submitted.cycle)["regions"]
    assert region["difference"] == 0
