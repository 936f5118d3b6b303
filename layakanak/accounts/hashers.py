"""Password hashing with a bound on how many hashes one process computes at once.

Django's argon2 hasher takes about 0.35 s of CPU and 100 MiB of memory per password check. When
many operators log in at the same moment (the morning of deadline day), every gunicorn thread
may be hashing at once: 4 workers x 8 threads reached 1.9 GB of RSS in the deadline-day
benchmark, and could reach 3.5 GB. Two cores cannot compute more than two hashes at a time
anyway, so letting more run only adds memory, not throughput. This hasher lets at most
`PASSWORD_HASH_CONCURRENCY` hashes run at once in each process; the other logins wait their
turn (in the same thread, so the wait counts towards the request, as the CPU time would).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None
_slots_size = 0


def _semaphore() -> threading.BoundedSemaphore:
    """The process's semaphore, sized from the setting (made again when the setting changes,
    as it does in tests)."""
    global _slots, _slots_size
    size = max(1, int(getattr(settings, "PASSWORD_HASH_CONCURRENCY", 1)))
    with _lock:
        if _slots is None or _slots_size != size:
            _slots, _slots_size = threading.BoundedSemaphore(size), size
        return _slots


@contextmanager
def hash_slot() -> Iterator[None]:
    """Hold one of the process's hashing slots for the duration of the block."""
    slots = _semaphore()
    with slots:
        yield


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    """Django's argon2 hasher (same algorithm name, same stored hashes), bounded per process."""

    def encode(self, password: str, salt: str) -> str:
        with hash_slot():
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with hash_slot():
            return super().verify(password, encoded)
