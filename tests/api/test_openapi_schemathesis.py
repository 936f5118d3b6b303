"""Schemathesis generates requests from the OpenAPI document for every /api/v1 operation and
checks that none of them makes the server fail (5xx). The data: the portal fixture (a published
cycle after an imported one, and an unpublished one)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.portal.conftest import World, world  # noqa: F401  (fixture)
from tests.portal.conftest import central_admin, cycle, kla2023  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_process(world: World) -> Iterator[None]:  # noqa: F811
    """The requests run in this thread, inside the test's transaction: like Django's test
    client, keep the end of a request from closing the database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# The OpenAPI document is built from the code (no database), when the module is collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_api_operation_answers_with_a_server_error(case: Any, in_process: None) -> None:
    case.call_and_validate(checks=[not_a_server_error])
