"""Schemas of the published-results API (/api/v1/cycles, /api/v1/regions/{code}/results)."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field


class BandOut(Schema):
    code: str = Field(description="Band code, e.g. pratama; stable across instrument versions")
    order: int = Field(description="0 = lowest band")
    name_id: str
    name_en: str
    min: str = Field(description="Lowest total score of the band (decimal string)")
    max: str
    awarded: bool = Field(description="False for the band of participants without a predicate")
    colour: str = Field(description="Legend colour (#rrggbb); always show the name as well")


class CycleOut(Schema):
    cycle: str = Field(description="Cycle slug, e.g. 2025")
    year: int = Field(description="Award year")
    version: int = Field(description="Version of the publication; a correction is a new version")
    name_id: str
    name_en: str
    source: str = Field(description="platform (evaluated here) or history (imported)")
    aggregate_only: bool = Field(
        description="True when only national counts per predicate are known (no region rows)"
    )
    decree_number: str
    decree_date: datetime.date | None
    published_at: datetime.datetime
    participants: int | None = Field(description="Kab/kota taking part, when known")
    totals: dict[str, int] = Field(
        description=(
            "Kab/kota per awarded band code, plus provila (Provinsi Layak Anak). In an "
            "aggregate-only cycle a band that is missing is unknown, not zero."
        )
    )
    bands: list[BandOut]
    sha256: str = Field(description="SHA-256 of the publication's canonical content")
    results_url: str | None = Field(description="The region rows (None for aggregate-only)")


class RegionResultOut(Schema):
    code: str = Field(description="Kemendagri code of the kab/kota, e.g. 64.71")
    name: str
    province_code: str
    predicate: str | None = Field(description="Awarded band code; null = no predicate")
    score: str | None = Field(description="Final total score (decimal string), when published")
    movement: str = Field(description="new, up, retained or down against the previous cycle")
    url: str = Field(description="The region's public profile")


class CycleResultsOut(Schema):
    cycle: CycleOut
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[RegionResultOut]


class RegionCycleOut(Schema):
    cycle: str
    year: int
    version: int
    name_id: str
    name_en: str
    source: str
    predicate: str | None
    predicate_name_id: str | None
    predicate_name_en: str | None
    score: str | None
    movement: str
    stage_scores: dict[str, str] = Field(description="Total per stage (EM, VA, PU, VL, VF)")
    component_scores: dict[str, str] = Field(description="Final points per component code")
    indicator_scores: dict[str, str] = Field(description="Final points per indicator number")
    published_at: datetime.datetime
    decree_number: str


class RegionResultsOut(Schema):
    code: str
    name: str
    level: str
    results: list[RegionCycleOut] = Field(
        description="The kab/kota's result in every published cycle, oldest first"
    )
    provinsi_layak_anak: list[str] = Field(
        description="For a province: the cycles in which it was a Provinsi Layak Anak"
    )
    url: str
