"""The send-back loop in a real browser: the provincial verifier sends a question back, the
regional operator fixes it and resubmits, the verifier sees what changed and accepts it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, expect

from layakanak.accounts.actions import do_create_user
from layakanak.accounts.roles import AssignmentSpec
from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
from layakanak.evaluation.actions.submission import do_submit_self_assessment
from layakanak.evaluation.models import Answer, Submission
from layakanak.instruments.models import InstrumentVersion
from layakanak.regions.models import Region
from layakanak.verification.models import QuestionCheck, Review, RevisionRequest
from tests.e2e.conftest import axe_violations, browser_login
from tests.evaluation.test_workspace_views import _complete

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


@pytest.fixture
def setup(quiet_live_server: Any, regions: None) -> dict[str, Any]:
    call_command("load_instrument", "--shipped", verbosity=0)
    now = timezone.now()
    day = datetime.timedelta(days=1)
    cycle = do_create_cycle(
        "2026",
        name_id="Evaluasi KLA 2026",
        name_en="KLA evaluation 2026",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={
            "evaluasi_mandiri": (now - 10 * day, now + 1 * day),
            "verifikasi_administrasi": (now - day, now + 20 * day),
        },
        actor="test",
    )
    do_add_participants(cycle, Region.objects.filter(code="64.71"), actor="test")
    operator = do_create_user(
        email="operator@balikpapan.example",
        full_name="Ayu Operator",
        actor="test",
        send_invitation=False,
        password="correct horse battery staple",
        assignments=[
            AssignmentSpec(role="operator_daerah", region=Region.objects.get(code="64.71"))
        ],
    )
    verifier = do_create_user(
        email="verifikator@kaltimprov.example",
        full_name="Eko Verifikator",
        actor="test",
        send_invitation=False,
        assignments=[
            AssignmentSpec(role="verifikator_provinsi", region=Region.objects.get(code="64"))
        ],
    )
    submission = Submission.objects.get(cycle=cycle, region__code="64.71")
    _complete(submission, operator)
    do_submit_self_assessment(submission, actor=operator)
    return {
        "url": str(quiet_live_server.url),
        "operator": operator,
        "verifier": verifier,
        "submission": submission,
    }


def test_send_back_fix_and_accept(browser: Browser, setup: dict[str, Any]) -> None:
    base = setup["url"]
    verifier_ctx = browser.new_context()
    browser_login(verifier_ctx, base, setup["verifier"])
    verifier = verifier_ctx.new_page()
    verifier.goto(f"{base}/verifikasi-evaluasi/2026/64.71/tahap/VA/")
    assert axe_violations(verifier) == []
    verifier.locator("a[href$='/tahap/VA/kembalikan/']").click()
    verifier.locator("input[name=questions][value='1.1']").check()
    verifier.locator("#reason").fill("SK Perda belum ditandatangani; unggah salinan yang sah.")
    verifier.locator("form.stacked-form button[type=submit]").click()
    request = RevisionRequest.objects.get(submission=setup["submission"])
    assert request.questions == ["1.1"]
    assert request.reason.startswith("SK Perda")

    operator_ctx = browser.new_context()
    browser_login(operator_ctx, base, setup["operator"])
    operator = operator_ctx.new_page()
    operator.goto(f"{base}/verifikasi-evaluasi/2026/64.71/perbaikan/")
    # Exactly the item sent back, with the verifier's reason.
    expect(operator.locator(".answer-item")).to_have_count(1)
    expect(operator.locator("#q-1\\.1")).to_be_visible()
    expect(operator.locator("body")).to_contain_text("SK Perda belum ditandatangani")
    assert axe_violations(operator) == []
    before = Answer.objects.get(submission=setup["submission"], question__code="1.1").value
    option = operator.locator("#q-1\\.1 input[type=radio]:not(:checked)").first
    option.check()
    expect(operator.locator("#q-1\\.1 [data-save-state]")).to_contain_text(
        "Tersimpan", timeout=20000
    )
    after = Answer.objects.get(submission=setup["submission"], question__code="1.1").value
    assert after != before
    operator.locator("form[action$='/perbaikan/kirim/'] button[type=submit]").click()
    operator.wait_for_load_state()
    request.refresh_from_db()
    assert request.resolved_at is not None and request.changed_questions() == ["1.1"]

    # The verifier sees what changed (only 1.1 carries a change note) and accepts it.
    verifier.goto(f"{base}/verifikasi-evaluasi/2026/64.71/tahap/VA/")
    item = verifier.locator("#c-1\\.1")
    expect(item.locator(".change-note")).to_contain_text("1")
    expect(verifier.locator(".change-note")).to_have_count(1)
    start = item.locator("form.check-form").get_attribute("data-start")
    item.locator("input[name=status][value=accepted]").check()
    expect(item.locator("[data-save-state]")).to_contain_text("Tersimpan", timeout=20000)
    check = QuestionCheck.objects.get(
        submission=setup["submission"], stage="VA", question_code="1.1"
    )
    assert check.status == "accepted"
    # data-start is the score as the Indonesian field shows it ("12,00").
    assert check.verified_points == Decimal((start or "x").replace(",", "."))
    assert check.checked_by == setup["verifier"]
    assert Review.objects.get(submission=setup["submission"]).state == "in_review"
    verifier_ctx.close()
    operator_ctx.close()
