"""/api/v1/regions: Indonesia's regions by Kemendagri code."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.http import urlencode
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from layakanak.api.schemas import ErrorOut, RegionDetailOut, RegionOut, RegionPageOut, RegionRef
from layakanak.regions import queries
from layakanak.regions.models import Region, RegionBoundary, RegionLevel

router = Router(tags=["regions"])

MAX_PAGE_SIZE = 500


class RegionFilters(Schema):
    level: RegionLevel | None = Field(None, description="province, regency, district or village")
    parent: str | None = Field(None, description="Code of the parent region, e.g. 64.71")
    q: str | None = Field(None, max_length=100, description="Part of a name, or a code prefix")
    page: int = Field(1, ge=1)
    page_size: int = Field(100, ge=1, le=MAX_PAGE_SIZE)


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
def list_regions(request: HttpRequest, filters: Query[RegionFilters]) -> RegionPageOut:
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
    start = (filters.page - 1) * filters.page_size
    rows = list(queryset[start : start + filters.page_size])
    parent_codes = (
        dict(
            Region.objects.filter(id__in={r.parent_id for r in rows if r.parent_id}).values_list(
                "id", "code"
            )
        )
        if rows
        else {}
    )

    def link(page: int) -> str:
        params = {k: v for k, v in filters.dict().items() if v not in (None, "")}
        params["page"] = page
        params["level"] = filters.level.value if filters.level else None
        params = {k: v for k, v in params.items() if v is not None}
        return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")

    return RegionPageOut(
        count=count,
        page=filters.page,
        page_size=filters.page_size,
        next=link(filters.page + 1) if start + filters.page_size < count else None,
        previous=link(filters.page - 1) if filters.page > 1 and count else None,
        results=[
            _region_out(r, parent_codes.get(r.parent_id) if r.parent_id else None) for r in rows
        ],
    )


@router.get("/regions/{code}", response={200: RegionDetailOut, 404: ErrorOut}, summary="One region")
def region_detail(request: HttpRequest, code: str) -> RegionDetailOut:
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
    response={200: dict, 404: ErrorOut},
    summary="Boundary of a province or kab/kota as a GeoJSON Feature",
    url_name="region_boundary",
)
def region_boundary(request: HttpRequest, code: str) -> HttpResponse:
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
