"""/api/v1/instruments: the versioned evaluation instruments."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.errors import HttpError

from layakanak.api.params import InstrumentSlug
from layakanak.api.schemas import ErrorOut
from layakanak.instruments import queries

router = Router(tags=["instruments"])


class InstrumentSummaryOut(Schema):
    slug: str
    name_id: str
    name_en: str
    year: int
    status: str
    reconstruction: bool
    legal_basis: str
    total_points: str
    questions: int
    sha256: str
    url: str


class InstrumentOut(Schema):
    slug: str
    status: str
    sha256: str
    document: dict[str, Any]


@router.get("/instruments", response=list[InstrumentSummaryOut], summary="Instrument versions")
def list_instruments(request: HttpRequest) -> list[InstrumentSummaryOut]:
    return [
        InstrumentSummaryOut(
            slug=v.slug,
            name_id=v.name_id,
            name_en=v.name_en,
            year=v.year,
            status=v.status,
            reconstruction=v.reconstruction,
            legal_basis=v.legal_basis,
            total_points=format(v.total_points.normalize(), "f"),
            questions=v.n_questions,  # type: ignore[attr-defined]
            sha256=v.sha256,
            url=request.build_absolute_uri(reverse("instruments:detail", args=[v.slug])),
        )
        for v in queries.versions().defer("document")
    ]


@router.get(
    "/instruments/{slug}",
    response={200: InstrumentOut, 404: ErrorOut},
    summary="One instrument version as its canonical document (schema layakanak-instrument/1)",
)
def instrument_detail(request: HttpRequest, slug: InstrumentSlug) -> InstrumentOut:
    version = queries.get_version(slug)
    if version is None:
        raise HttpError(404, f"No instrument version {slug!r}.")
    return InstrumentOut(
        slug=version.slug, status=version.status, sha256=version.sha256, document=version.document
    )
