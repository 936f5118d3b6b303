"""A central verifier logs in with a password and a TOTP code in a real browser."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from layakanak.accounts.models import Role
from tests.accounts.conftest import PASSWORD, make_person, totp_now
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

EMAIL = "verifikator.pusat@kemenpppa.go.id"
ENROL_HEADING = "Aktifkan autentikasi dua faktor"
NEWCOMER = "verifikator@kaltimprov.go.id"  # a provincial verifier without a second factor yet


def code_for(secret: str) -> str:
    """The current TOTP code for a base32 key as the enrolment page shows it (groups of four)."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


@pytest.fixture
def site(quiet_live_server: Any, regions: None) -> str:
    person = make_person(EMAIL, Role.VERIFIKATOR_PUSAT)
    TOTPDevice.objects.create(user=person, name="telepon", confirmed=True)
    make_person(NEWCOMER, Role.VERIFIKATOR_PROVINSI, "64")
    return str(quiet_live_server.url)


def test_a_central_verifier_logs_in_with_a_second_factor(page: Page, site: str) -> None:
    page.goto(f"{site}/")
    page.get_by_role("link", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk")
    assert axe_violations(page) == []
    page.get_by_label("Alamat e-mail").fill(EMAIL)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Autentikasi dua faktor")
    assert axe_violations(page) == []
    device = TOTPDevice.objects.get(user__email=EMAIL)
    page.get_by_label("Kode enam digit dari aplikasi autentikator Anda").fill(totp_now(device))
    page.get_by_role("button", name="Verifikasi").click()

    # No page was asked for: the verifier lands on their work (issue 19).
    expect(page).to_have_url(f"{site}/verifikasi-evaluasi/")
    page.get_by_role("link", name="Verifikator Pusat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Akun saya")
    expect(page.get_by_text("Verifikator pusat", exact=True)).to_be_visible()
    assert axe_violations(page) == []


def test_a_wrong_password_shows_a_clear_message(page: Page, site: str) -> None:
    page.goto(f"{site}/masuk/")
    page.get_by_label("Alamat e-mail").fill(EMAIL)
    page.get_by_label("Kata sandi").fill("bukan-sandinya")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("Alamat e-mail atau kata sandi tidak benar.")


def test_a_provincial_verifier_sets_up_the_second_factor_at_first_login(
    page: Page, site: str
) -> None:
    page.goto(f"{site}/masuk/")
    page.get_by_label("Alamat e-mail").fill(NEWCOMER)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    # The role requires two-factor authentication: enrolment comes before anything else.
    expect(page.get_by_role("heading", level=1)).to_have_text(ENROL_HEADING)
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"{site}/akun/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ENROL_HEADING)

    page.get_by_label("Kode enam digit dari aplikasi autentikator Anda").fill("000000")
    page.get_by_role("button", name="Aktifkan autentikasi dua faktor").click()
    expect(page.get_by_text("Kode tidak benar")).to_be_visible()

    secret = page.locator(".totp-secret").inner_text()
    page.get_by_label("Kode enam digit dari aplikasi autentikator Anda").fill(code_for(secret))
    page.get_by_role("button", name="Aktifkan autentikasi dua faktor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Akun saya")
    expect(page.get_by_text("Autentikasi dua faktor kini aktif")).to_be_visible()
    assert TOTPDevice.objects.filter(user__email=NEWCOMER, confirmed=True).count() == 1
