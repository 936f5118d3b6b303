"""The OpenAPI document says what /api/v1 really answers.

django-ninja documents the answers an operation declares (`response={200: ..., 404: ...}`), all
as application/json. `complete_document` adds what ninja cannot express, so that clients (and
schemathesis, which checks every answer against the document) can rely on it:

- the media type of a successful answer that is not plain JSON (GeoJSON is
  application/geo+json), and the headers it carries (ETag, Cache-Control, CORS);
- the If-None-Match request header of the operations that answer 304 Not Modified;
- the answers every operation can give: 422 with the list of problems when a parameter or the
  body fails validation, 400 when the body or a query string of more than 1,000 parameters
  cannot be read, 413 for a body larger than Django accepts, and 414 from gunicorn in front of
  the platform for a request line longer than its `limit_request_line` (4094 bytes unless set
  otherwise), an HTML page since it answers before the request reaches Django.

An operation asks for the first two with `openapi_extra=answers(...)`.
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema

from layakanak.api.schemas import ErrorOut, ValidationErrorOut

JSON = "application/json"
GEOJSON = "application/geo+json"

# Carries the wishes of `answers` from the operation to `complete_document`, which removes it.
_ANSWERS_KEY = "x-layakanak-answers"

HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {
        "description": "Version of the answer: send it back in If-None-Match",
        "schema": {"type": "string"},
        "required": True,
    },
    "Cache-Control": {
        "description": "public, with the max-age of the endpoint (see the API guide)",
        "schema": {"type": "string"},
        "required": True,
    },
    "Access-Control-Allow-Origin": {
        "description": "*: open data, readable by scripts of any site",
        "schema": {"type": "string"},
        "required": True,
    },
}

IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "description": "The ETag of an earlier answer: 304 Not Modified without a body if unchanged",
    "schema": {"type": "string"},
}

URI_TOO_LONG = {
    "description": (
        "URI Too Long: the request line is longer than gunicorn's limit_request_line (4094 "
        "bytes by default). gunicorn answers with an HTML page before the request reaches "
        "the platform."
    ),
    "content": {"text/html": {"schema": {"type": "string"}}},
}


def answers(*, media_type: str = JSON, headers: tuple[str, ...] = ()) -> dict[str, Any]:
    """The `openapi_extra` of an operation whose successful answer has another media type than
    application/json, or headers worth documenting (names from HEADERS; an ETag also documents
    the If-None-Match request header)."""
    unknown = set(headers) - set(HEADERS)
    if unknown:
        raise ValueError(f"No documentation for the headers {sorted(unknown)}")
    return {_ANSWERS_KEY: {"media_type": media_type, "headers": list(headers)}}


def _reference(name: str) -> dict[str, Any]:
    return {"$ref": REF_TEMPLATE.format(model=name)}


def _error(description: str, schema: str = "ErrorOut") -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": _reference(schema)}}}


def _bad_request() -> dict[str, Any]:
    """Django refuses a query string of more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters as
    soon as a middleware reads it, before the API does; `core.views.bad_request` answers it
    with the same JSON error body under /api/."""
    fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return _error(
        "Bad Request: the body is not JSON, or the query string has more than "
        f"{fields:,} parameters"
    )


def _add_error_schemas(document: OpenAPISchema) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorOut, ValidationErrorOut):
        schema = model.model_json_schema(
            ref_template=REF_TEMPLATE,
            schema_generator=NinjaGenerateJsonSchema,
            mode="serialization",
        )
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema


def _complete_operation(operation: dict[str, Any]) -> None:
    wishes = operation.pop(_ANSWERS_KEY, {})
    responses: dict[int, Any] = operation["responses"]
    media_type = wishes.get("media_type", JSON)
    if media_type != JSON:
        content = responses[200]["content"]
        content[media_type] = content.pop(JSON)
    headers = wishes.get("headers", [])
    has_body = "requestBody" in operation
    validated = has_body or bool(operation["parameters"])
    for status in (200, 304):
        if headers and status in responses:
            responses[status]["headers"] = {name: copy.deepcopy(HEADERS[name]) for name in headers}
    if "ETag" in headers:
        operation["parameters"].append(copy.deepcopy(IF_NONE_MATCH))

    responses.setdefault(400, _bad_request())
    if has_body:
        responses.setdefault(
            413,
            _error(
                "Payload Too Large: the body is larger than "
                f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes"
            ),
        )
    if validated:
        responses.setdefault(
            422,
            _error(
                "Unprocessable Content: a parameter or the body is invalid (out of its range, "
                "too long, not matching its pattern, or given more than once)",
                "ValidationErrorOut",
            ),
        )
    responses.setdefault(414, copy.deepcopy(URI_TOO_LONG))
    operation["responses"] = dict(sorted(responses.items()))


def _tidy_parameter(parameter: dict[str, Any]) -> None:
    """A parameter is absent or a string, never null (ninja documents an optional one as
    `anyOf: [..., null]`); and named examples belong to the parameter, not its JSON Schema."""
    schema = parameter["schema"]
    branches = schema.get("anyOf")
    if branches and {"type": "null"} in branches and len(branches) == 2:
        (kept,) = (branch for branch in branches if branch != {"type": "null"})
        del schema["anyOf"]
        schema.update(kept)
    if isinstance(schema.get("examples"), dict):
        del schema["examples"]


def complete_document(document: OpenAPISchema) -> None:
    _add_error_schemas(document)
    for path_item in document["paths"].values():
        for operation in path_item.values():
            for parameter in operation["parameters"]:
                _tidy_parameter(parameter)
            _complete_operation(operation)


class DocumentedNinjaAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document lists every answer the operations really give."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        complete_document(document)
        return document
