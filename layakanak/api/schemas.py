"""Schemas of the regions API and of the error answers every operation shares."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in English")


class ValidationProblemOut(Schema):
    type: str = Field(description="Kind of problem, e.g. less_than_equal or string_too_long")
    loc: list[str | int] = Field(
        description="Where: query, path or body, then the parameter or field, e.g. [query, page]"
    )
    msg: str = Field(description="What is wrong, in English")
    ctx: dict[str, Any] | None = Field(None, description="The limit that was broken, if any")


class ValidationErrorOut(Schema):
    detail: list[ValidationProblemOut] = Field(description="One entry for every problem found")


class RegionRef(Schema):
    code: str
    name: str
    level: str


class RegionOut(Schema):
    code: str
    name: str
    name_short: str
    level: str
    type: str
    parent_code: str | None
    retired_on: str | None


class RegionDetailOut(RegionOut):
    ancestors: list[RegionRef]
    children_count: int
    successors: list[RegionRef]
    has_boundary: bool
    url: str


class RegionPageOut(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[RegionOut]


class BoundaryPropertiesOut(Schema):
    code: str
    name: str
    level: str


class BoundaryOut(Schema):
    """A GeoJSON Feature (RFC 7946), served as application/geo+json."""

    type: Literal["Feature"]
    bbox: list[float] = Field(description="west, south, east, north (WGS84 degrees)")
    properties: BoundaryPropertiesOut
    geometry: dict[str, Any] = Field(
        description="GeoJSON Polygon or MultiPolygon, WGS84, simplified for display"
    )
