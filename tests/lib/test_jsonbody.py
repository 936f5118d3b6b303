"""Issue 18, item 3: a hostile JSON body is refused with BadJsonBody, never a RecursionError."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from layakanak.lib.jsonbody import MAX_DEPTH, BadJsonBody, nesting_depth, parse_json_body


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 5000 + b"]" * 5000,
        b'{"a":' * 5000 + b"1" + b"}" * 5000,
        b"[" * 100_000,
        b"\xff\xfe{}",
        b"{not json",
        b'{"value": "' + b"x" * 300_000 + b'"}',
    ],
)
def test_hostile_bodies_are_refused_cleanly(body: bytes) -> None:
    with pytest.raises(BadJsonBody):
        parse_json_body(body)


def test_the_bodies_the_forms_send_are_read() -> None:
    assert parse_json_body(b'{"value": ["9600", "10000"], "version": 3}') == {
        "value": ["9600", "10000"],
        "version": 3,
    }
    assert parse_json_body(b"", default={}) == {}
    assert parse_json_body(b'{"text": "[[[[[[[[[[[[ not nesting ]"}') == {
        "text": "[[[[[[[[[[[[ not nesting ]"
    }


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=20,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@given(json_values)
def test_the_depth_is_counted_exactly_and_shallow_values_round_trip(value: object) -> None:
    text = json.dumps(value)
    assert nesting_depth(text) == _depth(value)
    if _depth(value) <= MAX_DEPTH:
        assert parse_json_body(text.encode()) == value
