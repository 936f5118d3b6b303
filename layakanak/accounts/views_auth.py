"""Login with e-mail and password, the two-factor step, logout and password links."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import urlencode, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from layakanak.accounts import actions, navigation
from layakanak.accounts.access import requires_two_factor
from layakanak.accounts.forms import LoginForm, PasswordResetRequestForm, TokenForm
from layakanak.accounts.http import client_ip, safe_next
from layakanak.accounts.models import User


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    # A page the login was asked for (`?next=`); without one the person lands on their work,
    # which is known only once they are logged in (`navigation.landing_url`).
    asked_for = safe_next(request, "")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, email=form.cleaned_data["email"], password=form.cleaned_data["password"]
        )
        if user is None:
            # When this failure reaches the limit, django-axes replaces the response with
            # `lockout_response` below.
            form.add_error(None, _("The e-mail address or the password is not correct."))
        else:
            login(request, user)
            next_url = asked_for or navigation.landing_url(user)
            if user_has_device(user):
                return redirect(_with_next("accounts:verify", next_url))
            if requires_two_factor(user):
                return redirect(_with_next("accounts:enrol", next_url))
            return redirect(next_url)
    return render(request, "accounts/login.html", {"form": form, "next": asked_for})


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes calls this when an address and account have failed too often."""
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    message = _(
        "Too many failed login attempts. Logging in is blocked for %(minutes)d minutes; "
        "try again later or ask for a new password."
    ) % {"minutes": minutes}
    return render(
        request,
        "accounts/login.html",
        {"form": LoginForm(), "locked_message": message, "next": safe_next(request, "")},
        status=429,
    )


@never_cache
def verify_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    next_url = safe_next(request, "") or navigation.landing_url(user)
    if user.is_verified():
        return redirect(next_url)
    if not user_has_device(user):
        return redirect(_with_next("accounts:enrol", next_url))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = actions.do_verify_two_factor(
            user, form.cleaned_data["token"], ip_address=client_ip(request)
        )
        if device is not None:
            otp_login(request, device)
            # A new session key once the second factor is passed: a key seen before (for
            # example fixed by an attacker before login) is worth nothing afterwards.
            request.session.cycle_key()
            return redirect(next_url)
        form.add_error(
            "token",
            _(
                "The code is not correct or has expired. After several wrong codes you must "
                "wait a little before the next try."
            ),
        )
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You have logged out."))
    return redirect("home")


@never_cache
def password_reset_request_view(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_request_password_reset(
                form.cleaned_data["email"], ip_address=client_ip(request)
            )
        except actions.TooManyResetRequests as refused:
            form.add_error(None, str(refused))
            return render(request, "accounts/password_reset.html", {"form": form}, status=429)
        return render(request, "accounts/password_reset_sent.html")
    return render(request, "accounts/password_reset.html", {"form": form})


def _user_from_link(uidb64: str, token: str) -> User | None:
    try:
        user_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def set_password_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The page behind invitation and reset links: one use, expires (PASSWORD_RESET_TIMEOUT)."""
    user = _user_from_link(uidb64, token)
    if user is None:
        return render(request, "accounts/link_invalid.html", status=404)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_set_password(
            user, form.cleaned_data["new_password1"], actor=user, ip_address=client_ip(request)
        )
        if request.user.is_authenticated:
            logout(request)
        messages.success(request, _("Your password is set. Log in with it now."))
        return redirect("accounts:login")
    return render(
        request,
        "accounts/set_password.html",
        {"form": form, "invited": not user.has_usable_password()},
    )


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Replaces the technical admin's own login form with /masuk/."""
    next_url = safe_next(request, reverse("admin:index"))
    if request.user.is_authenticated:
        # Logged in without admin rights: there is nothing to log in to.
        return redirect("accounts:account")
    return redirect(_with_next("accounts:login", next_url))
