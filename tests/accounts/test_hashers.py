"""The bounded argon2 hasher: real argon2 hashes, and never more checks at once than allowed."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    check_password,
    get_hasher,
    make_password,
)
from django.test import override_settings

from layakanak.accounts.hashers import BoundedArgon2PasswordHasher

BOUNDED = ["layakanak.accounts.hashers.BoundedArgon2PasswordHasher"]


def test_production_settings_hash_with_the_bounded_hasher() -> None:
    from layakanak import settings as production

    assert production.PASSWORD_HASHERS[0] == BOUNDED[0]
    assert production.PASSWORD_HASH_CONCURRENCY >= 1


@override_settings(PASSWORD_HASHERS=BOUNDED)
def test_it_writes_and_reads_plain_argon2_hashes() -> None:
    encoded = make_password("kata-sandi-yang-panjang")
    assert encoded.startswith("argon2$argon2id$")
    assert isinstance(get_hasher("argon2"), BoundedArgon2PasswordHasher)
    assert check_password("kata-sandi-yang-panjang", encoded)
    assert not check_password("kata-sandi-yang-salah", encoded)
    # A hash written by Django's own argon2 hasher (stored before this hasher existed) still works.
    assert check_password("lama-sekali", Argon2PasswordHasher().encode("lama-sekali", "s" * 22))


@pytest.mark.parametrize("limit", [1, 2])
def test_no_more_checks_run_at_once_than_the_setting_allows(monkeypatch, settings, limit) -> None:
    settings.PASSWORD_HASH_CONCURRENCY = limit
    running = 0
    highest = 0
    counter = threading.Lock()

    def slow_verify(self, password: str, encoded: str) -> bool:
        nonlocal running, highest
        with counter:
            running += 1
            highest = max(highest, running)
        time.sleep(0.05)  # stands in for argon2's 0.35 s of work
        with counter:
            running -= 1
        return True

    monkeypatch.setattr(Argon2PasswordHasher, "verify", slow_verify)
    hasher = BoundedArgon2PasswordHasher()
    threads = [threading.Thread(target=hasher.verify, args=("x", "argon2$...")) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert highest == limit
