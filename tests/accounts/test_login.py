"""Logging in: password, throttling, the second factor, idle sessions, logging out."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from layakanak.audit.models import AuditEvent
from tests import clock
from tests.accounts.conftest import PASSWORD, add_device, log_in, totp_now

pytestmark = pytest.mark.django_db

LOGIN = "/masuk/"


def post_login(client: Client, email: str, password: str = PASSWORD, next_url: str = ""):
    data = {"email": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def test_the_login_page_is_in_indonesian_by_default(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "Kata sandi" in response.content.decode()


def test_the_operator_of_balikpapan_logs_in_with_a_password_only(client, balikpapan_operator):
    response = post_login(client, "Operator@Balikpapan.go.id", next_url="/akun/")
    assert response.status_code == 302 and response["Location"] == "/akun/"
    page = client.get("/akun/")
    assert page.status_code == 200
    assert "Operator daerah" in page.content.decode()
    event = AuditEvent.objects.filter(action="login.succeeded").get()
    assert event.actor == balikpapan_operator and event.ip_address == "127.0.0.1"
    assert event.role == "operator_daerah"  # the role column of the audit trail


def test_a_wrong_password_is_refused_and_recorded(client, balikpapan_operator):
    response = post_login(client, "operator@balikpapan.go.id", "salah")
    assert response.status_code == 200
    assert "tidak benar" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    event = AuditEvent.objects.filter(action="login.failed").get()
    assert event.after == {"email": "operator@balikpapan.go.id"}
    assert event.object_id == str(balikpapan_operator.pk)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_login_with_a_clear_message(client, balikpapan_operator):
    for _attempt in range(2):
        assert post_login(client, "operator@balikpapan.go.id", "salah").status_code == 200
    locked = post_login(client, "operator@balikpapan.go.id", "salah")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    again = post_login(client, "operator@balikpapan.go.id")
    assert again.status_code == 429
    assert not again.wsgi_request.user.is_authenticated
    assert AuditEvent.objects.filter(action="login.failed").count() == 4


def test_the_lockout_message_is_in_english_for_english_readers(client, balikpapan_operator):
    client.cookies["layakanak_lang"] = "en"
    with override_settings(AXES_FAILURE_LIMIT=1):
        locked = post_login(client, "operator@balikpapan.go.id", "wrong")
    assert locked.status_code == 429
    assert "Too many failed login attempts" in locked.content.decode()


def test_a_central_verifier_without_a_device_must_enrol_before_anything_else(
    client, central_verifier
):
    response = post_login(client, "verifikator.pusat@kemenpppa.go.id", next_url="/akun/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/2fa/")
    # Every other page sends them back to enrolment.
    home = client.get("/wilayah/")
    assert home.status_code == 302 and home["Location"].startswith("/akun/2fa/")
    enrol = client.get("/akun/2fa/")
    assert enrol.status_code == 200
    body = enrol.content.decode()
    assert "<svg" in body and "<script" not in body.split("<main")[1]
    key = client.session["layakanak_totp_enrol_key"]
    device = TOTPDevice(key=key)
    wrong = client.post(
        "/akun/2fa/", {"token": "000000" if totp_now(device) != "000000" else "111111"}
    )
    assert (
        wrong.status_code == 200 and not TOTPDevice.objects.filter(user=central_verifier).exists()
    )
    done = client.post("/akun/2fa/", {"token": totp_now(device), "next": "/akun/"})
    assert done.status_code == 302 and done["Location"] == "/akun/"
    assert TOTPDevice.objects.filter(user=central_verifier, confirmed=True).count() == 1
    assert client.get("/wilayah/").status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.enrolled", actor=central_verifier).exists()


def test_a_central_verifier_with_a_device_types_a_code_after_the_password(client, central_verifier):
    device = add_device(central_verifier)
    response = post_login(client, "verifikator.pusat@kemenpppa.go.id", next_url="/akun/")
    assert response["Location"].startswith("/masuk/verifikasi/")
    assert client.get("/akun/")["Location"].startswith("/masuk/verifikasi/")
    wrong = client.post("/masuk/verifikasi/", {"token": "12345x", "next": "/akun/"})
    assert wrong.status_code == 200
    right = client.post("/masuk/verifikasi/", {"token": totp_now(device), "next": "/akun/"})
    assert right.status_code == 302 and right["Location"] == "/akun/"
    assert client.get("/akun/").status_code == 200
    second = AuditEvent.objects.get(action="login.two_factor_succeeded")
    assert second.actor == central_verifier and second.role == "verifikator_pusat"


def test_a_wrong_or_reused_code_is_refused(client, central_verifier):
    device = add_device(central_verifier)
    post_login(client, "verifikator.pusat@kemenpppa.go.id")
    code = totp_now(device)
    wrong = str((int(code) + 1) % 1_000_000).zfill(6)
    response = client.post("/masuk/verifikasi/", {"token": wrong})
    assert response.status_code == 200
    assert "tidak benar" in response.content.decode()
    assert AuditEvent.objects.filter(action="login.two_factor_failed").count() == 1
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    assert client.post("/masuk/verifikasi/", {"token": code}).status_code == 302
    other = Client()
    post_login(other, "verifikator.pusat@kemenpppa.go.id")
    assert other.post("/masuk/verifikasi/", {"token": code}).status_code == 200  # replay


def test_someone_with_only_the_password_cannot_replace_the_second_factor(client, central_verifier):
    add_device(central_verifier)
    post_login(client, "verifikator.pusat@kemenpppa.go.id")
    response = client.get("/akun/2fa/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/verifikasi/")
    assert TOTPDevice.objects.filter(user=central_verifier).count() == 1


def test_two_factor_is_optional_for_the_operator_but_used_once_set_up(client, balikpapan_operator):
    log_in(client, balikpapan_operator)
    assert client.get("/akun/").status_code == 200
    assert client.get("/akun/2fa/").status_code == 200
    device = add_device(balikpapan_operator)
    fresh = Client()
    response = post_login(fresh, "operator@balikpapan.go.id")
    assert response["Location"].startswith("/masuk/verifikasi/")
    assert fresh.post("/masuk/verifikasi/", {"token": totp_now(device)}).status_code == 302


def test_a_session_ends_after_thirty_idle_minutes(client, balikpapan_operator):
    start = clock.whole_second()
    with time_machine.travel(start, tick=False):
        log_in(client, balikpapan_operator)
        assert client.get("/akun/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get("/akun/").status_code == 200  # activity renews the session
    with time_machine.travel(start + dt.timedelta(minutes=29 + 31), tick=False):
        response = client.get("/akun/")
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_log_out_everywhere_ends_every_session(client, balikpapan_operator):
    phone, laptop = Client(), Client()
    log_in(phone, balikpapan_operator)
    log_in(laptop, balikpapan_operator)
    response = laptop.post("/akun/keluar-semua/")
    assert response.status_code == 302 and response["Location"] == "/masuk/"
    assert phone.get("/akun/").status_code == 302
    assert laptop.get("/akun/").status_code == 302
    assert AuditEvent.objects.filter(
        action="account.logged_out_everywhere", actor=balikpapan_operator
    ).exists()


def test_logging_out_needs_a_post(client, balikpapan_operator):
    log_in(client, balikpapan_operator)
    assert client.get("/keluar/").status_code == 405
    assert client.post("/keluar/").status_code == 302
    assert client.get("/akun/").status_code == 302


def test_the_header_links_to_the_login_page_and_for_the_admin_to_management(
    client, central_admin, balikpapan_operator
):
    anonymous = client.get("/").content.decode()
    # No return address: after logging in each person lands on their work (issue 19).
    assert 'href="/masuk/"' in anonymous
    log_in(client, balikpapan_operator)
    page = client.get("/").content.decode()
    assert 'href="/akun/"' in page and "/kelola/akun/" not in page
    admin_client = log_in(Client(), central_admin)
    admin_page = admin_client.get("/").content.decode()
    assert 'href="/kelola/akun/"' in admin_page and 'href="/kelola/audit/"' in admin_page


def test_the_technical_admin_logs_in_through_the_login_page(client):
    response = client.get("/admin/", follow=False)
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.status_code == 302 and follow["Location"].startswith("/masuk/?next=")


def test_password_reset_link_works_once(
    client, balikpapan_operator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/masuk/lupa-sandi/", {"email": "operator@balikpapan.go.id"})
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post("/masuk/lupa-sandi/", {"email": "tidak.ada@example.org"})
    # The same answer whether or not an account exists.
    assert unknown.status_code == 200 and "Periksa e-mail Anda" in unknown.content.decode()
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/masuk/sandi/" in line)
    path = link.strip().replace("http://127.0.0.1:8000", "")
    assert client.get(path).status_code == 200
    new = "sandi-baru-yang-cukup-panjang"
    done = client.post(path, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == "/masuk/"
    balikpapan_operator.refresh_from_db()
    assert balikpapan_operator.check_password(new)
    assert client.get(path).status_code == 404  # used once
    assert AuditEvent.objects.filter(action="account.password_changed").exists()


def test_the_password_policy_refuses_short_and_common_passwords(
    client, balikpapan_operator, mailoutbox, django_capture_on_commit_callbacks
):
    from layakanak.accounts.emails import password_link

    path = password_link(balikpapan_operator).replace("http://127.0.0.1:8000", "")
    short = client.post(path, {"new_password1": "pendek", "new_password2": "pendek"})
    assert short.status_code == 200 and "12" in short.content.decode()
    common = client.post(path, {"new_password1": "password1234", "new_password2": "password1234"})
    assert common.status_code == 200
    balikpapan_operator.refresh_from_db()
    assert balikpapan_operator.check_password(PASSWORD)


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from layakanak import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_password_link_expires_after_72_hours(client, balikpapan_operator):
    from layakanak.accounts.emails import password_link

    start = clock.whole_second()
    with time_machine.travel(start, tick=False):
        path = password_link(balikpapan_operator).replace("http://127.0.0.1:8000", "")
    with time_machine.travel(start + dt.timedelta(hours=71), tick=False):
        assert client.get(path).status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=73), tick=False):
        late = client.get(path)
        assert late.status_code == 404
        new = "sandi-baru-yang-cukup-panjang"
        assert client.post(path, {"new_password1": new, "new_password2": new}).status_code == 404
    balikpapan_operator.refresh_from_db()
    assert balikpapan_operator.check_password(PASSWORD)
