"""A central verifier logs in with a password and a TOTP code in a real browser."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from layakanak.accounts.models import Role
from tests.accounts.conftest import PASSWORD, make_person, totp_now
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

EMAIL = "verifikator.pusat@kemenpppa.go.id"


@pytest.fixture
def site(quiet_live_server: Any, regions: None) -> str:
    person = make_person(EMAIL, Role.VERIFIKATOR_PUSAT)
    TOTPDevice.objects.create(user=person, name="telepon", confirmed=True)
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

    expect(page).to_have_url(f"{site}/")
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
