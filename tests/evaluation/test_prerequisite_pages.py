"""Must-meet rules on the pages: an instrument version whose Utama (and so KLA) requires
indicator 18 at 80 % of its points. The operator's score box says why the predicate is held
back, the autosave answer carries the same words, the plan to Utama meets the rule first, the
instrument page lists the rule, and a frozen stage score gets the held-back band."""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal

import pytest
from django.test import Client

from layakanak.demo.actions.self_assessment import do_seed_answers
from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
from layakanak.evaluation.models import StageScore, Submission
from layakanak.instruments.actions import do_load_instrument
from layakanak.instruments.queries import instrument_of
from layakanak.instruments.schema import dump_document, parse_document
from layakanak.regions.models import Region
from layakanak.scoring import plan, score
from layakanak.scoring.model import Instrument
from layakanak.verification.queries import recompute
from tests import clock
from tests.evaluation.conftest import logged_in
from tests.shipped import load_shipped_instruments, shipped_instruments

pytestmark = pytest.mark.django_db

RULE = {
    "band": "utama",
    "indicator": "18",
    "min_percent": "80",
    "note": {"id": "Contoh aturan untuk uji", "en": "Example rule for a test"},
}


def ruled_instrument() -> Instrument:
    kla2023 = next(i for i in shipped_instruments() if i.slug == "kla-2023")
    document = dump_document(dataclasses.replace(kla2023, slug="kla-2023-syarat"))
    document["prerequisites"] = [RULE]
    return parse_document(document)


@pytest.fixture
def held_back(regions: None) -> Submission:
    """Balikpapan in a cycle with the ruled instrument: every question at its best except
    indicator 18, left unanswered (the plan to KLA from nothing, without indicator 18's 38
    points): the total is in the Utama band and the rule holds it at Nindya."""
    instrument = ruled_instrument()
    version = do_load_instrument(instrument, actor="test").version
    now, day = clock.now(), datetime.timedelta(days=1)
    cycle = do_create_cycle(
        "2026",
        name_id="Evaluasi KLA 2026",
        name_en="KLA evaluation 2026",
        instrument=version,
        windows={"evaluasi_mandiri": (now - 10 * day, now + 20 * day)},
        actor="test",
    )
    do_add_participants(cycle, Region.objects.filter(code="64.71"), actor="test")
    submission = Submission.objects.get(cycle=cycle, region__code="64.71")
    best = plan(instrument, {}, "kla").answers
    eighteen = {q.code for q in instrument.indicator("18").questions}
    answers = {code: value for code, value in best.items() if code not in eighteen and value}
    do_seed_answers(submission, answers, actor="test")
    return submission


def test_the_score_box_says_which_rule_holds_the_predicate_back(
    client: Client, held_back: Submission, operator_balikpapan
) -> None:
    result = score(ruled_instrument(), {})
    assert result.band.code == "belum"  # nothing answered: nothing held back
    logged_in(client, operator_balikpapan)
    page = client.get("/evaluasi/2026/64.71/").content.decode()
    assert "Nilai total masuk Utama, tetapi predikat yang diusulkan Nindya" in page
    assert "indikator 18 (Persentase wajib belajar pendidikan 12 tahun) paling sedikit 80%" in page


def test_the_autosave_answer_carries_the_same_words(
    client: Client, held_back: Submission, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    instrument = ruled_instrument()
    code = instrument.indicator("1").questions[0].code
    answer = held_back.answers.get(question__code=code)
    response = client.post(
        f"/evaluasi/2026/64.71/jawaban/{code}/",
        json.dumps({"value": answer.value, "version": answer.version}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["band"]["code"] == "nindya"
    assert body["held_back"]["en"].startswith(
        "The total is in Utama, but the proposed predicate is Nindya"
    )


def test_the_plan_to_utama_meets_the_rule_first(
    client: Client, held_back: Submission, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    page = client.get("/evaluasi/2026/64.71/rencana/?target=utama").content.decode()
    assert "data-prerequisites" in page
    assert "the plan meets them first" in page or "rencana memenuhinya lebih dulu" in page
    assert "Sekarang 0 poin" in page
    assert "/indikator/18/#q-18." in page


def test_the_instrument_page_lists_the_rule_and_its_note(client: Client, held_back) -> None:
    load_shipped_instruments()
    page = client.get("/instrumen/kla-2023-syarat/").content.decode()
    assert "Utama ke atas: indikator 18" in page
    assert "Contoh aturan untuk uji" in page
    plain = client.get("/instrumen/kla-2023/").content.decode()
    assert "predikat hanya mengikuti nilai total" in plain.lower()


def test_a_frozen_stage_score_is_held_back_too(held_back: Submission) -> None:
    instrument = instrument_of(held_back.cycle.instrument)
    result = score(instrument, {a.question.code: a.value for a in held_back.answers.all()})
    stored = StageScore.objects.create(
        submission=held_back,
        stage="VF",
        total=result.total,
        band_code=result.band.code,
        instrument_sha256=held_back.cycle.instrument.sha256,
        points={code: format(value, "f") for code, value in result.points.items()},
        computed_at=clock.now(),
    )
    assert Decimal(801) <= result.total <= Decimal(900)
    assert recompute(stored) == (result.total, "nindya")


def test_the_feedback_report_says_why_and_what_the_plan_must_meet(
    client: Client, held_back: Submission, operator_balikpapan
) -> None:
    """The self-assessment's report (EM), frozen on submission-like terms: the held-back
    sentence and the target's rule, on the page and in the PDF."""
    from layakanak.verification.report import build_report

    instrument = instrument_of(held_back.cycle.instrument)
    result = score(instrument, {a.question.code: a.value for a in held_back.answers.all()})
    StageScore.objects.create(
        submission=held_back,
        stage="EM",
        total=result.total,
        band_code=result.band.code,
        instrument_sha256=held_back.cycle.instrument.sha256,
        points={code: format(value, "f") for code, value in result.points.items()},
        computed_at=clock.now(),
    )
    report = build_report(held_back, "EM")
    assert report is not None and report.held_back is not None
    assert report.band.code == "nindya"
    assert report.plan is not None and report.plan.target.code == "utama"
    assert [t.en.split(":")[0] for t in report.prerequisites] == ["Utama and above"]
    logged_in(client, operator_balikpapan)
    page = client.get("/verifikasi-evaluasi/2026/64.71/laporan/EM/").content.decode()
    assert "data-held-back" in page
    assert "Syarat wajib predikat sasaran, yang dipenuhi rencana lebih dulu:" in page
