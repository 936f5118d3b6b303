from __future__ import annotations
import io
from typing import Any
import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from tests.e2e.conftest import browser_login
from tests.services.conftest import person
from layakanak.services.models import Playground

pytestmark = [pytest.mark.e2e]

def test_screens(page: Page, context: Any, quiet_live_server: Any, regions: None, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO_MODE = True
    call_command("demo_services", stdout=io.StringIO())
    site = quiet_live_server.url
    for w in (1280, 360):
        page.set_viewport_size({"width": w, "height": 900})
        page.goto(f"{site}/wilayah/64.71/")
        expect(page.locator("#region-map")).to_have_attribute("data-rbra-markers", "3")
        page.wait_for_timeout(500)
        page.screenshot(path=f"/tmp/shots-rbra/region-{w}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/wilayah/64.71.01/")
    page.wait_for_timeout(800)
    page.screenshot(path="/tmp/shots-rbra/district.png", full_page=True)
    page.goto(f"{site}/rbra/?wilayah=64.71")
    page.wait_for_timeout(800)
    page.screenshot(path="/tmp/shots-rbra/rbra.png", full_page=True)
    context.grant_permissions(["geolocation"], origin=site)
    context.set_geolocation({"latitude": -1.2379, "longitude": 116.8529})
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{site}/lapor/")
    page.get_by_role("button", name="Gunakan lokasi saya").click()
    expect(page.locator("#id_region")).to_have_value("64.71")
    page.screenshot(path="/tmp/shots-rbra/lapor-360.png", full_page=True)
    page.goto(f"{site}/perlindungan-data/")
    page.screenshot(path="/tmp/shots-rbra/privacy-360.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    officer = person("layanan@balikpapan.example", "petugas_layanan", "64.71")
    browser_login(context, site, officer)
    pg = Playground.objects.filter(regency__code="64.71").order_by("pk").first()
    page.goto(f"{site}/kelola/layanan/rbra/{pg.pk}/")
    page.screenshot(path="/tmp/shots-rbra/staff-edit.png", full_page=True)
    page.get_by_role("button", name="Unggah foto").click()
    page.screenshot(path="/tmp/shots-rbra/staff-error.png", full_page=True)
    page.locator(".photo-grid a").first.click()
    page.screenshot(path="/tmp/shots-rbra/staff-remove.png", full_page=True)
    page.goto(f"{site}/kelola/layanan/64.71/rbra/")
    page.screenshot(path="/tmp/shots-rbra/staff-list.png", full_page=True)
