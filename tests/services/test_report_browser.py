"""The public report form in a phone-sized browser: emergency banner, sending, tracking code."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from layakanak.services import throttle
from layakanak.services.models import Report

# The system Chromium's launch options and axe-core come from the browser tests' conftest.
from tests.e2e.conftest import axe_violations, browser_type_launch_args  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quick_form(monkeypatch: pytest.MonkeyPatch) -> None:
    """The robot fills the form faster than a person: no minimum fill time here."""
    monkeypatch.setattr(throttle, "MIN_FILL_SECONDS", 0)


def test_a_child_sends_a_report_on_a_360_px_phone_and_gets_a_tracking_code(
    page: Page, live_server, regions, quick_form
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/lapor/")
    banner = page.locator(".emergency")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("129")
    expect(banner).to_contain_text("110")
    assert axe_violations(page) == []
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360
    page.select_option("#id_region", "64.71")
    page.locator("input[name=reporter_kind][value=child]").check()
    page.fill("#id_text", "Ada kakak kelas yang selalu mengancam saya.")
    page.locator("#id_consent").check()
    page.get_by_role("button", name=re.compile("Kirim|Send")).click()
    code = page.locator("#tracking-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$"))
    expect(page.locator(".emergency")).to_be_visible()
    assert axe_violations(page) == []
    assert Report.objects.filter(region__code="64.71").count() == 1
