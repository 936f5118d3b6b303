"""The operator workspace pages, the autosave endpoint, submission and the ministry cockpit."""

from __future__ import annotations

import datetime
import io
import json
import random

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from layakanak.demo.synthetic import synthetic_answers
from layakanak.evaluation import queries
from layakanak.evaluation.actions.answers import do_save_answer
from layakanak.evaluation.models import Answer, EvidenceFile, StageScore, Submission
from layakanak.instruments.models import EvidenceRequirement
from layakanak.instruments.queries import instrument_of
from tests.evaluation.conftest import logged_in

pytestmark = pytest.mark.django_db


def _url(submission: Submission, suffix: str = "") -> str:
    return f"/evaluasi/{submission.cycle.slug}/{submission.region.code}/{suffix}"


def test_the_operator_sees_progress_score_and_deadline(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    html = logged_in(client, operator_balikpapan).get(_url(balikpapan)).content.decode()
    assert "Kota Balikpapan" in html
    assert "WITA" in html  # Kalimantan Timur is on Central Indonesian Time
    # The deadline is shown at Balikpapan's clock time (UTC+8), not the site's WIB (UTC+7).
    closes_at = balikpapan.cycle.windows.get(stage="evaluasi_mandiri").closes_at
    wita = closes_at.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    assert f"{wita:%H}.{wita:%M} WITA" in html
    assert "Kelembagaan" in html and "[1/" in html
    assert "data-live-total" in html


def test_my_evaluations_lists_only_my_region(client: Client, cycle, operator_balikpapan) -> None:
    html = logged_in(client, operator_balikpapan).get("/evaluasi/").content.decode()
    assert "Kota Balikpapan" in html
    assert "Kota Samarinda" not in html


def test_another_regions_operator_gets_not_found(
    client: Client, balikpapan: Submission, operator_samarinda
) -> None:
    logged_in(client, operator_samarinda)
    assert client.get(_url(balikpapan)).status_code == 404
    assert client.get(_url(balikpapan, "indikator/1/")).status_code == 404
    response = client.post(_url(balikpapan, "jawaban/1.1/"), {"value": "a", "version": "0"})
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client: Client, balikpapan: Submission) -> None:
    response = client.get(_url(balikpapan))
    assert response.status_code == 302
    assert "/masuk/" in response["Location"]


def test_the_provincial_verifier_can_read_but_not_answer(
    client: Client, balikpapan: Submission, verifier_kaltim
) -> None:
    logged_in(client, verifier_kaltim)
    assert client.get(_url(balikpapan, "indikator/1/")).status_code == 200
    response = client.post(
        _url(balikpapan, "jawaban/1.1/"),
        json.dumps({"value": "a", "version": 0}),
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_indicator_page_has_an_input_for_every_question(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    html = (
        logged_in(client, operator_balikpapan)
        .get(_url(balikpapan, "indikator/4/"))
        .content.decode()
    )
    assert 'id="q-4.1"' in html
    assert 'name="numerator"' in html and 'name="denominator"' in html
    assert 'data-type="percentage"' in html
    assert "Disdukcapil" in html


def test_autosave_returns_the_new_version_and_live_score(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    response = logged_in(client, operator_balikpapan).post(
        _url(balikpapan, "jawaban/4.1/"),
        json.dumps({"value": ["960", "1000"], "version": 0}),
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert body["points"] == "25,00"
    assert body["indicator"]["completeness"].startswith("[1/")
    assert body["band"]["code"] == "belum"


def test_autosave_of_a_stale_page_gets_a_conflict(
    client: Client, balikpapan: Submission, operator_balikpapan, dinkes_balikpapan
) -> None:
    do_save_answer(balikpapan, "12.1", ("900", "1000"), expected_version=0, actor=dinkes_balikpapan)
    response = logged_in(client, operator_balikpapan).post(
        _url(balikpapan, "jawaban/12.1/"),
        json.dumps({"value": ["950", "1000"], "version": 0}),
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["conflict"] is True
    assert body["current"] == {"value": ["900", "1000"], "version": 1}


def test_a_bad_value_is_explained_in_indonesian(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    response = logged_in(client, operator_balikpapan).post(
        _url(balikpapan, "jawaban/4.1/"),
        json.dumps({"value": ["1200", "1000"], "version": 0}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert (
        "penyebut" in response.json()["error"].lower()
        or "pembilang" in response.json()["error"].lower()
    )


def test_a_plain_form_post_saves_without_javascript(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    response = logged_in(client, operator_balikpapan).post(
        _url(balikpapan, "jawaban/4.1/"),
        {"numerator": "88,5", "denominator": "100", "version": "0"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/indikator/4/#q-4.1")
    assert Answer.objects.get(submission=balikpapan).value == ["88.5", "100"]


def test_an_opd_contributor_answers_only_the_questions_of_its_office(
    client: Client, balikpapan: Submission, dinkes_balikpapan
) -> None:
    logged_in(client, dinkes_balikpapan)
    ok = client.post(
        _url(balikpapan, "jawaban/12.1/"),
        json.dumps({"value": ["900", "1000"], "version": 0}),
        content_type="application/json",
    )
    assert ok.status_code == 200
    refused = client.post(
        _url(balikpapan, "jawaban/1.1/"),
        json.dumps({"value": "a", "version": 0}),
        content_type="application/json",
    )
    assert refused.status_code == 403
    html = client.get(_url(balikpapan)).content.decode()
    assert "Dinas Kesehatan" in html


def test_saving_after_the_deadline_is_refused(
    client: Client, balikpapan: Submission, operator_balikpapan, time_machine
) -> None:
    time_machine.move_to(timezone.now() + timezone.timedelta(days=30))
    response = logged_in(client, operator_balikpapan).post(
        _url(balikpapan, "jawaban/1.1/"),
        json.dumps({"value": "a", "version": 0}),
        content_type="application/json",
    )
    assert response.status_code == 423
    assert "ditutup" in response.json()["error"]


def _complete(submission: Submission, operator) -> None:
    """Answer every visible question and attach every required document."""
    instrument = instrument_of(submission.cycle.instrument)
    for code, value in synthetic_answers(instrument, 0.8, random.Random(7)).items():
        do_save_answer(submission, code, value, expected_version=None, actor=operator)
    for item in queries.missing_for_submission(submission):
        if item["kind"] == "answer":
            question = instrument.question(item["question"])
            do_save_answer(
                submission,
                question.code,
                _any_answer(question),
                expected_version=None,
                actor=operator,
            )
    for item in queries.missing_for_submission(submission):
        requirement = EvidenceRequirement.objects.filter(
            question__version=submission.cycle.instrument,
            question__code=item["question"],
        ).first()
        assert requirement is not None
        for req in requirement.question.evidence.filter(required=True):
            evidence = EvidenceFile(
                submission=submission,
                requirement=req,
                original_name="bukti.pdf",
                content_type="application/pdf",
                size=9,
                sha256="0" * 64,
                uploaded_at=timezone.now(),
            )
            evidence.file.save("bukti.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
            evidence.save()


def _any_answer(question):  # type: ignore[no-untyped-def]
    from tests.evaluation.test_submit import any_answer

    return any_answer(question)


def test_the_submit_page_lists_what_is_missing(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    html = logged_in(client, operator_balikpapan).get(_url(balikpapan, "kirim/")).content.decode()
    assert "Jawaban belum diisi:" in html
    assert 'href="/evaluasi/2026/64.71/indikator/1/#q-1.1"' in html


def test_submitting_freezes_the_em_score_and_locks_the_answers(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    _complete(balikpapan, operator_balikpapan)
    live = queries.live_score(balikpapan)
    logged_in(client, operator_balikpapan)
    refused = client.post(_url(balikpapan, "kirim/"), {})
    assert refused.status_code == 200 and not StageScore.objects.exists()
    response = client.post(_url(balikpapan, "kirim/"), {"confirm": "yes"})
    assert response.status_code == 302
    em = StageScore.objects.get(submission=balikpapan, stage="EM")
    assert em.total == live.total and em.band_code == live.band.code
    balikpapan.refresh_from_db()
    assert balikpapan.status == "submitted"
    locked = client.post(
        _url(balikpapan, "jawaban/1.1/"),
        json.dumps({"value": "c", "version": 1}),
        content_type="application/json",
    )
    assert locked.status_code == 423


def test_an_opd_contributor_cannot_submit(
    client: Client, balikpapan: Submission, dinkes_balikpapan
) -> None:
    response = logged_in(client, dinkes_balikpapan).post(
        _url(balikpapan, "kirim/"), {"confirm": "yes"}
    )
    assert response.status_code == 404


def test_the_cockpit_shows_every_region_to_the_ministry(
    client: Client, balikpapan: Submission, operator_balikpapan, central_admin
) -> None:
    do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    response = logged_in(client, central_admin).get("/kelola/siklus/2026/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kota Balikpapan" in html and "Kota Samarinda" in html
    assert "Sedang diisi" in html or "in_progress" in html
    export = client.get("/kelola/siklus/2026/status.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["31.71", "64.71", "64.72"]


def test_the_cockpit_is_not_for_regional_operators(
    client: Client, cycle, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    assert client.get("/kelola/siklus/2026/").status_code == 404
    assert client.get("/kelola/siklus/2026/status.xlsx").status_code == 404


def test_the_plan_page_lists_improvements_that_reach_the_target(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    instrument = instrument_of(balikpapan.cycle.instrument)
    for code, value in synthetic_answers(instrument, 0.75, random.Random(3)).items():
        do_save_answer(balikpapan, code, value, expected_version=None, actor=operator_balikpapan)
    current = queries.live_score(balikpapan)
    response = logged_in(client, operator_balikpapan).get(
        _url(balikpapan, "rencana/"), {"target": "kla"}
    )
    assert response.status_code == 200
    gap_plan = response.context["plan"]
    assert gap_plan.target.code == "kla"
    assert gap_plan.reachable
    assert gap_plan.projected_total >= gap_plan.threshold > current.total
    html = response.content.decode()
    assert "OPD" in html and "+" in html
    assert html.count('href="/evaluasi/2026/64.71/indikator/') >= len(gap_plan.improvements)
