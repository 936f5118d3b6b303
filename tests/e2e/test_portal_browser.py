"""The public portal in a real browser: the national map of the 514 kab/kota, the province
filter, tooltips on hover and keyboard focus, click-through to the profile, the keyboard-usable
table, accessibility (axe-core) of every public page of the portal, and 360 px phones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.conftest import load_subset
from tests.e2e.conftest import axe_violations
from tests.portal.conftest import national_regions, publish_national_history  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


@pytest.fixture
def site(quiet_live_server: Any, national_regions: Path) -> str:  # noqa: F811
    load_subset(national_regions)
    call_command("load_instrument", "--shipped", verbosity=0)
    return str(quiet_live_server.url)


@pytest.fixture
def published(site: str) -> str:
    """2025 and 2026 results of all 514 kab/kota; Kota Balikpapan has the top score of 2026
    (Utama, 899.90)."""
    publish_national_history(top=("64.71", "899.90"))
    return site


def drawn(page: Page) -> None:
    expect(page.locator("#portal-map")).to_have_attribute("data-drawn", "true", timeout=30_000)


def test_the_map_draws_every_kab_kota_and_a_click_opens_its_profile(
    page: Page, published: str
) -> None:
    page.goto(f"{published}/")
    drawn(page)
    shapes = page.locator("#portal-map path.portal-region")
    expect(shapes).to_have_count(514)
    expect(page.locator("#results-table tbody tr")).to_have_count(514)
    big = page.locator('#portal-map path[data-code="64.02"]')  # Kutai Kartanegara
    big.hover()
    expect(page.locator(".leaflet-tooltip")).to_contain_text("Kabupaten Kutai Kartanegara")
    big.click()
    expect(page).to_have_url(f"{published}/wilayah/64.02/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kabupaten Kutai Kartanegara")


def test_a_shape_shows_its_tooltip_on_keyboard_focus_and_enter_opens_it(
    page: Page, published: str
) -> None:
    page.goto(f"{published}/")
    drawn(page)
    shape = page.locator('#portal-map path[data-code="64.71"]')
    expect(shape).to_have_attribute("tabindex", "0")
    expect(shape).to_have_attribute("aria-label", "Kota Balikpapan: Utama · nilai 899,90")
    shape.focus()
    expect(page.locator(".leaflet-tooltip")).to_have_text("Kota Balikpapan: Utama · nilai 899,90")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{published}/wilayah/64.71/")


def test_the_province_filter_keeps_its_kab_kota_only(page: Page, published: str) -> None:
    page.goto(f"{published}/")
    page.get_by_label("Provinsi").select_option("64")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(f"{published}/?siklus=2026&provinsi=64")
    drawn(page)
    expect(page.locator("#portal-map path.portal-region")).to_have_count(10)
    expect(page.locator("#results-table tbody tr")).to_have_count(10)
    expect(page.locator("#summary-title")).to_contain_text("Kalimantan Timur")


def test_the_results_table_sorts_and_opens_a_profile_with_the_keyboard(
    page: Page, published: str
) -> None:
    page.goto(f"{published}/?provinsi=64")
    drawn(page)
    sort = page.get_by_role("button", name="Nilai")
    sort.focus()
    page.keyboard.press("Enter")  # ascending
    page.keyboard.press("Enter")  # descending: the highest score first
    expect(page.locator("#results-table thead th").nth(3)).to_have_attribute(
        "aria-sort", "descending"
    )
    first = page.locator("#results-table tbody tr").first.get_by_role("link")
    expect(first).to_have_text("Kota Balikpapan")  # 899,90: the highest score
    first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{published}/wilayah/64.71/")


PORTAL_PAGES = [
    "/",
    "/?provinsi=64",
    "/statistik/",
    "/bandingkan/",
    "/bandingkan/?w=64.71&w=64.72&q=kota",
    "/wilayah/64.71/",
    "/wilayah/64/",
]


def test_portal_pages_have_no_serious_accessibility_violations(page: Page, published: str) -> None:
    for path in PORTAL_PAGES:
        page.goto(f"{published}{path}")
        if path.startswith("/?") or path == "/":
            drawn(page)
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == [], path


def test_the_empty_home_page_is_accessible_too(page: Page, site: str) -> None:
    page.goto(f"{site}/")
    expect(page.get_by_role("heading", name="Belum ada hasil yang diterbitkan")).to_be_visible()
    assert axe_violations(page) == []


def test_portal_pages_fit_a_360_pixel_phone(page: Page, published: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    for path in [
        "/",
        "/wilayah/64.71/",
        "/wilayah/64/",
        "/statistik/",
        "/bandingkan/?w=64.71&w=64.72",
    ]:
        page.goto(f"{published}{path}")
        if path == "/":
            drawn(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path


def test_on_a_phone_the_service_filters_fit_and_every_scrolling_table_takes_focus(
    page: Page, published: str
) -> None:
    """Issue 19: the region selects of /layanan/, /forum-anak/ and /rbra/ (as wide as the
    longest regency name) overflowed a 360 px screen, and tables that scroll sideways could not
    be reached with the keyboard (axe scrollable-region-focusable)."""
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/layanan/", "/forum-anak/", "/rbra/", "/statistik/", "/wilayah/64.71/"]:
        page.goto(f"{published}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        scrolling = page.evaluate(
            """() => [...document.querySelectorAll('.table-wrap, .chart-wrap')]
                .filter(e => e.scrollWidth > e.clientWidth)
                .map(e => [e.getAttribute('tabindex'), e.getAttribute('role'),
                           e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')])"""
        )
        assert all(
            tabindex == "0" and role in ("region", "group") and label
            for tabindex, role, label in scrolling
        ), (path, scrolling)
        assert axe_violations(page) == [], path
