"""Reads of the public portal: every one starts from the current publications
(`layakanak.results.queries`), never from verification decisions (ARCHITECTURE.md rule 3).

The home map and table, the counts per predicate, the region and province profiles, the
comparison and the national statistics are shaped here, so that the views stay short and the
API and the pages show the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count

from layakanak.portal.band_check import off_band
from layakanak.regions.models import Region, RegionLevel
from layakanak.results import queries as results
from layakanak.results.models import Publication, RegionResult
from layakanak.results.snapshot import PROVILA

Band = dict[str, Any]

# Band code of "no predicate" in the public views (a RegionResult stores it as "").
NO_PREDICATE = ""


def region_publications() -> list[Publication]:
    """Current publications with region rows, newest first (the cycles the map can show)."""
    return list(results.current_publications().filter(aggregate_only=False))


def choose_publication(publications: Sequence[Publication], slug: str) -> Publication | None:
    """The publication of the cycle named in the query string, else the newest."""
    for publication in publications:
        if publication.cycle_slug == slug:
            return publication
    return publications[0] if publications else None


def no_predicate_band(publication: Publication) -> Band:
    """The legend entry of a participant without a predicate: the instrument's lowest band that
    is not awarded ("Belum berpredikat"), or a neutral grey one."""
    unawarded = sorted(
        (b for b in publication.bands if not b.get("awarded")), key=lambda b: b["order"]
    )
    if unawarded:
        return {**unawarded[0], "code": NO_PREDICATE, "band_code": unawarded[0]["code"]}
    return {
        "code": NO_PREDICATE,
        "band_code": "",
        "order": -1,
        "name_id": "Belum berpredikat",
        "name_en": "No predicate",
        "min": "0",
        "max": "0",
        "awarded": False,
        "colour": "#bdbdbd",
    }


def legend(publication: Publication) -> list[Band]:
    """The map legend: no predicate first, then the awarded bands from lowest to highest."""
    awarded = sorted(publication.awarded_bands, key=lambda b: b["order"])
    return [no_predicate_band(publication), *awarded]


def band_of(publication: Publication, code: str) -> Band:
    if not code:
        return no_predicate_band(publication)
    return publication.band(code) or {**no_predicate_band(publication), "code": code}


# --- Counts per predicate -------------------------------------------------------------------


@dataclass(frozen=True)
class BandCount:
    band: Band
    count: int | None  # None: not published (an aggregate-only cycle with an unknown split)
    previous: int | None = None

    @property
    def change(self) -> int | None:
        if self.count is None or self.previous is None:
            return None
        return self.count - self.previous


def predicate_counts(publication: Publication, *, province: str = "") -> dict[str, int]:
    """Band code ("" = no predicate) -> number of kab/kota in a publication with region rows
    (of one province when given)."""
    found = RegionResult.objects.filter(publication=publication)
    if province:
        found = found.filter(province_code=province)
    rows = found.values("predicate").annotate(n=Count("id")).order_by()
    return {row["predicate"]: row["n"] for row in rows}


def band_counts(
    publication: Publication, previous: Publication | None, *, province: str = ""
) -> list[BandCount]:
    """Counts per legend entry, with the count of the previous published cycle."""
    counts = predicate_counts(publication, province=province)
    before = predicate_counts(previous, province=province) if previous is not None else None
    return [
        BandCount(
            band=band,
            count=counts.get(band["code"], 0),
            previous=before.get(band["code"], 0) if before is not None else None,
        )
        for band in legend(publication)
    ]


# --- Rows of the results table and the map --------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    code: str
    name: str
    province_code: str
    province_name: str
    band: Band
    score: Decimal | None
    movement: str
    off_band: Band | None = None  # the band of the score, when the decision is another one

    @property
    def predicate(self) -> str:
        return str(self.band["code"])


def province_names() -> dict[str, str]:
    return dict(
        Region.objects.filter(level=RegionLevel.PROVINCE).order_by().values_list("code", "name")
    )


def result_rows(publication: Publication, *, province: str = "") -> list[ResultRow]:
    """Every kab/kota of the publication (optionally of one province), by code."""
    found = RegionResult.objects.filter(publication=publication).select_related("region")
    if province:
        found = found.filter(province_code=province)
    found = found.only(
        "predicate", "score", "province_code", "region__code", "region__name"
    ).order_by("region__code")
    moves = results.movements(publication)
    provinces = province_names()
    return [
        ResultRow(
            code=row.region.code,
            name=row.region.name,
            province_code=row.province_code,
            province_name=provinces.get(row.province_code, row.province_code),
            band=(band := band_of(publication, row.predicate)),
            score=row.score,
            movement=moves.get(row.region_id, results.RETAINED),
            off_band=off_band(band, row.score, publication.bands),
        )
        for row in found
    ]


# --- National statistics --------------------------------------------------------------------


@dataclass(frozen=True)
class CycleTotals:
    publication: Publication
    counts: list[BandCount]  # the awarded bands, lowest first
    provila: int | None

    @property
    def awarded(self) -> int | None:
        """Kab/kota with any predicate; None when the split by predicate is not published."""
        if any(c.count is None for c in self.counts):
            return None
        return sum(c.count or 0 for c in self.counts)

    @property
    def split_known(self) -> bool:
        return all(c.count is not None for c in self.counts)

    @property
    def from_regions(self) -> bool:
        return not self.publication.aggregate_only


def national_totals() -> tuple[list[Band], list[CycleTotals]]:
    """Counts per awarded predicate for every published cycle, oldest first.

    For an award year with a region-level publication its totals are used; an aggregate-only
    publication (national counts imported from the decrees, KLA.md section 3) fills the years
    that have none. In an aggregate-only publication a band missing from the totals is unknown,
    not zero (the 2021 split was never published); in a region-level one it is zero."""
    chosen: dict[int, Publication] = {}
    for publication in results.current_publications():
        held = chosen.get(publication.year)
        if held is None or (held.aggregate_only and not publication.aggregate_only):
            chosen[publication.year] = publication
    if not chosen:
        return [], []
    newest = max(chosen.values(), key=lambda p: (p.year, not p.aggregate_only))
    bands = sorted(newest.awarded_bands, key=lambda b: b["order"])
    rows = []
    for year in sorted(chosen):
        publication = chosen[year]
        totals = publication.totals or {}

        def count(code: str, totals: dict[str, Any] = totals, p: Publication = publication) -> Any:
            if code in totals:
                return int(totals[code])
            return None if p.aggregate_only else 0

        rows.append(
            CycleTotals(
                publication=publication,
                counts=[BandCount(band=band, count=count(band["code"])) for band in bands],
                provila=count(PROVILA),
            )
        )
    return bands, rows
