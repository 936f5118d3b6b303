"""/api/v1 endpoints of the child services: the RBRA playgrounds of a region as GeoJSON, and the
kab/kota that contains a point (for the "use my location" button of the public forms)."""

from __future__ import annotations

import json

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router
from ninja.errors import HttpError

from layakanak.api.openapi import GEOJSON, answers
from layakanak.api.params import RegionCode
from layakanak.api.schemas import ErrorOut
from layakanak.api.schemas_services import PlaygroundsOut, PointIn, RegencyAtPointOut
from layakanak.regions import queries as region_queries
from layakanak.services import locate, queries, throttle
from layakanak.services.models import PlaygroundPhoto

router = Router(tags=["child services"])

PLAYGROUNDS_MAX_AGE = 300


@router.get(
    "/regions/{code}/playgrounds",
    response={200: PlaygroundsOut, 404: ErrorOut},
    summary="Child-friendly playgrounds (RBRA) of a region as a GeoJSON FeatureCollection",
    description=(
        "The registered RBRA playgrounds of a province, kab/kota or kecamatan, with public fields "
        "only, and the coverage figure of the kab/kota (kecamatan with at least one RBRA). "
        "A playground without coordinates has a null geometry."
    ),
    url_name="region_playgrounds",
    openapi_extra=answers(media_type=GEOJSON, headers=("Cache-Control",)),
)
def region_playgrounds(request: HttpRequest, code: RegionCode) -> HttpResponse:
    region = region_queries.get_region(code)
    if region is None:
        raise HttpError(404, f"No region with code {code!r}.")
    found = queries.playgrounds_in(region)
    playgrounds = (
        list(
            found.prefetch_related(
                Prefetch("photos", queryset=PlaygroundPhoto.objects.only("public_id", "caption"))
            )
        )
        if found is not None
        else []
    )
    coverage = queries.coverage_for(region)
    document = {
        "type": "FeatureCollection",
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "coverage": (
            {
                "regency_code": coverage.regency.code,
                "districts_with_rbra": coverage.covered,
                "districts": coverage.total,
            }
            if coverage is not None
            else None
        ),
        "features": [
            queries.playground_feature(
                playground,
                [
                    {
                        "url": request.build_absolute_uri(
                            reverse("services:playground-photo", args=[photo.public_id])
                        ),
                        "thumbnail_url": request.build_absolute_uri(
                            reverse("services:playground-photo-thumbnail", args=[photo.public_id])
                        ),
                        "caption": photo.caption,
                    }
                    for photo in playground.photos.all()
                ],
            )
            for playground in playgrounds
        ],
    }
    response = HttpResponse(
        json.dumps(document, separators=(",", ":"), ensure_ascii=False),
        content_type="application/geo+json",
    )
    response["Cache-Control"] = f"public, max-age={PLAYGROUNDS_MAX_AGE}"
    return response


NOT_FOUND = (
    "No kab/kota contains this point (it may lie in the sea or outside Indonesia, or on a "
    "simplified coastline). Choose the city or regency from the list."
)


@router.post(
    "/regency-at-point",
    response={200: RegencyAtPointOut, 404: ErrorOut, 429: ErrorOut},
    summary="The kab/kota that contains a point (the point is neither stored nor logged)",
    description=(
        "Used by the 'use my location' button of the public forms. The coordinates travel in the "
        "request body (never in the URL, so that they stay out of access logs), are used once "
        "for a point-in-polygon lookup in the simplified boundaries, and are not kept."
    ),
    url_name="regency_at_point",
)
def regency_at_point(request: HttpRequest, point: PointIn) -> RegencyAtPointOut:
    if not throttle.allow(request, "locate"):
        raise HttpError(429, "Too many lookups from this connection. Please try again later.")
    region = locate.regency_at(point.latitude, point.longitude)
    if region is None:
        raise HttpError(404, NOT_FOUND)
    province = region.parent
    return RegencyAtPointOut(
        code=region.code,
        name=region.name,
        province_code=province.code if province else None,
        province_name=province.name if province else None,
    )
