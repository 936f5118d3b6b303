"""Reads of published results: the only source of results for public pages, the API and
exports (ARCHITECTURE.md rule 3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from layakanak.core.locale import side
from layakanak.results.models import Publication, RegionResult

NEW, UP, RETAINED, DOWN = "new", "up", "retained", "down"


def current_publications() -> QuerySet[Publication]:
    """The current (not superseded) version of every published cycle, newest first."""
    return Publication.objects.filter(superseded_at__isnull=True).order_by("-year", "-cycle_slug")


def current_publication(slug: str) -> Publication | None:
    return current_publications().filter(cycle_slug=slug).first()


def latest_publication(*, with_regions: bool = True) -> Publication | None:
    publications = current_publications()
    if with_regions:
        publications = publications.filter(aggregate_only=False)
    return publications.first()


def previous_publication(publication: Publication) -> Publication | None:
    """The current publication of the cycle before this one that has region rows."""
    return (
        current_publications()
        .filter(aggregate_only=False, year__lt=publication.year)
        .order_by("-year")
        .first()
    )


def band_rank(publication: Publication) -> dict[str, int]:
    """Band code -> order (0 = lowest); "" (no predicate) ranks below every band."""
    return {"": -1, **{band["code"]: int(band["order"]) for band in publication.bands}}


def movement(
    previous: str | None, current: str, previous_rank: dict[str, int], rank: dict[str, int]
) -> str:
    """new / up / retained / down for one region. Ranks compare by band code across the two
    legends (codes are stable across instrument versions)."""
    if not previous:
        return NEW if current else RETAINED
    before = previous_rank.get(previous, rank.get(previous, -1))
    after = rank.get(current, -1)
    if after > before:
        return UP
    if after < before:
        return DOWN
    return RETAINED


def movements(publication: Publication) -> dict[int, str]:
    """Region id -> movement against the previous published cycle."""
    previous = previous_publication(publication)
    rank = band_rank(publication)
    before: dict[int, str] = {}
    previous_rank: dict[str, int] = {}
    if previous is not None:
        previous_rank = band_rank(previous)
        before = dict(
            RegionResult.objects.filter(publication=previous).values_list("region_id", "predicate")
        )
    return {
        region_id: movement(before.get(region_id), predicate, previous_rank, rank)
        for region_id, predicate in RegionResult.objects.filter(
            publication=publication
        ).values_list("region_id", "predicate")
    }


@dataclass(frozen=True)
class HistoryEntry:
    publication: Publication
    result: RegionResult | None
    movement: str


def region_history(region_id: int) -> list[HistoryEntry]:
    """The region's result in every current publication with region rows, oldest first,
    with the movement against the entry before."""
    publications = list(current_publications().filter(aggregate_only=False).order_by("year"))
    results = {
        result.publication_id: result
        for result in RegionResult.objects.filter(region_id=region_id, publication__in=publications)
    }
    entries: list[HistoryEntry] = []
    previous: tuple[str, dict[str, int]] | None = None
    for publication in publications:
        result = results.get(publication.pk)
        if result is None:
            continue
        rank = band_rank(publication)
        move = movement(
            previous[0] if previous else None,
            result.predicate,
            previous[1] if previous else {},
            rank,
        )
        entries.append(HistoryEntry(publication, result, move))
        previous = (result.predicate, rank)
    return entries


def band_label(publication: Publication, code: str, language: str) -> str:
    """A band's name in `language` ("id" or "en") as the publication froze it: a snapshot keeps
    its names in both languages (it reads the same years later), so they are a pair, not a
    catalogue message."""
    band: dict[str, Any] | None = publication.band(code)
    if band is None:
        return code
    return side(str(band["name_id"]), str(band["name_en"]), language)
