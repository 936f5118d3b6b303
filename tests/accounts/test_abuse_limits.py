"""Issue 18, item 7: attempts are counted in the database, shared by every process and kept over
a restart (a per-process cache let two workers allow twice the limit); password resets are
limited per e-mail address and per network address."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client

from layakanak.accounts.actions import RESET_LIMIT_PER_ADDRESS, RESET_LIMIT_PER_IP
from layakanak.throttling import limits
from layakanak.throttling.models import AttemptCounter, UsedToken
from tests import clock

pytestmark = pytest.mark.django_db


def test_attempts_are_counted_in_the_database_not_in_a_process_cache() -> None:
    for _ in range(3):
        assert limits.allow_attempt("test", "10.0.0.1", limit=3, window=600)
    cache.clear()  # a restart, or another worker with its own memory
    assert not limits.allow_attempt("test", "10.0.0.1", limit=3, window=600)
    assert limits.allow_attempt("test", "10.0.0.2", limit=3, window=600)  # another address
    assert limits.allow_attempt("other", "10.0.0.1", limit=3, window=600)  # another bucket
    row = AttemptCounter.objects.get(key__startswith="test:", count=4)
    assert "10.0.0.1" not in row.key  # only a keyed hash is stored


def test_a_new_window_starts_a_new_count_and_old_windows_are_deleted() -> None:
    start = clock.now()
    for _ in range(2):
        limits.allow_attempt("test", "10.0.0.1", limit=1, window=60, now=start)
    assert not limits.allow_attempt("test", "10.0.0.1", limit=1, window=60, now=start)
    later = start + datetime.timedelta(minutes=5)
    assert limits.allow_attempt("test", "10.0.0.1", limit=1, window=60, now=later)
    assert AttemptCounter.objects.count() == 1  # the expired window went with the new one


def test_a_token_is_accepted_once() -> None:
    assert limits.use_once("abc", valid_for=60)
    assert not limits.use_once("abc", valid_for=60)
    assert limits.use_once("abd", valid_for=60)
    assert not UsedToken.objects.filter(digest="abc").exists()  # stored as a keyed hash


def _ask(client: Client, email: str, ip: str = "10.1.1.1"):
    return client.post("/masuk/lupa-sandi/", {"email": email}, REMOTE_ADDR=ip)


def test_an_address_receives_at_most_three_links_an_hour(
    client: Client, balikpapan_operator, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(RESET_LIMIT_PER_ADDRESS):
            assert _ask(client, balikpapan_operator.email, ip=f"10.2.0.{number}").status_code == 200
        refused = _ask(client, balikpapan_operator.email.upper(), ip="10.2.0.99")
    assert refused.status_code == 429
    assert "Terlalu banyak permintaan" in refused.content.decode()
    assert len(mailoutbox) == RESET_LIMIT_PER_ADDRESS
    # The same limit for an address without an account: the answer reveals nothing.
    for number in range(RESET_LIMIT_PER_ADDRESS):
        assert _ask(client, "tidak.ada@example.org", ip=f"10.3.0.{number}").status_code == 200
    assert _ask(client, "tidak.ada@example.org", ip="10.3.0.99").status_code == 429


def test_a_network_address_may_ask_ten_times_an_hour(
    client: Client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    for number in range(RESET_LIMIT_PER_IP):
        assert _ask(client, f"orang{number}@example.org").status_code == 200
    assert _ask(client, "orang-lain@example.org").status_code == 429
    assert _ask(client, "orang-lain@example.org", ip="10.9.9.9").status_code == 200
