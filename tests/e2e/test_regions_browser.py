from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


@pytest.fixture
def site(live_server: Any, regions: None) -> str:
    return str(live_server.url)


def test_search_balikpapan_open_the_city_and_see_its_shape(page: Page, site: str) -> None:
    page.goto(f"{site}/wilayah/")
    page.get_by_label("Cari berdasarkan nama atau kode").fill("Balikpapan")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Kota Balikpapan").click()
    expect(page).to_have_url(f"{site}/wilayah/64.71/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kota Balikpapan")
    expect(page.locator("#region-map")).to_have_attribute("data-drawn", "true")
    shape = page.locator("#region-map .leaflet-overlay-pane path")
    expect(shape).to_have_count(1)
    box = shape.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    expect(page.locator(".children-panel li")).to_have_count(6)


def test_region_pages_have_no_serious_accessibility_violations(page: Page, site: str) -> None:
    for path in (
        "/",
        "/wilayah/",
        "/wilayah/?q=balikpapan",
        "/wilayah/64.71/",
        "/wilayah/64.71.06/",
    ):
        page.goto(f"{site}{path}")
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == [], path


def test_switching_to_english_keeps_the_page(page: Page, site: str) -> None:
    page.goto(f"{site}/wilayah/64.71/")
    page.get_by_role("button", name="EN").click()
    expect(page).to_have_url(f"{site}/wilayah/64.71/")
    expect(page.get_by_role("heading", name="Districts (kecamatan)")).to_be_visible()
    page.get_by_role("button", name="ID").click()
    expect(page.get_by_role("heading", name="Kecamatan")).to_be_visible()


def test_region_page_fits_a_360_pixel_phone(page: Page, site: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site}/wilayah/64.71/")
    expect(page.locator("#region-map")).to_have_attribute("data-drawn", "true")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360


def test_skip_link_moves_focus_to_the_content(page: Page, site: str) -> None:
    page.goto(f"{site}/wilayah/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke konten utama")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/wilayah/#main")
