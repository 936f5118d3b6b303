"""Counts the requests the live server is still answering, so that a browser test can wait for
them before the test database is flushed (a request still in flight at teardown would hold a
lock on PostgreSQL, or hit the database after access was withdrawn)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_lock = threading.Lock()
_count = 0


def in_flight() -> int:
    with _lock:
        return _count


class InFlightMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        global _count
        with _lock:
            _count += 1
        try:
            return self.get_response(request)
        finally:
            with _lock:
                _count -= 1


def wait_until_quiet(timeout: float = 20.0) -> None:
    """Wait until no request is being answered, and no new one started for a short moment."""
    deadline = time.monotonic() + timeout
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        if in_flight() == 0:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 0.3:
                return
        else:
            quiet_since = None
        time.sleep(0.05)
    raise AssertionError(
        f"the live server still answers {in_flight()} request(s) after {timeout} s"
    )
