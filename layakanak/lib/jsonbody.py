"""Reading a JSON request body that a hostile client wrote.

`json.loads` recurses once per nested array or object: a body nested 5,000 levels deep raises
RecursionError (a 500) instead of a clean refusal. `parse_json_body` refuses bodies nested deeper
than any form of the platform sends (a few levels), bodies that are not UTF-8 or not JSON, and
bodies over a size limit, all with the one exception `BadJsonBody` that views turn into a 400
with a message.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 8
MAX_BYTES = 256 * 1024


class BadJsonBody(ValueError):
    """The body is not JSON the platform accepts (not JSON, too deep, too large)."""


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text, strings skipped (linear)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def parse_json_body(
    body: bytes, *, default: Any = None, max_depth: int = MAX_DEPTH, max_bytes: int = MAX_BYTES
) -> Any:
    """The decoded body (`default` for an empty one), or BadJsonBody."""
    if not body:
        return default
    if len(body) > max_bytes:
        raise BadJsonBody(f"the body is larger than {max_bytes} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadJsonBody("the body is not UTF-8") from exc
    if nesting_depth(text) > max_depth:
        raise BadJsonBody(f"the body is nested deeper than {max_depth} levels")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, an integer of 5,000 digits
        raise BadJsonBody("the body is not JSON") from exc


def parse_json_object(body: bytes, **limits: int) -> dict[str, Any]:
    """`parse_json_body` for the endpoints that take a JSON object (an empty body is `{}`)."""
    value = parse_json_body(body, default={}, **limits)
    if not isinstance(value, dict):
        raise BadJsonBody("the body is not a JSON object")
    return value
