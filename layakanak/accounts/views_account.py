"""The person's own account: roles, two-factor enrolment and "log out everywhere"."""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from typing import Any
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.util import random_hex

from layakanak.accounts import actions, navigation
from layakanak.accounts.access import requires_two_factor
from layakanak.accounts.forms import TokenForm
from layakanak.accounts.http import client_ip, safe_next
from layakanak.accounts.models import RoleAssignment

ENROL_KEY_SESSION = "layakanak_totp_enrol_key"


@login_required
def account_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    assignments = (
        RoleAssignment.objects.filter(user=user, active=True)
        .select_related("region")
        .prefetch_related("assigned_regions")
    )
    return render(
        request,
        "accounts/account.html",
        {
            "assignments": assignments,
            "has_device": user_has_device(user),
            "two_factor_required": requires_two_factor(user),
        },
    )


@require_POST
@login_required
def logout_everywhere_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    actions.do_logout_everywhere(user, actor=user, ip_address=client_ip(request))
    logout(request)
    messages.success(request, _("You have been logged out on every device."))
    return redirect("accounts:login")


def config_url(email: str, key_hex: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    secret = b32encode(unhexlify(key_hex)).decode("ascii").rstrip("=")
    issuer = settings.SITE_NAME.replace(":", "")
    label = quote(f"{issuer}:{email}")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": 6, "period": 30}
    )
    return f"otpauth://totp/{label}?{query}"


def token_is_valid(key_hex: str, token: str) -> bool:
    totp = TOTP(unhexlify(key_hex), step=30, digits=6)
    return bool(totp.verify(int(token), tolerance=1))


@login_required
@never_cache
def enrol_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    next_url = safe_next(request, "") or navigation.landing_url(user)
    if user_has_device(user):
        if not user.is_verified():
            # Someone holding only the password must not replace the existing second factor.
            return redirect(f"{reverse('accounts:verify')}?{urlencode({'next': next_url})}")
        return render(request, "accounts/enrol_done.html")
    key_hex = request.session.get(ENROL_KEY_SESSION)
    if not key_hex:
        key_hex = random_hex(20)
        request.session[ENROL_KEY_SESSION] = key_hex
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if token_is_valid(key_hex, form.cleaned_data["token"]):
            device = actions.do_enrol_totp_device(
                user, key_hex, actor=user, ip_address=client_ip(request)
            )
            del request.session[ENROL_KEY_SESSION]
            otp_login(request, device)
            # A new session key once the second factor is passed: a key seen before (for
            # example fixed by an attacker before login) is worth nothing afterwards.
            request.session.cycle_key()
            messages.success(request, _("Two-factor authentication is now on for your account."))
            return redirect(next_url)
        form.add_error("token", _("The code is not correct. Check the time on your phone."))
    url = config_url(user.email, key_hex)
    qr_svg = segno.make(url, error="m").svg_inline(scale=4, title=_("QR code for your app"))
    secret = b32encode(unhexlify(key_hex)).decode("ascii").rstrip("=")
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "next": next_url,
            "required": requires_two_factor(user),
        },
    )
