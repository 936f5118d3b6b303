from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    detail: str


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
