"""Idle session expiry, and two-factor enforcement: a logged-in person who must use a second
factor reaches nothing but the verification (or enrolment) page, logout and the language switch
until they have used it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
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


# When the session's expiry was last pushed forward (seconds since the epoch).
REFRESHED_AT_SESSION_KEY = "_layakanak_refreshed_at"


class IdleSessionMiddleware:
    """Sessions end `SESSION_IDLE_SECONDS` after the last request, without a session write on
    every request.

    The session store keeps an expiry (`SESSION_COOKIE_AGE` after the session was last saved).
    Instead of saving every session on every request (`SESSION_SAVE_EVERY_REQUEST`, one UPDATE
    per request), the session is saved, and its expiry pushed forward, when it changed anyway
    or when the last refresh is `SESSION_REFRESH_SECONDS` (default 60) old or older. A session
    therefore ends between `SESSION_IDLE_SECONDS - SESSION_REFRESH_SECONDS` and
    `SESSION_IDLE_SECONDS` after the last request. Goes right after SessionMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response  # no session, or one just flushed (logout): nothing to keep alive
        refreshed_at = session.get(REFRESHED_AT_SESSION_KEY)  # loads the session if need be
        if session.is_empty():
            return response  # the cookie named an unknown or expired session
        now = int(time.time())
        interval = getattr(settings, "SESSION_REFRESH_SECONDS", 60)
        if (
            session.modified
            or not isinstance(refreshed_at, int)
            or not 0 <= now - refreshed_at < interval
        ):
            session[REFRESHED_AT_SESSION_KEY] = now  # marks it modified: SessionMiddleware saves
        return response


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
