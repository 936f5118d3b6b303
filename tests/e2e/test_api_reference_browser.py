"""The API reference at /api/v1/docs in a real browser (issue 19): axe finds no serious or
critical violation on a desktop or a 360 px phone in either language, nothing overflows the
phone's screen, and a keyboard reaches an operation from the table of contents."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("width", [1280, 360])
def test_the_api_reference_is_accessible(
    page: Page, quiet_live_server: Any, language: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{quiet_live_server.url}/api/v1/docs?lang={language}")
    heading = "Dokumentasi API" if language == "id" else "API documentation"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_keyboard_reaches_an_operation_from_the_table_of_contents(
    page: Page, quiet_live_server: Any
) -> None:
    page.goto(f"{quiet_live_server.url}/api/v1/docs?lang=en")
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="POST /api/v1/regency-at-point").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        f"{quiet_live_server.url}/api/v1/docs?lang=en#post-api-v1-regency-at-point"
    )
    # The next Tab continues from the operation: its request body's schema.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("PointIn")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="PointIn")).to_be_in_viewport()
