"""The first minutes of each role, as a new user lives them (issue 19): start at /masuk/ with only
the e-mail address and the password (and the code of the authenticator app for staff roles),
land on one's work and reach the main task by clicking links, never by typing an address.
axe checks every page on the way."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from layakanak.accounts.models import Role, User
from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
from layakanak.evaluation.models import Cycle, Submission
from layakanak.instruments.models import InstrumentVersion
from layakanak.regions.models import Region
from tests.accounts.conftest import PASSWORD, add_device, make_person, totp_now
from tests.e2e.conftest import axe_violations
from tests.shipped import load_shipped_instruments
from tests.verification.conftest import fill_and_submit, open_verification_windows
from tests.verification.helpers import through

# Each role's way from the login page to its work: the browser tests CI runs on PostgreSQL too.
pytestmark = [pytest.mark.e2e, pytest.mark.postgres_browser, pytest.mark.xdist_group("browser")]

# Kota Balikpapan fills in its self-assessment; the other kab/kota of Kalimantan Timur wait in
# verification: Samarinda at VA, Bontang at PU, Berau at VL.
FILLING, AT_VA, AT_PU, AT_VL = "64.71", "64.72", "64.74", "64.03"


@dataclass
class Site:
    url: str
    cycle: Cycle

    def submission(self, code: str) -> Submission:
        return Submission.objects.get(cycle=self.cycle, region__code=code)


@pytest.fixture
def site(quiet_live_server: Any, regions: None) -> Site:
    load_shipped_instruments()
    now = timezone.now()
    day = datetime.timedelta(days=1)
    cycle = do_create_cycle(
        "2026",
        name_id="Evaluasi KLA 2026",
        name_en="KLA evaluation 2026",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={"evaluasi_mandiri": (now - 10 * day, now + 20 * day)},
        actor="test",
    )
    codes = (FILLING, AT_VA, AT_PU, AT_VL)
    do_add_participants(cycle, Region.objects.filter(code__in=codes), actor="test")
    open_verification_windows(cycle)
    return Site(str(quiet_live_server.url), cycle)


def staff(email: str, role: str, code: str = "", **scope: Any) -> tuple[User, TOTPDevice]:
    """A staff account whose authenticator app is already set up."""
    person = make_person(email, role, code, **scope)
    return person, add_device(person)


def submitted(site: Site, code: str, *, approved_up_to: str = "") -> None:
    """The kab/kota has submitted; the verification stages up to `approved_up_to` are done."""
    submission = site.submission(code)
    fill_and_submit(submission, 0.8, 1)
    if approved_up_to:
        verifier = make_person("verifikator.pusat@kemenpppa.go.id", Role.VERIFIKATOR_PUSAT)
        through(Submission.objects.get(pk=submission.pk), approved_up_to, verifier)


def clean(page: Page) -> None:
    assert axe_violations(page) == [], page.url


def log_in(page: Page, site: Site, email: str, device: TOTPDevice | None = None) -> None:
    page.goto(f"{site.url}/masuk/")
    clean(page)
    page.get_by_label("Alamat e-mail").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    if device is not None:
        expect(page.get_by_role("heading", level=1)).to_have_text("Autentikasi dua faktor")
        clean(page)
        page.get_by_label("Kode enam digit dari aplikasi autentikator Anda").fill(totp_now(device))
        page.get_by_role("button", name="Verifikasi").click()


def work_link(page: Page, name: str) -> Any:
    return page.get_by_role("navigation", name="Pekerjaan saya").get_by_role("link", name=name)


def lands_on(page: Page, site: Site, path: str, heading: str, link: str) -> None:
    """Where the person lands after logging in, marked as the current page in the header."""
    expect(page).to_have_url(f"{site.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(work_link(page, link)).to_have_attribute("aria-current", "page")
    clean(page)


def open_indicator(page: Page, number: str) -> None:
    page.locator(".indicator-links a").filter(
        has=page.locator(".indicator-number", has_text=re.compile(rf"^{number}$"))
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    expect(page.locator(".answer-item").first).to_be_visible()
    clean(page)


def test_the_operator_reaches_an_indicator_of_the_self_assessment(page: Page, site: Site) -> None:
    make_person("operator@balikpapan.go.id", Role.OPERATOR_DAERAH, FILLING)
    log_in(page, site, "operator@balikpapan.go.id")
    lands_on(page, site, "/evaluasi/", "Evaluasi saya", "Evaluasi saya")
    expect(work_link(page, "Layanan anak")).to_be_visible()
    page.get_by_role("link", name="Kota Balikpapan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kota Balikpapan")
    clean(page)
    open_indicator(page, "1")
    expect(page.locator(".answer-item textarea, .answer-item input").first).to_be_editable()


def test_an_opd_contributor_reaches_an_indicator_of_their_office(page: Page, site: Site) -> None:
    make_person(
        "dinkes@balikpapan.go.id", Role.KONTRIBUTOR_OPD, FILLING, opd_name="Dinas Kesehatan"
    )
    log_in(page, site, "dinkes@balikpapan.go.id")
    lands_on(page, site, "/evaluasi/", "Evaluasi saya", "Evaluasi saya")
    page.get_by_role("link", name="Kota Balikpapan").click()
    expect(page.get_by_text("Anda menjawab pertanyaan milik: Dinas Kesehatan")).to_be_visible()
    clean(page)
    open_indicator(page, "12")


def verifier_opens(page: Page, region: str, heading: str) -> None:
    page.get_by_role("link", name=region, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    clean(page)


def test_the_provincial_verifier_reaches_the_va_workbench_of_a_waiting_region(
    page: Page, site: Site
) -> None:
    submitted(site, AT_VA)
    _, device = staff("verifikator@kaltimprov.go.id", Role.VERIFIKATOR_PROVINSI, "64")
    log_in(page, site, "verifikator@kaltimprov.go.id", device)
    lands_on(page, site, "/verifikasi-evaluasi/", "Antrean verifikasi", "Antrean verifikasi")
    verifier_opens(page, "Kota Samarinda", "Kota Samarinda: Verifikasi administrasi")


def test_a_ministry_verifier_reaches_the_central_review_of_their_indicators(
    page: Page, site: Site
) -> None:
    submitted(site, AT_PU, approved_up_to="VA")
    _, device = staff(
        "verifikator@kemkes.go.id",
        Role.VERIFIKATOR_KL,
        opd_name="Kementerian Kesehatan",
        indicators=("12", "13", "14", "15", "16", "17"),
    )
    log_in(page, site, "verifikator@kemkes.go.id", device)
    lands_on(page, site, "/verifikasi-evaluasi/", "Antrean verifikasi", "Antrean verifikasi")
    verifier_opens(page, "Kota Bontang", "Kota Bontang: Peninjauan ulang")


def test_the_central_verifier_reaches_the_central_review(page: Page, site: Site) -> None:
    submitted(site, AT_PU, approved_up_to="VA")
    device = add_device(User.objects.get(email="verifikator.pusat@kemenpppa.go.id"))
    log_in(page, site, "verifikator.pusat@kemenpppa.go.id", device)
    lands_on(page, site, "/verifikasi-evaluasi/", "Antrean verifikasi", "Antrean verifikasi")
    verifier_opens(page, "Kota Bontang", "Kota Bontang: Peninjauan ulang")


def test_the_field_team_reaches_the_field_visit_of_its_region(page: Page, site: Site) -> None:
    submitted(site, AT_VL, approved_up_to="PU")
    _, device = staff("tim.lapangan@kemenpppa.go.id", Role.TIM_LAPANGAN, AT_VL)
    log_in(page, site, "tim.lapangan@kemenpppa.go.id", device)
    lands_on(page, site, "/verifikasi-evaluasi/", "Antrean verifikasi", "Antrean verifikasi")
    verifier_opens(page, "Kabupaten Berau", "Kabupaten Berau: Verifikasi lapangan")
    page.get_by_role("link", name="Kunjungan lapangan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verifikasi lapangan: Kabupaten Berau"
    )
    clean(page)


def test_the_central_admin_reaches_the_status_of_a_cycle(page: Page, site: Site) -> None:
    _, device = staff("admin.pusat@kemenpppa.go.id", Role.ADMIN_PUSAT)
    log_in(page, site, "admin.pusat@kemenpppa.go.id", device)
    lands_on(page, site, "/kelola/siklus/", "Siklus evaluasi", "Kelola siklus")
    for other in ("Antrean verifikasi", "Kelola akun", "Jejak audit"):
        expect(work_link(page, other)).to_be_visible()
    page.get_by_role("link", name="Status · 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Status evaluasi mandiri · Evaluasi KLA 2026"
    )
    clean(page)


def test_the_service_officer_reaches_the_case_inbox(page: Page, site: Site) -> None:
    _, device = staff("layanan@balikpapan.go.id", Role.PETUGAS_LAYANAN, FILLING)
    log_in(page, site, "layanan@balikpapan.go.id", device)
    lands_on(page, site, "/kelola/layanan/", "Layanan anak", "Layanan anak")
    page.get_by_role("link", name="Kota Balikpapan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kotak masuk kasus · Kota Balikpapan")
    clean(page)


def test_on_a_phone_the_header_fits_and_its_menu_opens_with_the_keyboard_without_javascript(
    browser: Browser, site: Site
) -> None:
    phone = {"width": 360, "height": 740}
    without_scripts = browser.new_context(viewport=phone, java_script_enabled=False)
    page = without_scripts.new_page()
    page.goto(f"{site.url}/")
    main = page.get_by_role("navigation", name="Utama")
    expect(main.get_by_role("link", name="Hasil")).to_be_hidden()
    page.get_by_text("Menu", exact=True).focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(main.get_by_role("link", name="Beranda")).to_be_focused()
    main.get_by_role("link", name="Periksa piagam").click()
    expect(page).to_have_url(f"{site.url}/verifikasi/")
    without_scripts.close()

    with_scripts = browser.new_context(viewport=phone)
    page = with_scripts.new_page()
    page.goto(f"{site.url}/")
    page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("link", name="Data terbuka").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    clean(page)
    with_scripts.close()
