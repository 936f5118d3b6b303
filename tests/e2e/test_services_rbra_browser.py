"""Child services in a browser: the RBRA layer on the region profile's map, the "use my location"
button of the public forms, and a playground photo upload with its confirmation."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext, Page, expect

from layakanak.regions.models import Region
from layakanak.services import actions
from layakanak.services.models import Playground, PlaygroundPhoto
from tests.e2e.conftest import axe_violations, browser_login
from tests.services.conftest import person

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

BALIKPAPAN = {"latitude": -1.2379, "longitude": 116.8529}
MAKASSAR_STRAIT = {"latitude": -2.5, "longitude": 118.5}


@pytest.fixture
def site(quiet_live_server: Any, regions: None) -> str:
    return str(quiet_live_server.url)


def a_playground(district: str, name: str, lat: str, lng: str, certified: bool) -> Playground:
    return actions.do_save_playground(
        None,
        Region.objects.get(code="64.71"),
        {
            "district": Region.objects.get(code=district),
            "name": name,
            "latitude": lat,
            "longitude": lng,
            "requirements_met": list(range(1, 14 if certified else 8)),
            "certification": "certified" if certified else "in_process",
        },
        actor="test",
    )


@pytest.fixture
def playgrounds(site: str) -> list[Playground]:
    return [
        a_playground("64.71.05", "RBRA Taman Bekapai", "-1.2700", "116.8300", True),
        a_playground("64.71.03", "RBRA Batu Ampar", "-1.2100", "116.8700", False),
        a_playground("64.71.01", "RBRA Manggar", "-1.2200", "116.9700", False),
    ]


def test_the_region_profile_shows_the_rbra_layer_a_list_and_the_coverage(
    page: Page, site: str, playgrounds: list[Playground]
) -> None:
    page.goto(f"{site}/wilayah/64.71/")
    region_map = page.locator("#region-map")
    expect(region_map).to_have_attribute("data-drawn", "true")
    expect(region_map).to_have_attribute("data-rbra-markers", "3")
    markers = page.locator("#region-map .leaflet-rbra-pane path")
    expect(markers).to_have_count(3)
    # The boundary keeps its own pane: one shape, as before.
    expect(page.locator("#region-map .leaflet-overlay-pane path")).to_have_count(1)
    section = page.locator("#rbra-layer")
    expect(section.locator(".rbra-list li")).to_have_count(3)
    expect(section).to_contain_text("Kecamatan dengan sedikitnya satu RBRA: 3 dari 6")
    toggle = page.get_by_label("Tampilkan ruang bermain (RBRA) di peta")
    expect(toggle).to_be_visible()
    expect(toggle).to_be_checked()
    toggle.press("Space")  # keyboard users can switch the layer off
    expect(markers).to_have_count(0)
    toggle.click()
    expect(markers).to_have_count(3)
    markers.first.click(force=True)
    expect(page.locator(".leaflet-popup-content")).to_contain_text("RBRA")
    # Leaflet fades a popup in over 0.2 s and axe measures contrast through the opacity: check
    # the popup once it is fully shown, as a reader sees it.
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert axe_violations(page) == []


def test_a_kecamatan_profile_shows_only_its_playgrounds_on_a_phone(
    page: Page, site: str, playgrounds: list[Playground]
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site}/wilayah/64.71.05/")
    expect(page.locator("#region-map")).to_have_attribute("data-rbra-markers", "1")
    expect(page.locator("#rbra-layer .rbra-list li")).to_have_count(1)
    expect(page.locator("#rbra-layer")).to_contain_text("RBRA Taman Bekapai")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []


def located(context: BrowserContext, site: str, point: dict[str, float]) -> None:
    context.grant_permissions(["geolocation"], origin=site)
    context.set_geolocation(point)


def test_the_location_button_picks_balikpapan_on_the_report_form(
    page: Page, context: BrowserContext, site: str
) -> None:
    located(context, site, BALIKPAPAN)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site}/lapor/")
    expect(page.locator("#id_region")).to_have_value("")
    lookups: list[Any] = []
    page.on("request", lambda r: lookups.append(r) if "regency-at-point" in r.url else None)
    page.get_by_role("button", name="Gunakan lokasi saya").click()
    expect(page.locator("#id_region")).to_have_value("64.71")
    expect(page.locator(".locate-status")).to_contain_text("Kota Balikpapan")
    # One POST, the coordinates in its body, none in the URL, no cookie sent with it.
    assert len(lookups) == 1 and lookups[0].method == "POST"
    assert "116.85" not in lookups[0].url and "116.85" in (lookups[0].post_data or "")
    assert "cookie" not in {k.lower() for k in lookups[0].headers}
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []


def test_the_location_is_never_asked_before_the_button_is_pressed(
    page: Page, context: BrowserContext, site: str
) -> None:
    located(context, site, BALIKPAPAN)
    lookups: list[str] = []
    page.on("request", lambda r: lookups.append(r.url) if "regency-at-point" in r.url else None)
    page.goto(f"{site}/lapor/")
    page.wait_for_load_state("networkidle")
    assert lookups == []
    expect(page.locator("#id_region")).to_have_value("")


def test_a_location_in_the_sea_leaves_the_list_usable_with_a_clear_message(
    page: Page, context: BrowserContext, site: str
) -> None:
    located(context, site, MAKASSAR_STRAIT)
    page.goto(f"{site}/lapor/")
    page.get_by_role("button", name="Gunakan lokasi saya").click()
    expect(page.locator(".locate-status")).to_contain_text("pilih dari daftar")
    expect(page.locator("#id_region")).to_have_value("")
    page.select_option("#id_region", "64.72")
    expect(page.locator("#id_region")).to_have_value("64.72")


def test_the_location_button_shows_the_services_of_balikpapan_in_the_directory(
    page: Page, context: BrowserContext, site: str
) -> None:
    located(context, site, BALIKPAPAN)
    page.goto(f"{site}/layanan/")
    page.get_by_role("button", name="Gunakan lokasi saya").click()
    expect(page).to_have_url(re.compile(r"/layanan/\?wilayah=64\.71$"))
    expect(page.locator("#filter-wilayah")).to_have_value("64.71")


def test_the_officer_must_confirm_before_a_photo_is_stored(
    page: Page, context: BrowserContext, site: str, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    playground = a_playground("64.71.05", "RBRA Taman Bekapai", "-1.2700", "116.8300", True)
    officer = person("layanan@balikpapan.example", "petugas_layanan", "64.71")
    browser_login(context, site, officer)
    photo = tmp_path / "ayunan.jpg"
    image = Image.new("RGB", (800, 600), (96, 168, 72))
    exif = Image.Exif()
    exif.get_ifd(0x8825)[1] = "S"
    image.save(photo, "JPEG", exif=exif)
    page.goto(f"{site}/kelola/layanan/rbra/{playground.pk}/")
    expect(page.locator(".child-photo-warning")).to_contain_text("anak yang dapat dikenali")
    page.set_input_files("#id_photo", str(photo))
    page.get_by_role("button", name="Unggah foto").click()
    expect(page.locator(".field-error .errorlist")).to_contain_text("Foto tidak disimpan")
    assert not PlaygroundPhoto.objects.exists()
    page.set_input_files("#id_photo", str(photo))
    page.get_by_label("Foto ini tidak memperlihatkan anak yang dapat dikenali").check()
    page.get_by_role("button", name="Unggah foto").click()
    expect(page.locator(".messages")).to_contain_text("Foto disimpan tanpa data lokasinya")
    expect(page.locator(".photo-grid img")).to_have_count(1)
    stored = PlaygroundPhoto.objects.get()
    raw = (settings.MEDIA_ROOT / stored.image.name).read_bytes()
    assert len(Image.open(io.BytesIO(raw)).getexif()) == 0
    # Checked without the one-time message: base.html's message list (<ul role="status">) is a
    # known axe finding of every page that shows one, outside this page.
    page.reload()
    expect(page.locator(".photo-grid img")).to_have_count(1)
    assert axe_violations(page) == []
