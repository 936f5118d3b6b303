"""Issue 18, item 8: the session key changes at the two-factor step; a production configuration
without Secure cookies and HSTS is refused by `layakanak check --deploy` and at start-up behind
HTTPS; every response carries a Permissions-Policy."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, override_settings

from tests.accounts.conftest import PASSWORD, add_device, totp_now

pytestmark = pytest.mark.django_db


def test_the_session_key_changes_when_the_second_factor_is_passed(client: Client, central_verifier):
    device = add_device(central_verifier)
    client.post("/masuk/", {"email": central_verifier.email, "password": PASSWORD})
    after_password = client.cookies["sessionid"].value
    response = client.post("/masuk/verifikasi/", {"token": totp_now(device), "next": "/akun/"})
    assert response.status_code == 302
    after_second_factor = client.cookies["sessionid"].value
    assert after_second_factor != after_password
    # The old key opens nothing; the new one is the verified session.
    stale = Client()
    stale.cookies["sessionid"] = after_password
    assert stale.get("/akun/").status_code == 302
    assert client.get("/akun/").status_code == 200


def test_the_session_key_changes_when_two_factor_is_set_up_at_first_login(
    client: Client, kaltim_verifier
):
    from binascii import unhexlify

    from django_otp.oath import TOTP

    from layakanak.accounts.views_account import ENROL_KEY_SESSION

    client.post("/masuk/", {"email": kaltim_verifier.email, "password": PASSWORD})
    assert client.get("/akun/2fa/").status_code == 200
    before = client.cookies["sessionid"].value
    key = client.session[ENROL_KEY_SESSION]
    token = f"{TOTP(unhexlify(key)).token():06d}"
    assert client.post("/akun/2fa/", {"token": token}).status_code == 302
    assert client.cookies["sessionid"].value != before


def _deploy_errors() -> list[str]:
    try:
        call_command("check", deploy=True, fail_level="ERROR", verbosity=0)
    except SystemCheckError as error:
        return [code for code in ("E001", "E002", "E003") if f"layakanak.{code}" in str(error)]
    return []


def test_check_deploy_refuses_debug_plain_cookies_and_no_hsts() -> None:
    with override_settings(
        DEBUG=True, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False, SECURE_HSTS_SECONDS=0
    ):
        assert _deploy_errors() == ["E001", "E002", "E003"]
    with override_settings(
        DEBUG=False, SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True, SECURE_HSTS_SECONDS=3600
    ):
        assert _deploy_errors() == ["E003"]  # an hour of HSTS is not enough
    with override_settings(
        DEBUG=False,
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
        SECURE_HSTS_SECONDS=31536000,
    ):
        assert _deploy_errors() == []


def _start(**environment: str) -> subprocess.CompletedProcess[str]:
    """Import the production settings in a fresh process, as `layakanak serve` does."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECURE_COOKIES", "HSTS_SECONDS", "LAYAKANAK_DEMO"}
    }
    env.update(SECRET_KEY="x" * 50, DATABASE_URL="", **environment)
    return subprocess.run(
        [sys.executable, "-c", "import layakanak.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_server_behind_https_does_not_start_without_secure_cookies_and_hsts() -> None:
    refused = _start(SITE_URL="https://kla.example.go.id")
    assert refused.returncode != 0
    assert "SECURE_COOKIES=true and HSTS_SECONDS" in refused.stderr
    proxied = _start(BEHIND_HTTPS_PROXY="true", SECURE_COOKIES="true")
    assert proxied.returncode != 0 and "HSTS_SECONDS" in proxied.stderr
    assert "SECURE_COOKIES" not in proxied.stderr.splitlines()[-1]
    secure = _start(
        SITE_URL="https://kla.example.go.id", SECURE_COOKIES="true", HSTS_SECONDS="31536000"
    )
    assert secure.returncode == 0, secure.stderr
    # Plain HTTP (a trial on one machine) starts as before.
    assert _start(SITE_URL="http://127.0.0.1:8000").returncode == 0


@pytest.mark.parametrize("path", ["/", "/masuk/", "/api/v1/regions", "/healthz"])
def test_every_response_carries_a_permissions_policy(client: Client, regions, path) -> None:
    for _ in range(2):  # the second answer of the home page comes from the page cache
        policy = client.get(path)["Permissions-Policy"]
        assert "camera=()" in policy and "microphone=()" in policy
        assert "geolocation=(self)" in policy
