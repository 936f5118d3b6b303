"""The parameters of /api/v1, validated at the boundary.

Every value a client sends is checked here, before any query runs: codes and slugs against their
patterns, numbers against their bounds, free text against a length and a character class, and
every parameter given at most once. A hostile value (a page number of 21 digits, a NUL byte, a
10,000-character string, `?page=1&page=2`) is answered with 422 and a message naming the
parameter, instead of reaching the database, where it could fail (PostgreSQL refuses NUL bytes,
an offset past 2**63 overflows) or fail differently on SQLite and PostgreSQL. The same
constraints appear in the OpenAPI document, so that clients and schemathesis see them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.http import urlencode
from ninja import Path, Schema
from ninja.parser import Parser
from pydantic import Field, ValidationInfo, field_validator

# Kemendagri codes as in layakanak.lib.codes: 64, 64.71, 64.71.01, 64.71.01.1001.
REGION_CODE_PATTERN = r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"
REGION_CODE_MAX_LENGTH = 13
# Django's SlugField (cycles: 30 characters, instrument versions: 60).
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# Free text: any character but the C0 controls and DEL (NUL among them).
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"

# Pages: the bound keeps the database's OFFSET small; 100,000 pages of one row reach every
# region of Indonesia (about 91,600 with the villages).
MAX_PAGE = 100_000
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000

RegionCode = Annotated[
    str,
    Path(
        ...,
        pattern=REGION_CODE_PATTERN,
        max_length=REGION_CODE_MAX_LENGTH,
        description="Kemendagri code: 64 (province), 64.71 (kab/kota), 64.71.01 (kecamatan)",
        examples={
            "regency": {"summary": "Kota Balikpapan", "value": "64.71"},
            "province": {"summary": "Kalimantan Timur", "value": "64"},
            "district": {"summary": "Kecamatan Balikpapan Timur", "value": "64.71.01"},
        },
    ),
]
CycleSlug = Annotated[
    str,
    Path(
        ...,
        pattern=SLUG_PATTERN,
        max_length=30,
        description="Cycle slug, as in /api/v1/cycles",
        example="2025",
    ),
]
InstrumentSlug = Annotated[
    str,
    Path(
        ...,
        pattern=SLUG_PATTERN,
        max_length=60,
        description="Instrument version slug, as in /api/v1/instruments",
        example="kla-2023",
    ),
]


class RepeatsAsListsParser(Parser):
    """Django's QueryDict answers the last of `?page=1&page=2`; this parser hands a repeated
    parameter to validation as the list of its values, which `QueryParams` refuses."""

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, values in data.lists():
            result[key] = values if key in list_fields or len(values) > 1 else values[0]
        return result


class QueryParams(Schema):
    """Query parameters given at most once: `?page=1&page=2` is refused rather than read as one
    of the two (the API's parser hands a repeated parameter over as a list)."""

    @field_validator("*", mode="before")
    @classmethod
    def given_once(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, list):
            raise ValueError(f"give {info.field_name} once, not {len(value)} times")
        return value


class PageParams(QueryParams):
    """The page of a list endpoint: one schema for every list (a list with smaller pages
    narrows `page_size` in a subclass)."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"Page number, 1 to {MAX_PAGE:,}")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Rows a page, 1 to {MAX_PAGE_SIZE}"
    )


@dataclass(frozen=True)
class Page:
    """Which rows a page holds and the links to its neighbours (absolute URLs with the same
    filters, or None)."""

    start: int
    stop: int
    next: str | None
    previous: str | None


def page_of(request: HttpRequest, count: int, paging: PageParams, filters: QueryParams) -> Page:
    start = (paging.page - 1) * paging.page_size
    stop = start + paging.page_size
    kept = {k: v for k, v in filters.model_dump(mode="json").items() if v not in (None, "")}

    def link(number: int) -> str:
        query = urlencode({**kept, "page": number, "page_size": paging.page_size})
        return request.build_absolute_uri(f"{request.path}?{query}")

    return Page(
        start=start,
        stop=stop,
        next=link(paging.page + 1) if stop < count else None,
        previous=link(paging.page - 1) if paging.page > 1 and count else None,
    )
