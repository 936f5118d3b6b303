"""Two-factor enforcement: a logged-in person who must use a second factor reaches nothing but
the verification (or enrolment) page, logout and the language switch until they have used it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from layakanak.accounts.access import requires_two_factor

EXEMPT_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:verify",
        "accounts:enrol",
        "accounts:logout",
        "set_language",
        "healthz",
    }
)


class TwoFactorMiddleware:
    """Runs after django-otp's OTPMiddleware, which sets `request.user.is_verified()`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        has_device = user_has_device(user)
        if not has_device and not requires_two_factor(user):
            return None
        target = "accounts:verify" if has_device else "accounts:enrol"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(f"{reverse(target)}?{query}" if query else reverse(target))
