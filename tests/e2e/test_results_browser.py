"""The public results page in a real browser: filtering by province and predicate (htmx on the
live site, plain JavaScript in the static export served under a prefix), sorting, searching,
keyboard use, axe-core, a 360 px phone."""

from __future__ import annotations

import functools
import http.server
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Page, expect

from layakanak.evaluation.models import Cycle
from layakanak.results.models import Publication
from tests.e2e.conftest import axe_violations
from tests.evaluation.conftest import cycle, kla2023  # noqa: F401  (fixtures)
from tests.portal.results_fixtures import import_history_2023, publish_2026

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

ROWS = "#results-table tbody tr"


@pytest.fixture
def published(quiet_live_server: Any, cycle: Cycle) -> Publication:  # noqa: F811
    import_history_2023()
    return publish_2026(cycle)


@pytest.fixture
def site(quiet_live_server: Any, published: Publication) -> str:
    return str(quiet_live_server.url)


def codes(page: Page) -> list[str]:
    return page.locator(f"{ROWS}:not([hidden])").evaluate_all(
        "rows => rows.map(row => row.dataset.code)"
    )


def test_filter_by_province_and_predicate_updates_the_list_and_the_address(
    page: Page, site: str
) -> None:
    page.goto(f"{site}/hasil/2026/")
    expect(page.locator(ROWS)).to_have_count(9)
    page.get_by_label("Provinsi", exact=True).select_option("65")
    expect(page.locator(ROWS)).to_have_count(5)
    expect(page).to_have_url(re.compile(r"provinsi=65"))
    page.get_by_label("Predikat", exact=True).select_option("pratama")
    expect(page.locator(ROWS)).to_have_count(2)
    expect(page.locator("#results-count")).to_have_text("2 dari 9 kabupaten/kota ditampilkan.")
    assert sorted(codes(page)) == ["65.02", "65.03"]
    # The filtered view survives a reload: it lives in the address.
    page.reload()
    expect(page.locator(ROWS)).to_have_count(2)
    expect(page.get_by_label("Predikat", exact=True)).to_have_value("pratama")


def test_search_and_sort_with_the_keyboard_only(page: Page, site: str) -> None:
    page.goto(f"{site}/hasil/2026/")
    search = page.get_by_label("Nama atau kode wilayah")
    search.focus()
    page.keyboard.type("kota")
    expect(page.locator(ROWS)).to_have_count(5)
    # Tab to the sort menu and pick the lowest score first with the arrow keys.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Urutkan")).to_be_focused()
    page.get_by_label("Urutkan").select_option("score")
    expect(page.locator(f"{ROWS}").first).to_have_attribute("data-code", "64.72")
    # The column headers are links: Enter on "Nilai" flips the order.
    header = page.locator('#results-table thead a[data-sort="score"]')
    header.focus()
    page.keyboard.press("Enter")
    expect(page.locator('#results-table thead th[aria-sort="descending"]')).to_contain_text("Nilai")
    expect(page.locator(f"{ROWS}").first).to_have_attribute("data-code", "64.71")
    assert codes(page) == ["64.71", "65.71", "31.71", "31.72", "64.72"]


def test_results_pages_have_no_serious_accessibility_violations(page: Page, site: str) -> None:
    for path in ("/hasil/", "/hasil/2026/", "/hasil/2026/?provinsi=64&urut=-score", "/data/"):
        page.goto(f"{site}{path}")
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == [], path


def test_results_page_fits_a_360_pixel_phone(page: Page, site: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/hasil/2026/", "/data/"):
        page.goto(f"{site}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    page.goto(f"{site}/hasil/2026/")
    # On a phone every row is a card whose cells name themselves.
    row = page.locator(ROWS).first
    expect(row.locator("td").first).to_be_visible()
    assert "Provinsi" in row.locator("td").first.evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )


@pytest.fixture
def static_site(published: Publication, tmp_path: Path) -> Iterator[str]:
    """The static export served by a plain file server under a prefix."""
    root = tmp_path / "www"
    call_command(
        "export_static",
        "--cycle",
        "2026",
        "--out",
        str(root / "arsip" / "kla"),
        "--languages",
        "id",
        "--site-url",
        "https://layakanak.example",
        stdout=io.StringIO(),
    )
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/arsip/kla"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_static_export_filters_and_sorts_in_the_browser_under_a_prefix(
    page: Page, static_site: str
) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(f"{static_site}/hasil/2026/index.html")
    expect(page.locator("form.results-filter")).to_have_class(re.compile("is-enhanced"))
    page.get_by_label("Provinsi", exact=True).select_option("64")
    expect(page.locator(f"{ROWS}:not([hidden])")).to_have_count(2)
    expect(page.locator("#results-count")).to_have_text("2 dari 9 kabupaten/kota ditampilkan.")
    expect(page).to_have_url(re.compile(r"index\.html\?provinsi=64$"))
    page.get_by_label("Provinsi", exact=True).select_option("")
    page.locator('#results-table thead a[data-sort="name"]').click()
    assert codes(page)[:3] == ["64.71", "65.01", "31.71"]  # Balikpapan, Bulungan, Jakarta Pusat
    page.get_by_label("Nama atau kode wilayah").fill("tarakan")
    expect(page.locator(f"{ROWS}:not([hidden])")).to_have_count(1)
    # A region link leads to its exported profile.
    page.get_by_role("link", name="Kota Tarakan").click()
    expect(page).to_have_url(f"{static_site}/wilayah/65.71/index.html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kota Tarakan")
    assert failed == []
    assert axe_violations(page) == []


def test_the_exported_map_opens_a_profile_by_its_page_file(page: Page, static_site: str) -> None:
    """Object storage serves no index documents: a shape of the exported map must lead to the
    profile's index.html, not to its folder."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    # The exported map reads the results from the live site's API, across origins (here: the
    # real API's answer and headers, served for the live address).
    results = Client().get("/api/v1/cycles/2026/results?page_size=1000")
    assert results.status_code == 200
    page.route(
        "https://layakanak.example/api/v1/cycles/2026/results*",
        lambda route: route.fulfill(
            status=200,
            body=results.content,
            headers={
                "Content-Type": results["Content-Type"],
                "Access-Control-Allow-Origin": results.get("Access-Control-Allow-Origin", ""),
            },
        ),
    )
    page.goto(f"{static_site}/index.html")
    expect(page.locator("#portal-map")).to_have_attribute("data-drawn", "true", timeout=30_000)
    shape = page.locator('#portal-map path[data-code="64.71"]')
    shape.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{static_site}/wilayah/64.71/index.html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kota Balikpapan")
    assert failed == []
