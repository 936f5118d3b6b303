"""Schemathesis generates requests from the OpenAPI document for every /api/v1 operation (valid
and invalid ones) and checks that none of them makes the server fail (5xx). The data: the portal
fixture (a published cycle after an imported one, and a decided but unpublished one)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error

from tests.portal.conftest import World

pytestmark = pytest.mark.django_db

# Built from the code (the document needs no database) when the module is collected.
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
EXAMPLES = 20
# Path parameters that exist in the fixture: random strings alone would only ever reach the 404
# of an unknown region or cycle. Each generated case takes one of these or keeps its own.
KNOWN_PATH_VALUES = {
    "code": ["64.71", "64", "64.71.01", "65.71", "64.11"],
    "cycle": ["2026", "2025", "2027"],
    "slug": ["kla-2023", "kla-2022"],
}


@pytest.fixture
def in_process(world: World) -> Iterator[None]:
    """The requests run in this thread, inside the test's transaction: like Django's test
    client, keep the end of a request from closing the database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_api_v1_operation_is_in_the_document() -> None:
    paths = {result.ok().path for result in SCHEMA.get_all_operations()}
    assert {
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/instruments",
        "/api/v1/cycles",
        "/api/v1/cycles/{cycle}/results",
        "/api/v1/regions/{code}/results",
    } <= paths


@pytest.mark.parametrize(
    "mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
)
def test_no_api_operation_answers_with_a_server_error(
    in_process: None, mode: schemathesis.GenerationMode
) -> None:
    # One test for every operation (the fixture data is built once, not once per operation).
    for result in SCHEMA.get_all_operations():
        operation = result.ok()

        names = [p.name for p in operation.path_parameters]
        known = st.fixed_dictionaries(
            {name: st.sampled_from([None, *KNOWN_PATH_VALUES.get(name, [])]) for name in names}
        )

        @given(case=operation.as_strategy(generation_mode=mode), path=known)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case: Any, path: dict[str, str | None]) -> None:
            for name, value in path.items():
                if value is not None:
                    case.path_parameters[name] = value
            case.call_and_validate(checks=[not_a_server_error])

        try:
            no_server_error()
        except Unsatisfiable:
            # No invalid request can be made of an operation without parameters.
            assert mode == schemathesis.GenerationMode.NEGATIVE, operation.path
