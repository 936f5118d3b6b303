"""`layakanak demo_accounts`: one account per role, only in demo mode."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from layakanak.accounts import access
from layakanak.accounts.models import User
from layakanak.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=False, DEBUG=False)
def test_demo_accounts_refuse_to_run_outside_demo_mode(regions):
    with pytest.raises(CommandError):
        call_command("demo_accounts")
    assert not User.objects.exists()


@override_settings(DEMO_MODE=True)
def test_demo_accounts_create_one_account_per_role_and_print_how_to_log_in(regions):
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    call_command("demo_accounts", stdout=io.StringIO())  # idempotent
    assert User.objects.count() == len(DEMO_ACCOUNTS) == 10
    operator = User.objects.get(email="operator.balikpapan@demo.invalid")
    assert operator.check_password(DEMO_PASSWORD)
    assert access.operator_region_ids(operator) == {operator.role_assignments.get().region_id}
    kaltim = User.objects.get(email="verifikator.kaltim@demo.invalid")
    assert access.has_role(
        kaltim, "verifikator_provinsi", region=operator.role_assignments.get().region
    )
    kl = User.objects.get(email="verifikator.kemenkes@demo.invalid")
    assert access.kl_indicator_numbers(kl) == {"12", "13", "14", "15", "16", "17"}
    assert TOTPDevice.objects.filter(user=kl, confirmed=True).count() == 1
    assert not TOTPDevice.objects.filter(user=operator).exists()
    printed = out.getvalue()
    assert "/masuk/" in printed and DEMO_PASSWORD in printed and "oathtool" in printed
