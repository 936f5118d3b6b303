"""Schemathesis generates requests from the OpenAPI document for every /api/v1 operation, valid
and invalid ones (both generation modes), in its examples, coverage and fuzzing phases, and runs
every check it has on each answer (`call_and_validate()` without a list of checks runs them
all): no server error, status code, content type, headers and body as documented, invalid data
refused, valid data accepted, undeclared methods answered 405 with an Allow header, required
headers...

Four checks run but find nothing to judge here, by the nature of the API rather than by choice:
`ignored_auth` and `object_level_authorization` look at operations that declare security (the
API is public, without accounts or keys), `use_after_free` and `ensure_resource_availability`
follow resources an operation creates or deletes (the API only reads; its one POST looks up a
point and stores nothing).

The data: the portal fixture (a published cycle after an imported one, and a decided but
unpublished one); the path parameters' examples in the document name regions, a cycle and an
instrument that exist in it. One test per operation (schemathesis's lazy fixture loader, which
would build the fixture once, fails under pytest 9: it sets `request.node._nodeid`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from tests.portal.conftest import World

pytestmark = pytest.mark.django_db

# Built from the code (the document needs no database) when the module is collected.
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
SCHEMA.config.update(
    # The in-process transport hands the body over as the application wrote it, without the
    # decoding an HTTP client does; gzip is tested in test_results_api.py.
    headers={"Accept-Encoding": "identity"},
)
SCHEMA.config.phases.update(phases=["examples", "coverage", "fuzzing"])
EXAMPLES = 25


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


def test_every_check_of_schemathesis_is_enabled() -> None:
    """The run below uses schemathesis's default set of checks: none may be switched off."""
    load_all_checks()
    config = SCHEMA.config.checks_config_for()
    assert [
        name for name in CHECKS.get_all_names() if not config.get_by_name(name=name).enabled
    ] == []


@SCHEMA.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_what_the_document_says(in_process: None, case: Any) -> None:
    case.call_and_validate()


def test_the_document_names_what_the_api_really_answers() -> None:
    document = SCHEMA.raw_schema
    boundary = document["paths"]["/api/v1/regions/{code}/boundary"]["get"]["responses"]
    assert list(boundary["200"]["content"]) == ["application/geo+json"]
    assert {"ETag", "Cache-Control"} <= set(boundary["304"]["headers"])
    playgrounds = document["paths"]["/api/v1/regions/{code}/playgrounds"]["get"]["responses"]
    assert list(playgrounds["200"]["content"]) == ["application/geo+json"]
    locate = document["paths"]["/api/v1/regency-at-point"]["post"]["responses"]
    assert {"400", "404", "413", "414", "422", "429"} <= set(locate)
    regions = document["paths"]["/api/v1/regions"]["get"]["parameters"]
    page = next(p for p in regions if p["name"] == "page")
    assert page["schema"]["maximum"] == 100_000
