from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


@pytest.fixture
def site(quiet_live_server: Any) -> str:
    call_command("load_instrument", "--shipped", verbosity=0)
    return str(quiet_live_server.url)


def test_instrument_tree_opens_an_indicator_from_the_keyboard(page: Page, site: str) -> None:
    page.goto(f"{site}/instrumen/")
    page.get_by_role("link", name="Instrumen Evaluasi KLA 2023").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Instrumen Evaluasi KLA 2023")
    summary = page.locator("#component-KL details.indicator > summary").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#component-KL details.indicator").first).to_have_attribute("open", "")
    expect(page.locator("#q-1\\.1")).to_be_visible()
    expect(page.locator("#q-1\\.1 .evidence")).to_contain_text("Data dukung")
    assert axe_violations(page) == []


def test_instrument_list_has_no_accessibility_violations(page: Page, site: str) -> None:
    page.goto(f"{site}/instrumen/")
    assert axe_violations(page) == []
