"""The API reference page, read from the OpenAPI document.

`/api/v1/docs` used to be django-ninja's Swagger UI, which axe finds structurally inaccessible
(an interactive summary nested in another, low-contrast method badges, no page language) and
which needs JavaScript. This page shows the same document rendered on the server, in the site's
layout and language: every operation with its parameters (and their constraints), body, answers
and an example request, and every schema of the document. Since it reads the document the API
serves (`api.get_openapi_schema()`, completed by `layakanak/api/openapi.py`), it cannot drift from
it; the descriptions in the document are English data and stay English (marked `lang="en"`).

`ReferenceDocs` takes the place of ninja's `Swagger` (`NinjaAPI(docs=ReferenceDocs())`), so the
address and the URL name (`api-1.0.0:openapi-view`) stay what they were.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase

from layakanak.api.reference_types import (
    Schemas,
    constraints,
    default_value,
    example_value,
    referenced_name,
    resolved,
    schema_anchor,
    type_html,
)

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "query", "path", "header" or "cookie"
    type: SafeString
    required: bool
    constraints: list[SafeString]
    default: SafeString | None
    description: str


@dataclass(frozen=True)
class Media:
    content_type: str
    type: SafeString | None  # None: a body without a schema


@dataclass(frozen=True)
class Header:
    name: str
    description: str


@dataclass(frozen=True)
class Answer:
    status: str
    description: str
    media: list[Media]
    headers: list[Header]


@dataclass(frozen=True)
class ExampleRequest:
    label: str  # the named example's summary ("Kota Balikpapan"), or ""
    url: str  # absolute
    curl: str | None  # a command line for operations other than GET


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str  # upper case
    path: str
    summary: str
    description: str
    tags: list[str]
    parameters: list[Parameter]
    body: list[Media]
    body_required: bool
    answers: list[Answer]
    examples: list[ExampleRequest]

    @property
    def path_html(self) -> SafeString:
        """The path with a line-break opportunity after each `/`, for a phone's narrow screen."""
        return format_html_join(
            SafeString("/<wbr>"), "{}", ((part,) for part in self.path.split("/"))
        )


@dataclass(frozen=True)
class Field:
    name: str
    type: SafeString
    required: bool
    constraints: list[SafeString]
    description: str


@dataclass(frozen=True)
class SchemaEntry:
    name: str
    anchor: str
    description: str
    type: SafeString
    constraints: list[SafeString]
    fields: list[Field]  # empty for a schema that is not an object with properties


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    description: str
    base_url: str
    openapi_url: str
    operations: list[Operation]
    schemas: list[SchemaEntry]


def operation_anchor(method: str, path: str) -> str:
    """`get /api/v1/regions/{code}` → `get-api-v1-regions-code` (stable, readable in a URL)."""
    return re.sub(r"[^a-z0-9]+", "-", f"{method} {path}".lower()).strip("-")


def _parameter(parameter: dict[str, Any], schemas: Schemas) -> Parameter:
    schema = parameter.get("schema", {})
    return Parameter(
        name=parameter["name"],
        location=parameter["in"],
        type=type_html(schema),
        required=bool(parameter.get("required")),
        constraints=constraints(schema, schemas),
        default=default_value(resolved(schema, schemas)),
        description=parameter.get("description") or schema.get("description", ""),
    )


def _media(content: dict[str, Any]) -> list[Media]:
    return [
        Media(content_type, type_html(media["schema"]) if media.get("schema") else None)
        for content_type, media in content.items()
    ]


def _answer(status: str, answer: dict[str, Any]) -> Answer:
    headers = [
        Header(name, header.get("description", ""))
        for name, header in answer.get("headers", {}).items()
    ]
    return Answer(
        str(status), answer.get("description", ""), _media(answer.get("content", {})), headers
    )


def _examples_of(parameter: dict[str, Any]) -> list[tuple[str, Any]]:
    """The example values a parameter offers, with their names: its named `examples`, else its
    `example` (or its schema's)."""
    named = parameter.get("examples")
    if isinstance(named, dict) and named:
        return [(str(e.get("summary", key)), e.get("value")) for key, e in named.items()]
    schema = parameter.get("schema", {})
    for source in (parameter, schema):
        if "example" in source:
            return [("", source["example"])]
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        return [("", schema["examples"][0])]
    return []


def _example_requests(
    request: HttpRequest, method: str, path: str, operation: dict[str, Any], schemas: Schemas
) -> list[ExampleRequest]:
    """One request per named example (a region code's province, kab/kota and kecamatan); none
    when a required parameter has no example value. Optional parameters without an example are
    left out, headers too (a link cannot send them)."""
    offered: dict[str, list[tuple[str, Any]]] = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] not in ("path", "query"):
            continue
        examples = _examples_of(parameter)
        if examples:
            offered[f"{parameter['in']}:{parameter['name']}"] = examples
        elif parameter.get("required"):
            return []
    variants = max((len(values) for values in offered.values()), default=1)
    requests = []
    for index in range(variants):
        url_path = path
        query: list[tuple[str, str]] = []
        labels = []
        for key, values in offered.items():
            label, value = values[min(index, len(values) - 1)]
            if len(values) > 1 and label:
                labels.append(label)
            location, name = key.split(":", 1)
            text = value if isinstance(value, str) else json.dumps(value)
            if location == "path":
                url_path = url_path.replace("{" + name + "}", quote(text, safe=".-_~"))
            else:
                query.append((name, text))
        url = request.build_absolute_uri(url_path)
        if query:
            url = f"{url}?{urlencode(query)}"
        requests.append(
            ExampleRequest(", ".join(labels), url, _curl(method, url, operation, schemas))
        )
    return requests


def _curl(method: str, url: str, operation: dict[str, Any], schemas: Schemas) -> str | None:
    if method == "get":
        return None
    words = ["curl", "-X", method.upper()]
    content = operation.get("requestBody", {}).get("content", {})
    first = next(iter(content.items()), None)
    if first:
        content_type, media = first
        body = example_value(media.get("schema", {}), schemas)
        words += ["-H", f"Content-Type: {content_type}", "--data", json.dumps(body)]
    return " ".join(shlex.quote(word) for word in [*words, url])


def _operation(
    request: HttpRequest, method: str, path: str, operation: dict[str, Any], schemas: Schemas
) -> Operation:
    body = operation.get("requestBody", {})
    return Operation(
        anchor=operation_anchor(method, path),
        method=method.upper(),
        path=path,
        summary=operation.get("summary", ""),
        description=operation.get("description", ""),
        tags=list(operation.get("tags", [])),
        parameters=[_parameter(p, schemas) for p in operation.get("parameters", [])],
        body=_media(body.get("content", {})),
        body_required=bool(body.get("required")),
        answers=[_answer(status, a) for status, a in operation.get("responses", {}).items()],
        examples=_example_requests(request, method, path, operation, schemas),
    )


def _schema_entry(name: str, schema: dict[str, Any], schemas: Schemas) -> SchemaEntry:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    fields = [
        Field(
            name=field_name,
            type=type_html(field),
            required=field_name in required,
            constraints=[
                *constraints(field, schemas),
                *([_default_words(field)] if "default" in field else []),
            ],
            description=_description(field, schemas),
        )
        for field_name, field in properties.items()
    ]
    return SchemaEntry(
        name=name,
        anchor=schema_anchor(name),
        description=schema.get("description", ""),
        type=type_html(schema),
        constraints=[] if properties else constraints(schema, schemas),
        fields=fields,
    )


def _description(schema: dict[str, Any], schemas: Schemas) -> str:
    """A field's description, or the description of the schema it refers to."""
    if schema.get("description"):
        return str(schema["description"])
    if referenced_name(schema):
        return str(resolved(schema, schemas).get("description", ""))
    return ""


def _default_words(schema: dict[str, Any]) -> SafeString:
    return format_html(_("default {value}"), value=default_value(schema))


def reference(
    document: dict[str, Any], request: HttpRequest, *, root_path: str, openapi_url: str
) -> Reference:
    """The page's content: the document's operations in its order, its schemas by name.
    `root_path`: the API's root ("/api/v1/")."""
    schemas: Schemas = document.get("components", {}).get("schemas", {})
    operations = [
        _operation(request, method, path, operation, schemas)
        for path, path_item in document.get("paths", {}).items()
        for method, operation in path_item.items()
        if method in METHODS
    ]
    info = document.get("info", {})
    return Reference(
        title=info.get("title", ""),
        version=str(info.get("version", "")),
        description=info.get("description", ""),
        base_url=request.build_absolute_uri(root_path).rstrip("/"),
        openapi_url=openapi_url,
        operations=operations,
        schemas=[_schema_entry(n, schemas[n], schemas) for n in sorted(schemas, key=str.lower)],
    )


class ReferenceDocs(DocsBase):
    """django-ninja's docs renderer replaced by the accessible reference page."""

    template = "api/reference.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        document = api.get_openapi_schema(path_params=kwargs)
        page = reference(
            dict(document),
            request,
            root_path=api.get_root_path(kwargs),
            openapi_url=self.get_openapi_url(api, kwargs),
        )
        context = {"reference": page}
        return render(request, self.template, context)
