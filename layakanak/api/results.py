"""/api/v1/cycles and /api/v1/regions/{code}/results: published results only.

Everything here reads `layakanak.results.queries` (current, published snapshots); an
unpublished decision can never appear. Responses carry an ETag: a client (the home map
included) that sends it back in If-None-Match gets 304 Not Modified without a body, and the
results of a cycle answer a 304 after two small queries, before any row is read."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.views.decorators.gzip import gzip_page
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from pydantic import Field

from layakanak.api.openapi import answers
from layakanak.api.params import CycleSlug, PageParams, QueryParams, RegionCode, page_of
from layakanak.api.schemas import ErrorOut
from layakanak.api.schemas_results import (
    BandOut,
    CycleOut,
    CycleResultsOut,
    RegionCycleOut,
    RegionResultOut,
    RegionResultsOut,
)
from layakanak.regions import queries as region_queries
from layakanak.regions.models import RegionLevel
from layakanak.results import queries
from layakanak.results.models import ProvinceAward, Publication, RegionResult

router = Router(tags=["results"])

# Results change only when a cycle is (re)published; clients revalidate with the ETag after.
MAX_AGE = 60
NO_PREDICATE = "none"

# Every answer of these endpoints, 304 included, carries them (see _public).
PUBLIC_HEADERS = ("ETag", "Cache-Control", "Access-Control-Allow-Origin")

ETAG_NOTE = (
    " Responses carry an ETag; send it back in If-None-Match to get 304 Not Modified when "
    "nothing changed."
)


def _etag(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return f'"{digest[:32]}"'


def _matches(request: HttpRequest, etag: str) -> bool:
    """If-None-Match with weak comparison (a gzipped answer carries W/"…")."""
    header = request.headers.get("If-None-Match", "")
    if header.strip() == "*":
        return True
    return etag in {tag.strip().removeprefix("W/") for tag in header.split(",")}


def _public(response: HttpResponse, etag: str) -> HttpResponse:
    """Published results are open data: cacheable by anyone, and readable by scripts of other
    sites (the static export's map on object storage reads them across origins)."""
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _respond(request: HttpRequest, etag: str, body: Schema | None) -> HttpResponse:
    if body is None:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body.model_dump_json(), content_type="application/json")
    return _public(response, etag)


def _score(value: Any) -> str | None:
    return format(value, "f") if value is not None else None


def _cycle_out(request: HttpRequest, publication: Publication) -> CycleOut:
    return CycleOut(
        cycle=publication.cycle_slug,
        year=publication.year,
        version=publication.version,
        name_id=publication.name_id,
        name_en=publication.name_en,
        source=publication.source,
        aggregate_only=publication.aggregate_only,
        decree_number=publication.decree_number,
        decree_date=publication.decree_date,
        published_at=publication.published_at,
        participants=publication.participants,
        totals={str(k): int(v) for k, v in (publication.totals or {}).items()},
        bands=[BandOut(**{k: band[k] for k in BandOut.model_fields}) for band in publication.bands],
        sha256=publication.sha256,
        results_url=None
        if publication.aggregate_only
        else request.build_absolute_uri(
            reverse("api-1.0.0:cycle_results", kwargs={"cycle": publication.cycle_slug})
        ),
    )


@router.get(
    "/cycles",
    response={200: list[CycleOut], 304: None},
    summary="Published cycles",
    description=(
        "The current (not superseded) publication of every cycle, newest first: the legend of "
        "predicates, the national counts and the decree." + ETAG_NOTE
    ),
    url_name="list_cycles",
    openapi_extra=answers(headers=PUBLIC_HEADERS),
)
def list_cycles(request: HttpRequest) -> HttpResponse:
    publications = list(queries.current_publications())
    etag = _etag(
        "cycles",
        request.build_absolute_uri("/"),
        *(f"{p.cycle_slug}:{p.version}:{p.sha256}" for p in publications),
    )
    if _matches(request, etag):
        return _respond(request, etag, None)
    response = HttpResponse(
        "[" + ",".join(_cycle_out(request, p).model_dump_json() for p in publications) + "]",
        content_type="application/json",
    )
    return _public(response, etag)


class ResultFilters(QueryParams):
    province: str | None = Field(
        None, pattern=r"^\d{2}$", description="Province code, e.g. 64 (Kalimantan Timur)"
    )
    predicate: str | None = Field(
        None,
        max_length=20,
        pattern=r"^[a-z0-9_-]+$",
        description=f"Band code (e.g. utama), or '{NO_PREDICATE}' for no predicate",
    )


@router.get(
    "/cycles/{cycle}/results",
    response={200: CycleResultsOut, 304: None, 404: ErrorOut},
    summary="Results of a published cycle, per kab/kota",
    description=(
        "Every kab/kota of the cycle's current publication by code, with its predicate, final "
        "score and movement against the previous published cycle; filter by province and "
        "predicate; up to 1000 rows a page. An aggregate-only cycle has no rows (its national "
        "counts are in `cycle.totals`)." + ETAG_NOTE
    ),
    url_name="cycle_results",
    openapi_extra=answers(headers=PUBLIC_HEADERS),
)
@decorate_view(gzip_page)
def cycle_results(
    request: HttpRequest,
    cycle: CycleSlug,
    filters: Query[ResultFilters],
    paging: Query[PageParams],
) -> HttpResponse:
    publication = queries.current_publication(cycle)
    if publication is None:
        raise HttpError(404, f"No published cycle {cycle!r}. See /api/v1/cycles.")
    previous = queries.previous_publication(publication)
    params = {**filters.dict(), **paging.dict()}
    etag = _etag(
        "results",
        request.build_absolute_uri("/"),
        publication.sha256,
        publication.version,
        previous.sha256 if previous else "",
        sorted(params.items()),
    )
    if _matches(request, etag):
        return _respond(request, etag, None)
    rows = RegionResult.objects.filter(publication=publication)
    if filters.province:
        rows = rows.filter(province_code=filters.province)
    if filters.predicate:
        rows = rows.filter(predicate="" if filters.predicate == NO_PREDICATE else filters.predicate)
    count = rows.count()
    page = page_of(request, count, paging, filters)
    page_rows = list(
        rows.select_related("region")
        .only("predicate", "score", "province_code", "region__code", "region__name")
        .order_by("region__code")[page.start : page.stop]
    )
    moves = queries.movements(publication) if page_rows else {}
    body = CycleResultsOut(
        cycle=_cycle_out(request, publication),
        count=count,
        page=paging.page,
        page_size=paging.page_size,
        next=page.next,
        previous=page.previous,
        results=[
            RegionResultOut(
                code=row.region.code,
                name=row.region.name,
                province_code=row.province_code,
                predicate=row.predicate or None,
                score=_score(row.score),
                movement=moves.get(row.region_id, queries.RETAINED),
                url=request.build_absolute_uri(reverse("regions:detail", args=[row.region.code])),
            )
            for row in page_rows
        ],
    )
    return _respond(request, etag, body)


@router.get(
    "/regions/{code}/results",
    response={200: RegionResultsOut, 304: None, 404: ErrorOut},
    summary="Published results of one region across cycles",
    description=(
        "For a kab/kota: its predicate, scores (per stage, component and indicator) and "
        "movement in every published cycle, oldest first. For a province: the cycles in "
        "which it was a Provinsi Layak Anak." + ETAG_NOTE
    ),
    url_name="region_results",
    openapi_extra=answers(headers=PUBLIC_HEADERS),
)
def region_results(request: HttpRequest, code: RegionCode) -> HttpResponse:
    region = region_queries.get_region(code)
    if region is None:
        raise HttpError(
            404,
            f"No region with code {code!r}. Codes look like '64' (province) or '64.71' (kab/kota).",
        )
    entries = queries.region_history(region.pk) if region.level == RegionLevel.REGENCY else []
    provila: list[str] = []
    if region.level == RegionLevel.PROVINCE:
        provila = list(
            ProvinceAward.objects.filter(
                region=region, publication__in=queries.current_publications()
            )
            .order_by("publication__year")
            .values_list("publication__cycle_slug", flat=True)
        )
    cycles = []
    for entry in entries:
        result, publication = entry.result, entry.publication
        if result is None:
            continue
        band = publication.band(result.predicate) if result.predicate else None
        cycles.append(
            RegionCycleOut(
                cycle=publication.cycle_slug,
                year=publication.year,
                version=publication.version,
                name_id=publication.name_id,
                name_en=publication.name_en,
                source=publication.source,
                predicate=result.predicate or None,
                predicate_name_id=band["name_id"] if band else None,
                predicate_name_en=band["name_en"] if band else None,
                score=_score(result.score),
                movement=entry.movement,
                stage_scores=result.stage_scores,
                component_scores=result.component_scores,
                indicator_scores=result.indicator_scores,
                published_at=publication.published_at,
                decree_number=publication.decree_number,
            )
        )
    body = RegionResultsOut(
        code=region.code,
        name=region.name,
        level=region.level,
        results=cycles,
        provinsi_layak_anak=provila,
        url=request.build_absolute_uri(reverse("regions:detail", args=[region.code])),
    )
    text = body.model_dump_json()
    etag = _etag("region", hashlib.sha256(text.encode()).hexdigest())
    if _matches(request, etag):
        return _respond(request, etag, None)
    return _public(HttpResponse(text, content_type="application/json"), etag)
