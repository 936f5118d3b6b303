"""Issue 18, item 2: names typed by regional officers reach the public maps' tooltips and popups
as text, never as markup. Leaflet writes a string given to bindTooltip/bindPopup as HTML; the
static export is served where no CSP applies, so markup in a name would run in visitors'
browsers. The checks look at the DOM (no element was created from the name), not at whether a
script ran, because the live server's CSP would stop that script either way."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from layakanak.regions.models import Region
from layakanak.services import actions
from tests.e2e.test_services_rbra_browser import a_playground

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

MARKUP = '"><img src=x id=injected onerror=alert(1)><b id=bold>'


@pytest.fixture
def site(quiet_live_server: Any, regions: None) -> str:
    return str(quiet_live_server.url)


def _no_markup_from_the_name(page: Page, box: str) -> None:
    expect(page.locator(box)).to_contain_text(MARKUP)
    expect(page.locator("#injected")).to_have_count(0)
    expect(page.locator("#bold")).to_have_count(0)


def test_a_playground_name_is_text_in_the_profile_maps_tooltip_and_popup(
    page: Page, site: str
) -> None:
    a_playground("64.71.05", f"RBRA {MARKUP}", "-1.2700", "116.8300", True)
    page.goto(f"{site}/wilayah/64.71/")
    marker = page.locator("#region-map .leaflet-rbra-pane path")
    expect(marker).to_have_count(1)
    marker.hover(force=True)
    _no_markup_from_the_name(page, ".leaflet-tooltip")
    marker.click(force=True)
    _no_markup_from_the_name(page, ".leaflet-popup-content")


def test_a_service_name_is_text_in_the_directory_maps_tooltip(page: Page, site: str) -> None:
    actions.do_save_service(
        None,
        Region.objects.get(code="64.71"),
        {
            "kind": "puspaga",
            "name": f"PUSPAGA {MARKUP}",
            "phone": "0542-1",
            "latitude": "-1.2",
            "longitude": "116.8",
            "active": True,
        },
        actor="test",
    )
    page.goto(f"{site}/layanan/")
    expect(page.locator("#services-map")).to_have_attribute("data-drawn", "true")
    page.locator("#services-map path.leaflet-interactive").first.hover(force=True)
    _no_markup_from_the_name(page, ".leaflet-tooltip")
