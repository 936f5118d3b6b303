"""Spam protection of the public forms, without a third-party captcha: a honeypot field, a
signed start time (a form sent faster than a person can fill it is refused) and a per-address
counter in Django's cache. Addresses are kept only as a keyed hash, only in the cache."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from layakanak.accounts.http import client_ip

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
    return signing.dumps(int(now if now is not None else time.time()), salt=_SALT)


def filled_by_a_person(token: str, honeypot: str) -> bool:
    """False for a filled honeypot, a forged or stale start time, or a form sent too fast."""
    if honeypot:
        return False
    try:
        started = int(signing.loads(token, salt=_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    age = time.time() - started
    return MIN_FILL_SECONDS <= age <= MAX_FORM_AGE_SECONDS


def _key(request: HttpRequest, bucket: str) -> str:
    address = (client_ip(request) or "unknown").encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), address, hashlib.sha256).hexdigest()[:32]
    return f"services:throttle:{bucket}:{digest}"


def allow(request: HttpRequest, bucket: str) -> bool:
    """Count one attempt; False once the address has used up its allowance for the window."""
    limit, window = LIMITS[bucket]
    key = _key(request, bucket)
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit
