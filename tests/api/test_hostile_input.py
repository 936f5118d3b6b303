"""Every /api/v1 operation answers hostile input with a 4xx and a JSON message, never a 5xx,
and refuses exactly what its OpenAPI document says is invalid (issue 18, item 3: an outside
probe got a 500 for `GET /api/v1/regions?page=100000000000000000000`).

The operations and their parameters are read from the OpenAPI document, so that a new operation
or parameter is probed without a change here."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest
from django.http import HttpResponse
from django.test import Client
from jsonschema import Draft202012Validator

from layakanak.api.urls import api
from tests.portal.conftest import World

pytestmark = pytest.mark.django_db

DOCUMENT: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema()))
OPERATIONS = [
    (method.upper(), path, operation)
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
]

# Values that exist in the fixture, for the path parameters not under attack.
KNOWN_PATH_VALUES = {"code": "64.71", "cycle": "2026", "slug": "kla-2023"}
# A valid value of every query parameter, sent twice to probe repeated parameters.
VALID_QUERY_VALUES = {
    "level": "regency",
    "parent": "64",
    "q": "balik",
    "province": "64",
    "predicate": "utama",
    "page": "1",
    "page_size": "10",
}

HOSTILE_VALUES = {
    "a huge integer": "1" + "0" * 20,
    "an integer of 5,000 digits": "9" * 5000,
    "a negative number": "-1",
    "zero": "0",
    "a fraction": "1.5",
    "an exponent": "1e400",
    "not a number": "NaN",
    "10,000 characters": "x" * 10_000,
    "a NUL byte": "\x00",
    "a NUL byte inside a code": "64\x00.71",
    "control characters": "\x1b[2J\r\n",
    "unicode": "Bālikpapan 😀 \u202e",
    "a JSON array": "[1, 2]",
    "SQL": "64' OR '1'='1",
    "a path": "../../etc/passwd",
    "empty": "",
}

HOSTILE_BODIES: dict[str, bytes] = {
    "empty": b"",
    "a NUL byte": b"\x00",
    "not UTF-8": b"\xff\xfe\xfd",
    "not JSON": b"latitude=1&longitude=2",
    "nested 5,000 levels": b"[" * 5000 + b"]" * 5000,
    "an integer of 5,000 digits": b'{"latitude": ' + b"9" * 5000 + b', "longitude": 0}',
    "infinity": b'{"latitude": 1e400, "longitude": 0}',
    "not a number": b'{"latitude": NaN, "longitude": 0}',
    "out of range": b'{"latitude": -91, "longitude": 181}',
    "strings": b'{"latitude": "' + b"x" * 10_000 + b'", "longitude": "0"}',
    "a NUL byte in a string": b'{"latitude": "\\u0000", "longitude": 0}',
    "arrays for numbers": b'{"latitude": [1, 2], "longitude": [0]}',
    "an array": b"[1, 2]",
    "a number": b"42",
    "nested objects": b'{"latitude": {"a": {"b": {"c": 1}}}, "longitude": 0}',
    "3 MB": b'{"latitude": 0, "longitude": 0, "padding": "' + b"x" * 3_000_000 + b'"}',
}


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": DOCUMENT["components"]})


def _documented_as_valid(schema: dict[str, Any], raw: str) -> bool:
    """Whether the document accepts `raw` as the value of a parameter with this schema (a
    query or path parameter arrives as text; an integer one must be written as an integer)."""
    value: Any = raw
    if schema.get("type") == "integer":
        if not re.fullmatch(r"[+-]?\d{1,4000}", raw):
            return False
        value = int(raw)
    return _validator(schema).is_valid(value)


def _message(response: HttpResponse) -> str:
    """The message of a JSON error answer: its `detail`, or the problems of a 422."""
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    detail = response.json()["detail"]
    if isinstance(detail, list):
        assert detail and all(problem["msg"] for problem in detail)
        return "; ".join(problem["msg"] for problem in detail)
    assert isinstance(detail, str) and detail.strip()
    return detail


def _url(path: str, **path_values: str) -> str:
    values = {**KNOWN_PATH_VALUES, **path_values}
    return re.sub(r"{(\w+)}", lambda m: quote(values[m.group(1)], safe=""), path)


def _problems(
    response: HttpResponse, operation: dict[str, Any], *, refused: bool | None, what: str
) -> list[str]:
    """What is wrong with the answer: a 5xx, a status or content type the document does not
    list, a refusal without a JSON message, or
    (when `refused` says which) a refusal of valid input or an acceptance of invalid input."""
    status = response.status_code
    if status >= 500:
        return [f"{what}: {status}"]
    problems = []
    documented = operation["responses"].get(str(status))
    content_type = response.get("Content-Type", "").split(";")[0]
    if documented is None:
        problems.append(f"{what}: {status} is not documented")
    elif content_type not in documented.get("content", {content_type: None}):
        problems.append(f"{what}: {status} as {content_type}, which is not documented")
    if status >= 400:
        try:
            _message(response)
        except (AssertionError, ValueError, KeyError) as exc:
            problems.append(f"{what}: {status} without a JSON message ({exc!r})")
    if refused is True and status != 422:
        problems.append(f"{what}: {status}, expected a refusal (422)")
    if refused is False and status in (400, 422):
        problems.append(f"{what}: refused valid input ({status}: {response.content[:200]!r})")
    return problems


def _parameters(operation: dict[str, Any], location: str) -> list[dict[str, Any]]:
    return [p for p in operation["parameters"] if p["in"] == location]


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [pytest.param(*op, id=f"{op[0]} {op[1]}") for op in OPERATIONS if op[0] == "GET"],
)
def test_hostile_parameters_get_a_4xx_with_a_message_never_a_5xx(
    client: Client, world: World, method: str, path: str, operation: dict[str, Any]
) -> None:
    problems: list[str] = []
    for parameter in _parameters(operation, "path"):
        for label, value in HOSTILE_VALUES.items():
            response = client.get(_url(path, **{parameter["name"]: value}))
            refused: bool | None = not _documented_as_valid(parameter["schema"], value)
            # A malformed code is refused with 422, unless it (a slash, nothing) takes the
            # request to no operation at all: then it is the JSON 404 of an unknown path.
            if refused and response.status_code == 404 and ("/" in value or not value):
                refused = None
            problems += _problems(
                response, operation, refused=refused, what=f"path {parameter['name']} = {label}"
            )
    for parameter in _parameters(operation, "query"):
        name = parameter["name"]
        for label, value in HOSTILE_VALUES.items():
            response = client.get(_url(path), {name: value})
            valid = _documented_as_valid(parameter["schema"], value)
            problems += _problems(
                response, operation, refused=not valid, what=f"query {name} = {label}"
            )
        assert name in VALID_QUERY_VALUES, f"add a valid value of {name} to VALID_QUERY_VALUES"
        twice = client.get(_url(path), {name: [VALID_QUERY_VALUES[name]] * 2})
        problems += _problems(twice, operation, refused=True, what=f"query {name} given twice")
        if twice.status_code == 422:
            assert f"give {name} once" in _message(twice)
    for parameter in _parameters(operation, "header"):
        name = parameter["name"]
        for label, value in HOSTILE_VALUES.items():
            response = client.get(_url(path), headers={name: value})
            problems += _problems(
                response, operation, refused=None, what=f"header {name} = {label}"
            )
    many = client.get(_url(path), {f"p{i}": "1" for i in range(1001)})
    problems += _problems(many, operation, refused=None, what="1,001 query parameters")
    assert problems == []


def test_too_many_query_parameters_get_a_json_message(client: Client, world: World) -> None:
    response = client.get("/api/v1/regions", {f"p{i}": "1" for i in range(1001)})
    assert response.status_code == 400
    assert "parameters" in _message(response)


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [pytest.param(*op, id=f"{op[0]} {op[1]}") for op in OPERATIONS if "requestBody" in op[2]],
)
def test_hostile_bodies_get_a_4xx_with_a_message_never_a_5xx(
    client: Client, world: World, method: str, path: str, operation: dict[str, Any]
) -> None:
    problems: list[str] = []
    for label, body in HOSTILE_BODIES.items():
        response = client.generic(method, _url(path), body, content_type="application/json")
        problems += _problems(response, operation, refused=None, what=f"body {label}")
        if not 400 <= response.status_code < 500:
            problems.append(f"body {label}: {response.status_code}, expected a refusal")
    assert problems == []


def test_the_page_number_of_the_outside_probe_is_refused_with_a_message(
    client: Client, world: World
) -> None:
    response = client.get("/api/v1/regions", {"page": "100000000000000000000"})
    assert response.status_code == 422
    assert "less than or equal to 100000" in _message(response)


def test_every_operation_documents_its_refusals(client: Client) -> None:
    for method, path, operation in OPERATIONS:
        responses = operation["responses"]
        assert "414" in responses, (method, path)
        assert "text/html" in responses["414"]["content"], (method, path)
        if "requestBody" in operation or any(
            p["in"] in ("path", "query") for p in operation["parameters"]
        ):
            assert responses["422"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ValidationErrorOut"
            }, (method, path)
