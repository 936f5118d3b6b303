"""Verification pages per role: queue, workbench, autosave, send-back, reports, decisions."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from layakanak.accounts.models import User
from layakanak.evaluation.models import Submission
from layakanak.verification.actions.decisions import do_decide_predicate
from layakanak.verification.actions.revisions import do_request_revision
from tests.pdf import pdf_text
from tests.verification.conftest import logged_in
from tests.verification.helpers import first_scoring_question, through

pytestmark = pytest.mark.django_db

WB = "/verifikasi-evaluasi/2026/64.71/tahap/VA/"


def test_the_provincial_verifier_sees_the_queue_and_the_workbench(
    client: Client, submitted: Submission, verifier_kaltim: User
) -> None:
    logged_in(client, verifier_kaltim)
    page = client.get("/verifikasi-evaluasi/")
    assert page.status_code == 200 and "Kota Balikpapan" in page.content.decode()
    page = client.get(WB)
    body = page.content.decode()
    assert page.status_code == 200
    assert "data-running-total" in body and "j</kbd>" in body and "<script>" not in body
    assert ' style="' not in body


def test_a_verifier_of_another_province_gets_404(
    client: Client, submitted: Submission, verifier_dki: User, operator_balikpapan: User
) -> None:
    logged_in(client, verifier_dki)
    assert client.get(WB).status_code == 404
    code, _ = first_scoring_question(submitted)
    assert client.post(f"{WB}cek/{code}/", {"status": "accepted"}).status_code == 404
    client.logout()
    logged_in(client, operator_balikpapan)
    assert client.get(WB).status_code == 404
    assert client.get("/verifikasi-evaluasi/").status_code == 404
    assert client.get("/verifikasi-evaluasi/2026/selisih/").status_code == 404


def test_autosave_returns_the_running_score_and_a_conflict_as_409(
    client: Client, submitted: Submission, verifier_kaltim: User
) -> None:
    logged_in(client, verifier_kaltim)
    code, claimed = first_scoring_question(submitted)
    url = f"{WB}cek/{code}/"
    response = client.post(
        url,
        json.dumps({"points": "0", "status": "adjusted", "comment": "x", "version": 0}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["version"] == 1
    assert response.json()["difference"].startswith("-")
    stale = client.post(
        url,
        json.dumps({"points": str(claimed), "status": "accepted", "version": 0}),
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["current"]["version"] == 1
    refused = client.post(
        url,
        json.dumps({"points": "0", "status": "adjusted", "version": 1}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    # The plain form fallback.
    form = client.post(url, {"points": str(claimed), "status": "accepted", "version": "1"})
    assert form.status_code == 302


def test_a_kl_verifier_checks_only_the_questions_of_their_indicators(
    client: Client, submitted: Submission, verifier_kemenkes: User, verifier_pusat: User
) -> None:
    through(submitted, "VA", verifier_pusat)
    logged_in(client, verifier_kemenkes)
    page = client.get("/verifikasi-evaluasi/2026/64.71/tahap/PU/?mine=1")
    assert page.status_code == 200
    base = "/verifikasi-evaluasi/2026/64.71/tahap/PU/cek/"
    ok = client.post(
        f"{base}1.1/",
        json.dumps({"points": "0", "status": "adjusted", "comment": "x", "version": 0}),
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert (
        client.post(
            f"{base}4.2/", json.dumps({"status": "accepted"}), content_type="application/json"
        ).status_code
        == 404
    )
    assert client.post("/verifikasi-evaluasi/2026/64.71/tahap/PU/setujui/").status_code == 404


def test_the_operator_sees_exactly_the_items_sent_back_and_resubmits(
    client: Client, submitted: Submission, verifier_kaltim: User, operator_balikpapan: User
) -> None:
    logged_in(client, verifier_kaltim)
    code, _ = first_scoring_question(submitted)
    response = client.post(
        f"{WB}kembalikan/",
        {"questions": [code], "reason": "Lengkapi SK", "deadline": "2099-01-01T12:00"},
    )
    assert response.status_code == 302
    client.logout()
    logged_in(client, operator_balikpapan)
    page = client.get("/verifikasi-evaluasi/2026/64.71/perbaikan/")
    body = page.content.decode()
    assert (
        "Lengkapi SK" in body
        and f'id="q-{code}"' in body
        and body.count('class="answer-item"') == 1
    )
    assert client.post("/verifikasi-evaluasi/2026/64.71/perbaikan/kirim/").status_code == 302
    assert submitted.revision_requests.get().resolved_at is not None


def test_the_feedback_report_page_and_pdf(
    client: Client,
    submitted: Submission,
    verifier_pusat: User,
    operator_balikpapan: User,
) -> None:
    through(submitted, "VA", verifier_pusat)
    logged_in(client, operator_balikpapan)
    page = client.get("/verifikasi-evaluasi/2026/64.71/laporan/VA/")
    body = page.content.decode().lower()
    assert page.status_code == 200 and "telah dilaksanakan" in body and "belum dilaksanakan" in body
    pdf = client.get("/verifikasi-evaluasi/2026/64.71/laporan/VA.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    assert "Kota Balikpapan" in text
    assert "telah dilaksanakan" in text.lower() and "belum dilaksanakan" in text.lower()
    assert "Kelembagaan" in text or "1." in text
    assert client.get("/verifikasi-evaluasi/2026/64.71/laporan/VF/").status_code == 404
    client.logout()
    assert client.get("/verifikasi-evaluasi/2026/64.71/laporan/VA/").status_code == 302


def test_decision_page_province_view_and_variance(
    client: Client,
    submitted: Submission,
    verifier_pusat: User,
    central_admin: User,
    verifier_kaltim: User,
) -> None:
    through(submitted, "VF", verifier_pusat)
    logged_in(client, central_admin)
    page = client.get("/verifikasi-evaluasi/2026/64.71/penetapan/")
    assert page.status_code == 200
    refused = client.post("/verifikasi-evaluasi/2026/64.71/penetapan/", {"band": "belum"})
    assert refused.status_code == 200 and not hasattr(submitted, "decision_cache")
    variance = client.get("/verifikasi-evaluasi/2026/selisih/")
    assert variance.status_code == 200 and "Kota Balikpapan" in variance.content.decode()
    client.logout()
    logged_in(client, verifier_kaltim)
    province = client.get("/verifikasi-evaluasi/2026/provinsi/64/")
    assert province.status_code == 200 and "Provinsi Layak Anak" in province.content.decode()
    assert client.get("/verifikasi-evaluasi/2026/provinsi/31/").status_code == 404
    assert client.get("/verifikasi-evaluasi/2026/64.71/penetapan/").status_code == 404


def test_field_page_for_the_assigned_team_only(
    client: Client,
    submitted: Submission,
    verifier_pusat: User,
    field_team_balikpapan: User,
    verifier_kaltim: User,
) -> None:
    through(submitted, "PU", verifier_pusat)
    logged_in(client, field_team_balikpapan)
    assert client.get("/verifikasi-evaluasi/2026/64.71/lapangan/").status_code == 200
    response = client.post(
        "/verifikasi-evaluasi/2026/64.71/lapangan/jadwal/",
        {"visit_date": "2026-05-20", "mode": "hybrid"},
    )
    assert response.status_code == 302 and submitted.field_visit.mode == "hybrid"
    client.logout()
    logged_in(client, verifier_kaltim)
    assert client.get("/verifikasi-evaluasi/2026/64.71/lapangan/").status_code == 404


def test_the_province_proposal_when_every_regency_holds_a_predicate(
    submitted: Submission, verifier_pusat: User, central_admin: User
) -> None:
    from layakanak.verification.variance import province_status

    through(submitted, "VF", verifier_pusat)
    do_decide_predicate(submitted, "pratama", reason="uji", actor=central_admin)
    status = province_status(submitted.cycle, submitted.region.parent)
    assert status["with_predicate"] == 1 and status["provila"] is False  # other kab/kota undecided
    _ = do_request_revision  # imported for symmetry with the workflow tests
