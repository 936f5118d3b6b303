"""Schemas of the child-services API: the RBRA playgrounds of a region as GeoJSON (served as
application/geo+json) and the kab/kota at a point."""

from __future__ import annotations

from typing import Literal

from ninja import Schema
from pydantic import Field

from layakanak.api.schemas import RegionRef


class PlaygroundPhotoOut(Schema):
    url: str
    thumbnail_url: str
    caption: str


class PlaygroundPropertiesOut(Schema):
    """The public fields of a playground (services.queries.PLAYGROUND_PUBLIC_PROPERTIES)."""

    id: int
    name: str
    address: str
    district_code: str
    district_name: str
    regency_code: str
    certification: str
    certification_label: str
    certified_on: str | None = Field(description="ISO date, when certified")
    requirements_met: int
    requirements_total: int
    photos: list[PlaygroundPhotoOut]


class PointOut(Schema):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="longitude, latitude (WGS84 degrees)")


class PlaygroundFeatureOut(Schema):
    type: Literal["Feature"]
    id: int
    geometry: PointOut | None = Field(description="null for a playground without coordinates")
    properties: PlaygroundPropertiesOut


class CoverageOut(Schema):
    regency_code: str
    districts_with_rbra: int = Field(description="Kecamatan with at least one RBRA")
    districts: int


class PlaygroundsOut(Schema):
    """A GeoJSON FeatureCollection (RFC 7946) with the region and its coverage figure."""

    type: Literal["FeatureCollection"]
    region: RegionRef
    coverage: CoverageOut | None = Field(
        description="For a kab/kota or kecamatan: the coverage of the kab/kota; else null"
    )
    features: list[PlaygroundFeatureOut]


class PointIn(Schema):
    # Strict: a JSON number only (a boolean or a string is refused, as the document says).
    latitude: float = Field(
        ...,
        ge=-90,
        le=90,
        strict=True,
        description="WGS84 latitude, e.g. -1.2379",
        examples=[-1.2379],
    )
    longitude: float = Field(
        ...,
        ge=-180,
        le=180,
        strict=True,
        description="WGS84 longitude, e.g. 116.8529",
        examples=[116.8529],
    )


class RegencyAtPointOut(Schema):
    code: str
    name: str
    province_code: str | None
    province_name: str | None
