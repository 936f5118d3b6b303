"""/api/v1/regions: Indonesia's regions by Kemendagri code."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import Field

from layakanak.api.openapi import GEOJSON, answers
from layakanak.api.params import (
    DEFAULT_PAGE_SIZE,
    REGION_CODE_MAX_LENGTH,
    REGION_CODE_PATTERN,
    TEXT_PATTERN,
    PageParams,
    QueryParams,
    RegionCode,
    page_of,
)
from layakanak.api.schemas import (
    BoundaryOut,
    ErrorOut,
    RegionDetailOut,
    RegionOut,
    RegionPageOut,
    RegionRef,
)
from layakanak.regions import queries
from layakanak.regions.models import Region, RegionBoundary, RegionLevel

router = Router(tags=["regions"])

MAX_PAGE_SIZE = 500


class RegionFilters(QueryParams):
    level: RegionLevel | None = Field(None, description="province, regency, district or village")
    parent: str | None = Field(
        None,
        pattern=REGION_CODE_PATTERN,
        max_length=REGION_CODE_MAX_LENGTH,
        description="Code of the parent region, e.g. 64.71",
    )
    q: str | None = Field(
        None,
        max_length=100,
        pattern=TEXT_PATTERN,
        description="Part of a name, or a code prefix (up to 100 characters)",
    )


class RegionPages(PageParams):
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Rows a page, 1 to {MAX_PAGE_SIZE}"
    )


def _region_out(region: Region, parent_code: str | None) -> RegionOut:
    return RegionOut(
        code=region.code,
        name=region.name,
        name_short=region.name_short,
        level=region.level,
        type=region.type,
        parent_code=parent_code,
        retired_on=region.retired_on.isoformat() if region.retired_on else None,
    )


def _not_found(code: str) -> HttpError:
    return HttpError(
        404, f"No region with code {code!r}. Codes look like '64' (province) or '64.71' (kab/kota)."
    )


@router.get("/regions", response=RegionPageOut, summary="List and search regions")
def list_regions(
    request: HttpRequest, filters: Query[RegionFilters], paging: Query[RegionPages]
) -> RegionPageOut:
    queryset = (
        queries.search(
            filters.q or "",
            level=filters.level.value if filters.level else None,
            parent_code=filters.parent,
        )
        .select_related(None)
        .defer("search_name")
    )
    count = queryset.count()
    page = page_of(request, count, paging, filters)
    rows = list(queryset[page.start : page.stop])
    parent_codes = (
        dict(
            Region.objects.filter(id__in={r.parent_id for r in rows if r.parent_id}).values_list(
                "id", "code"
            )
        )
        if rows
        else {}
    )
    return RegionPageOut(
        count=count,
        page=paging.page,
        page_size=paging.page_size,
        next=page.next,
        previous=page.previous,
        results=[
            _region_out(r, parent_codes.get(r.parent_id) if r.parent_id else None) for r in rows
        ],
    )


@router.get("/regions/{code}", response={200: RegionDetailOut, 404: ErrorOut}, summary="One region")
def region_detail(request: HttpRequest, code: RegionCode) -> RegionDetailOut:
    region = queries.get_region(code)
    if region is None:
        raise _not_found(code)
    ancestors = queries.ancestors(region)
    base = _region_out(region, region.parent.code if region.parent else None)
    return RegionDetailOut(
        **base.dict(),
        ancestors=[RegionRef(code=a.code, name=a.name, level=a.level) for a in ancestors],
        children_count=region.children.count(),
        successors=[
            RegionRef(code=s.successor.code, name=s.successor.name, level=s.successor.level)
            for s in region.successions.select_related("successor")
        ],
        has_boundary=RegionBoundary.objects.filter(region=region).exists(),
        url=request.build_absolute_uri(reverse("regions:detail", args=[region.code])),
    )


@router.get(
    "/regions/{code}/boundary",
    response={200: BoundaryOut, 304: None, 404: ErrorOut},
    summary="Boundary of a province or kab/kota as a GeoJSON Feature",
    description=(
        "Simplified for display, cached for a long time; the ETag changes when the boundary "
        "data does."
    ),
    url_name="region_boundary",
    openapi_extra=answers(media_type=GEOJSON, headers=("ETag", "Cache-Control")),
)
def region_boundary(request: HttpRequest, code: RegionCode) -> HttpResponse:
    row = (
        RegionBoundary.objects.filter(region__code=code)
        .values("sha256", "geometry", "bbox", "region__name", "region__level")
        .first()
    )
    if row is None:
        raise (
            _not_found(code)
            if queries.get_region(code) is None
            else HttpError(
                404, f"Region {code} has no boundary; boundaries exist for provinces and kab/kota."
            )
        )
    etag = f'"{row["sha256"][:32]}"'
    cache = f"public, max-age={settings.BOUNDARY_MAX_AGE}"
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        feature = {
            "type": "Feature",
            "bbox": row["bbox"],
            "properties": {
                "code": code,
                "name": row["region__name"],
                "level": row["region__level"],
            },
            "geometry": row["geometry"],
        }
        response = HttpResponse(
            json.dumps(feature, separators=(",", ":")), content_type="application/geo+json"
        )
    response["ETag"] = etag
    response["Cache-Control"] = cache
    return response
