"""Spam protection of the public forms, without a third-party captcha: a honeypot field, a
signed start time (a form sent faster than a person can fill it is refused), a token that is
accepted for one submission only, and a per-address counter shared by every process
(`layakanak.throttling`). Addresses are kept only as a keyed hash."""

from __future__ import annotations

import secrets
import time

from django.core import signing
from django.http import HttpRequest

from layakanak.accounts.http import client_ip
from layakanak.throttling import limits

MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 6 * 3600
_SALT = "layakanak.services.form-started"

# bucket: (requests allowed, per this many seconds)
LIMITS: dict[str, tuple[int, int]] = {
    "report": (5, 3600),
    "status": (10, 600),
    "appointment": (5, 3600),
    # "Use my location": a person presses it a few times at most.
    "locate": (30, 600),
}


def started_token(now: float | None = None) -> str:
    """The form's hidden start time, with a random nonce so that every form is different."""
    started = int(now if now is not None else time.time())
    return signing.dumps([started, secrets.token_urlsafe(12)], salt=_SALT)


def _started_at(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=_SALT)
        return int(value[0] if isinstance(value, list) else value)
    except (signing.BadSignature, TypeError, ValueError, IndexError):
        return None


def filled_by_a_person(token: str, honeypot: str) -> bool:
    """False for a filled honeypot, a forged or stale start time, or a form sent too fast."""
    if honeypot:
        return False
    started = _started_at(token)
    if started is None:
        return False
    age = time.time() - started
    return MIN_FILL_SECONDS <= age <= MAX_FORM_AGE_SECONDS


def use_token(token: str) -> bool:
    """Accept a form token for one submission only (the action calls this in its transaction,
    so a submission that fails leaves the token usable)."""
    return limits.use_once(f"services-form:{token}", valid_for=MAX_FORM_AGE_SECONDS)


def allow(request: HttpRequest, bucket: str) -> bool:
    """Count one attempt; False once the address has used up its allowance for the window."""
    limit, window = LIMITS[bucket]
    return limits.allow_attempt(
        f"services:{bucket}", client_ip(request) or "unknown", limit=limit, window=window
    )
