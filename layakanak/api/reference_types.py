"""JSON Schema in words, for the API reference page (`layakanak/api/reference.py`).

The OpenAPI document describes every parameter, body and answer with a JSON Schema. The reference
page shows each one as a type (`string`, `integer or null`, `list of RegionOut` with a link to the
schema), its constraints in words ("maximum 500", "pattern ^\\d{2}$") and an example value built
from what the schema offers. The words are the page's own and go through gettext; the JSON names
(types, field names, values) stay as they are, in `<code>`.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

Schemas = dict[str, dict[str, Any]]

REF_PREFIX = "#/components/schemas/"
# A schema that refers to itself (none does today) must not make the page recurse forever.
MAX_DEPTH = 6


def schema_anchor(name: str) -> str:
    """The id of a schema's section on the page."""
    return f"schema-{name}"


def referenced_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.removeprefix(REF_PREFIX) if isinstance(ref, str) else None


def resolved(schema: dict[str, Any], schemas: Schemas) -> dict[str, Any]:
    """The schema a `$ref` points to (the schema itself when it is no reference)."""
    name = referenced_name(schema)
    return schemas.get(name, {}) if name else schema


def code(value: Any) -> SafeString:
    """A JSON value as the client writes it: strings without quotes (a pattern, a code), the
    rest as JSON (`null`, `true`, `100`)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return format_html("<code>{}</code>", text)


def _joined(parts: list[SafeString], separator: str) -> SafeString:
    return format_html_join(separator, "{}", ((part,) for part in parts))


def type_html(schema: dict[str, Any], depth: int = 0) -> SafeString:
    """The type of a value in words: `string`, `integer or null`, `list of RegionOut` (a link
    to the schema's section)."""
    name = referenced_name(schema)
    if name:
        return format_html('<a href="#{}"><code>{}</code></a>', schema_anchor(name), name)
    if depth > MAX_DEPTH:
        return SafeString("…")
    for key in ("anyOf", "oneOf", "allOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and branches:
            separator = _(" and ") if key == "allOf" else _(" or ")
            return _joined([type_html(branch, depth + 1) for branch in branches], separator)
    kind = schema.get("type")
    if isinstance(kind, list):
        return _joined([code(k) for k in kind], _(" or "))
    if kind == "array":
        items = schema.get("items")
        if isinstance(items, dict) and items:
            return format_html(_("list of {items}"), items=type_html(items, depth + 1))
        return code("array")
    if isinstance(kind, str):
        shown = code(kind)
        if "format" in schema:
            return format_html("{} ({})", shown, schema["format"])
        return shown
    if "const" in schema or "enum" in schema:
        return code("string")  # an enum without a type; the values are its constraint
    return SafeString(_("any JSON value"))


def constraints(schema: dict[str, Any], schemas: Schemas, depth: int = 0) -> list[SafeString]:
    """What a value must be beyond its type, in words; an enum behind a `$ref` is spelled out
    here too, so that a parameter's allowed values are read where the parameter is."""
    if depth > MAX_DEPTH:
        return []
    target = resolved(schema, schemas)
    found: list[SafeString] = []
    if "const" in target:
        found.append(format_html(_("always {value}"), value=code(target["const"])))
    if isinstance(target.get("enum"), list):
        values = _joined([code(value) for value in target["enum"]], ", ")
        found.append(format_html(_("one of: {values}"), values=values))
    bounds = (
        ("minimum", _("minimum {value}")),
        ("maximum", _("maximum {value}")),
        ("exclusiveMinimum", _("greater than {value}")),
        ("exclusiveMaximum", _("less than {value}")),
    )
    for key, words in bounds:
        if key in target:
            found.append(format_html(words, value=code(target[key])))
    for key, words in (
        ("minLength", _("minimum length {count}")),
        ("maxLength", _("maximum length {count}")),
    ):
        if key in target:
            found.append(format_html(words, count=code(target[key])))
    if "minItems" in target:
        count = target["minItems"]
        words = ngettext("at least {count} item", "at least {count} items", count)
        found.append(format_html(words, count=code(count)))
    if "maxItems" in target:
        count = target["maxItems"]
        words = ngettext("at most {count} item", "at most {count} items", count)
        found.append(format_html(words, count=code(count)))
    if "pattern" in target:
        found.append(format_html(_("pattern {pattern}"), pattern=code(target["pattern"])))
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in target.get(key) or []:
            found.extend(constraints(branch, schemas, depth + 1))
    return found


def default_value(schema: dict[str, Any]) -> SafeString | None:
    return code(schema["default"]) if "default" in schema else None


def example_value(schema: dict[str, Any], schemas: Schemas, depth: int = 0) -> Any:
    """A value the schema accepts, for an example request: the schema's own example, default,
    constant or first allowed value; else a neutral value of its type within its bounds."""
    target = resolved(schema, schemas)
    if "example" in target:
        return target["example"]
    if isinstance(target.get("examples"), list) and target["examples"]:
        return target["examples"][0]
    for key in ("default", "const"):
        if key in target:
            return target[key]
    if isinstance(target.get("enum"), list) and target["enum"]:
        return target["enum"][0]
    if depth > MAX_DEPTH:
        return None
    branches = [
        b for b in target.get("anyOf") or target.get("oneOf") or [] if b != {"type": "null"}
    ]
    if branches:
        return example_value(branches[0], schemas, depth + 1)
    kind = target.get("type")
    if kind == "object":
        properties: dict[str, Any] = target.get("properties", {})
        wanted = target.get("required") or list(properties)
        return {
            name: example_value(properties[name], schemas, depth + 1)
            for name in wanted
            if name in properties
        }
    if kind == "array":
        items = target.get("items")
        return [example_value(items, schemas, depth + 1)] if isinstance(items, dict) else []
    if kind in ("integer", "number"):
        return _number_within(target)
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return "string"


def _number_within(schema: dict[str, Any]) -> int | float:
    """0 when the bounds allow it, else the bound nearest to 0 (one past an exclusive one)."""
    low = schema.get("minimum")
    high = schema.get("maximum")
    if "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + 1
    if "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - 1
    if low is not None and low > 0:
        return int(low) if float(low).is_integer() else float(low)
    if high is not None and high < 0:
        return int(high) if float(high).is_integer() else float(high)
    return 0
