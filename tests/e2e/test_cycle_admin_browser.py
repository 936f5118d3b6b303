"""Setting up a cycle in a real browser: the central admin creates cycle 2026 (a bad window is
kept in the form with its error), adds the kab/kota of Kalimantan Timur after a confirmation,
and, once the self-assessment window has closed, grants Kota Balikpapan a 2×24-hour extension:
its operator, refused before, can save an answer again. Screenshots at 1280 and 360 px."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from layakanak.accounts.actions import do_create_user
from layakanak.accounts.roles import AssignmentSpec
from layakanak.evaluation.models import Cycle, Extension, Submission
from layakanak.lib.timezones import WIB
from layakanak.regions.models import Region
from tests.e2e.conftest import axe_violations, browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

# Set LAYAKANAK_SCREENSHOTS to a folder to keep the screenshots (to look at them).
SCREENSHOTS = os.environ.get("LAYAKANAK_SCREENSHOTS", "")


@pytest.fixture
def setup(quiet_live_server: Any, regions: None) -> dict[str, Any]:
    call_command("load_instrument", "--shipped", verbosity=0)
    admin = do_create_user(
        email="admin@kemenpppa.example",
        full_name="Dewi Admin Pusat",
        actor="test",
        send_invitation=False,
        assignments=[AssignmentSpec(role="admin_pusat")],
    )
    operator = do_create_user(
        email="operator@balikpapan.example",
        full_name="Ayu Operator Balikpapan",
        actor="test",
        send_invitation=False,
        assignments=[
            AssignmentSpec(role="operator_daerah", region=Region.objects.get(code="64.71"))
        ],
    )
    return {"url": str(quiet_live_server.url), "admin": admin, "operator": operator}


def _wib(moment: datetime.datetime) -> str:
    return moment.astimezone(WIB).strftime("%Y-%m-%dT%H:%M")


def _shoot(page: Page, name: str) -> None:
    """At 1280 and 360 px: nothing scrolls sideways; screenshots kept when asked for."""
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        if SCREENSHOTS:
            folder = Path(SCREENSHOTS)
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not overflow, f"{name} scrolls sideways at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_admin_sets_up_a_cycle_and_extends_a_region(
    browser: Browser, setup: dict[str, Any]
) -> None:
    base = setup["url"]
    admin_context = browser.new_context()
    browser_login(admin_context, base, setup["admin"])
    page = admin_context.new_page()

    # The staff navigation leads to the list, empty at first.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Kelola siklus", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Siklus evaluasi")
    expect(page.get_by_text("Belum ada siklus.")).to_be_visible()
    _shoot(page, "list-empty")
    assert axe_violations(page) == []

    # The self-assessment window: opened ten days ago, closed an hour ago (WIB).
    now = timezone.now()
    opens, closes = now - datetime.timedelta(days=10), now - datetime.timedelta(hours=1)
    page.get_by_label("Slug").fill("2026")
    page.get_by_label("Nama dalam bahasa Indonesia").fill("Evaluasi KLA 2026")
    page.get_by_label("Nama dalam bahasa Inggris").fill("KLA evaluation 2026")
    page.get_by_label("Versi instrumen").select_option("kla-2023")
    page.locator("#id_opens_evaluasi_mandiri").fill(_wib(opens))
    page.locator("#id_closes_evaluasi_mandiri").fill(_wib(opens - datetime.timedelta(days=1)))
    page.get_by_role("button", name="Buat siklus").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_text("harus ditutup setelah dibuka")).to_be_visible()
    expect(page.get_by_label("Nama dalam bahasa Indonesia")).to_have_value("Evaluasi KLA 2026")
    expect(page.locator("#id_opens_evaluasi_mandiri")).to_have_value(_wib(opens))
    _shoot(page, "list-errors")
    assert not Cycle.objects.exists()

    page.locator("#id_closes_evaluasi_mandiri").fill(_wib(closes))
    page.get_by_role("button", name="Buat siklus").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pengaturan siklus")
    expect(page.get_by_text("Siklus 2026 telah dibuat.")).to_be_visible()

    # Participants: every kab/kota of Kalimantan Timur, after seeing how many.
    page.get_by_label("Semua kabupaten/kota di provinsi yang dipilih").check()
    page.locator("input[name=provinces][value='64']").check()
    page.get_by_role("button", name="Lanjutkan").click()
    kaltim = Region.objects.filter(level="regency", parent__code="64").count()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tambah kabupaten/kota")
    expect(page.locator(".lead")).to_contain_text(f"{kaltim} kabupaten/kota")
    assert axe_violations(page) == []
    _shoot(page, "confirm")
    page.get_by_role("button", name=f"Tambah {kaltim} kabupaten/kota").click()
    expect(page.get_by_text(f"{kaltim} kabupaten/kota ditambahkan ke siklus.")).to_be_visible()
    assert Submission.objects.filter(cycle__slug="2026").count() == kaltim
    _shoot(page, "settings")
    assert axe_violations(page) == []

    # The window has closed: Balikpapan's operator sees the answers read-only.
    operator_context = browser.new_context()
    browser_login(operator_context, base, setup["operator"])
    operator = operator_context.new_page()
    operator.goto(f"{base}/evaluasi/2026/64.71/indikator/4/")
    expect(operator.get_by_text("masa evaluasi mandiri sudah ditutup")).to_be_visible()

    # The cockpit row leads to the region's extensions; the proposal is 2×24 hours in WITA.
    page.goto(f"{base}/kelola/siklus/2026/")
    page.get_by_role("link", name="Beri perpanjangan · Kota Balikpapan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kota Balikpapan")
    expect(page.get_by_label("Sampai (WITA)")).not_to_have_value("")
    page.get_by_label("Alasan").fill("Gangguan jaringan pada hari terakhir (2×24 jam)")
    page.get_by_role("button", name="Beri perpanjangan").click()
    expect(page.get_by_text("Perpanjangan diberikan kepada Kota Balikpapan")).to_be_visible()
    expect(page.get_by_role("cell", name="Gangguan jaringan pada hari terakhir")).to_be_visible()
    expect(page.locator("td", has_text="Dewi Admin Pusat")).to_be_visible()
    _shoot(page, "extension")
    assert axe_violations(page) == []
    extension = Extension.objects.get(submission__region__code="64.71")
    assert extension.until > timezone.now() + datetime.timedelta(hours=47)

    # The list shows the cycle with the stage under way.
    page.goto(f"{base}/kelola/siklus/")
    expect(page.get_by_role("row", name="Evaluasi KLA 2026")).to_contain_text("kla-2023")
    _shoot(page, "list")
    assert axe_violations(page) == []

    # The operator can save again.
    operator.reload()
    question = operator.locator("#q-4\\.1")
    question.get_by_label("Jumlah anak usia 0–17 tahun yang memiliki kutipan").fill("9600")
    question.get_by_label("Jumlah anak usia 0–17 tahun dalam database").fill("10000")
    question.get_by_label("Jumlah anak usia 0–17 tahun dalam database").blur()
    expect(question.locator("[data-save-state]")).to_contain_text("Tersimpan")
    assert Submission.objects.get(cycle__slug="2026", region__code="64.71").answered_count == 1
