"""The markers that decide which tests `.ci/run` runs again on PostgreSQL (tests/conftest.py).

A test that uses the database must never be marked `no_database`, or the PostgreSQL pass would
silently skip it; a test that cannot touch the database is marked, so that pass does not repeat
work whose outcome DATABASE_URL cannot change."""

from __future__ import annotations

import pytest


def test_a_test_without_the_database_is_marked_no_database(request: pytest.FixtureRequest) -> None:
    assert request.node.get_closest_marker("no_database") is not None
    assert request.node.get_closest_marker("own_database") is None


@pytest.mark.django_db
def test_a_test_with_the_django_db_marker_is_not_marked(request: pytest.FixtureRequest) -> None:
    assert request.node.get_closest_marker("no_database") is None


def test_a_test_with_a_database_fixture_is_not_marked(
    request: pytest.FixtureRequest, db: None
) -> None:
    assert request.node.get_closest_marker("no_database") is None


class TestAModuleOrClassMarker:
    pytestmark = pytest.mark.django_db

    def test_a_class_marker_counts_too(self, request: pytest.FixtureRequest) -> None:
        assert request.node.get_closest_marker("no_database") is None


def test_no_collected_test_that_reaches_the_database_is_left_out(
    request: pytest.FixtureRequest,
) -> None:
    """Over every test of the run (the whole suite in CI): browser tests and tests with the
    django_db marker or a database fixture are never marked no_database."""
    from tests.conftest import DATABASE_FIXTURES

    assert {"db", "transactional_db", "live_server"} <= DATABASE_FIXTURES
    for item in request.session.items:
        if item.get_closest_marker("no_database") is None:
            continue
        assert item.get_closest_marker("django_db") is None, item.nodeid
        assert not DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())), item.nodeid


def test_every_browser_test_is_marked_e2e(request: pytest.FixtureRequest) -> None:
    """`-m 'not e2e'` (the shifted-date pass in CI, the quick run by hand) leaves out every test
    that starts Chromium, and only those."""
    from tests.conftest import BROWSER_FIXTURES

    for item in request.session.items:
        drives_browser = bool(BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())))
        assert (item.get_closest_marker("e2e") is not None) == drives_browser, item.nodeid
        if item.path.name.endswith("_browser.py"):
            assert drives_browser, item.nodeid
