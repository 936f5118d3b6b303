"""Reads of the public portal: every one starts from the current publications
(`layakanak.results.queries`), never from verification decisions (ARCHITECTURE.md rule 3).

The home map and table, the counts per predicate, the region and province profiles, the
comparison and the national statistics are shaped here, so that the views stay short and the
API and the pages show the same figures.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import Count

from layakanak.instruments.models import InstrumentVersion
from layakanak.regions.models import Region, RegionLevel
from layakanak.results import queries as results
from layakanak.results.models import Certificate, ProvinceAward, Publication, RegionResult
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
            band=band_of(publication, row.predicate),
            score=row.score,
            movement=moves.get(row.region_id, results.RETAINED),
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


# --- Region profile -------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    publication: Publication
    band: Band
    score: Decimal | None
    movement: str


@dataclass(frozen=True)
class ScoreRow:
    """One component or indicator of the latest publication against the medians."""

    code: str
    name_id: str
    name_en: str
    score: Decimal
    maximum: Decimal | None
    province_median: Decimal | None
    national_median: Decimal | None

    @property
    def missing(self) -> Decimal | None:
        return self.maximum - self.score if self.maximum is not None else None

    @property
    def percent(self) -> int | None:
        if not self.maximum:
            return None
        return int(self.score * 100 / self.maximum)


@dataclass(frozen=True)
class Gap:
    """What separates a kab/kota from the next predicate, for a sentence in plain words."""

    current: Band
    next_band: Band | None  # None: already the highest predicate
    score: Decimal | None
    points_needed: Decimal | None  # <= 0: the score already reaches the next band's minimum
    weakest: list[ScoreRow]  # components with the most points still to gain


@dataclass
class ServiceCounts:
    counselling: int = 0
    forums: int = 0
    playgrounds: int = 0
    has_uptd_contact: bool = False

    @property
    def any(self) -> bool:
        return bool(self.counselling or self.forums or self.playgrounds or self.has_uptd_contact)


@dataclass
class RegencyProfile:
    region: Region
    history: list[HistoryRow]
    latest: HistoryRow | None
    components: list[ScoreRow] = field(default_factory=list)
    indicators: list[ScoreRow] = field(default_factory=list)
    component_publication: Publication | None = None
    gap: Gap | None = None
    certificates: list[Certificate] = field(default_factory=list)
    services: ServiceCounts = field(default_factory=ServiceCounts)
    province_name: str = ""

    @property
    def bands(self) -> list[Band]:
        return legend(self.latest.publication) if self.latest else []


def history_rows(entries: Iterable[results.HistoryEntry]) -> list[HistoryRow]:
    return [
        HistoryRow(
            publication=entry.publication,
            band=band_of(entry.publication, entry.result.predicate if entry.result else ""),
            score=entry.result.score if entry.result else None,
            movement=entry.movement,
        )
        for entry in entries
    ]


def _median(values: Iterable[Decimal]) -> Decimal | None:
    found = list(values)
    if not found:
        return None
    return Decimal(statistics.median(found)).quantize(Decimal("0.01"))


def _instrument_of(publication: Publication) -> Any:
    """The scoring instrument a platform publication was scored with (component names and
    maxima); None for imported history."""
    if publication.cycle_id is None:
        return None
    from layakanak.evaluation.models import Cycle
    from layakanak.instruments.queries import instrument_of

    version = (
        InstrumentVersion.objects.filter(
            pk__in=Cycle.objects.filter(pk=publication.cycle_id).values("instrument_id")
        )
        .only("id", "slug", "sha256")
        .first()
    )
    return instrument_of(version) if version is not None else None


Medians = tuple[dict[str, Decimal | None], dict[tuple[str, str], Decimal | None]]


def _medians(publication: Publication, position: int) -> Medians:
    """National and per-province medians of every component (`position` 1) or indicator (2)
    score of a publication: ({code: median}, {(province, code): median})."""
    return _medians_of(publication.pk, publication.sha256)[position - 1]


@lru_cache(maxsize=8)
def _medians_of(publication_id: int, sha256: str) -> tuple[Medians, Medians]:
    # A per-publication aggregate: a publication never changes once published (a correction is
    # a new publication with its own id and hash), so each process computes it once instead of
    # reading and decoding every region's scores on every profile page (docs/performance.md).
    peers = RegionResult.objects.filter(publication_id=publication_id).exclude(component_scores={})
    values: tuple[dict[str, list[tuple[str, Decimal]]], ...] = (
        defaultdict(list),
        defaultdict(list),
    )
    for province, components, indicators in peers.values_list(
        "province_code", "component_scores", "indicator_scores"
    ):
        for position, scores in enumerate((components, indicators)):
            for code, score in scores.items():
                values[position][code].append((province, Decimal(score)))

    def medians(of_code: dict[str, list[tuple[str, Decimal]]]) -> Medians:
        national = {code: _median(v for _, v in found) for code, found in of_code.items()}
        by_province: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
        for code, found in of_code.items():
            for province, value in found:
                by_province[(province, code)].append(value)
        return national, {key: _median(found) for key, found in by_province.items()}

    return medians(values[0]), medians(values[1])


def score_rows(
    publication: Publication, result: RegionResult, province_code: str
) -> tuple[list[ScoreRow], list[ScoreRow]]:
    """The region's component and indicator scores with the province and national medians of
    the same publication."""
    instrument = _instrument_of(publication)
    names: dict[str, tuple[str, str, Decimal | None]] = {}
    indicator_names: dict[str, tuple[str, str, Decimal | None]] = {}
    if instrument is not None:
        for component in instrument.components:
            names[component.code] = (component.name.id, component.name.en, component.max_points)
            for indicator in component.indicators:
                indicator_names[indicator.number] = (
                    indicator.name.id,
                    indicator.name.en,
                    indicator.maximum,
                )

    def rows(
        scores: dict[str, str], position: int, labels: dict[str, tuple[str, str, Decimal | None]]
    ) -> list[ScoreRow]:
        national, by_province = _medians(publication, position)
        order = list(labels) or list(scores)
        found = []
        for code in order:
            if code not in scores:
                continue
            name_id, name_en, maximum = labels.get(code, (code, code, None))
            found.append(
                ScoreRow(
                    code=code,
                    name_id=name_id,
                    name_en=name_en,
                    score=Decimal(scores[code]),
                    maximum=maximum,
                    province_median=by_province.get((province_code, code)),
                    national_median=national.get(code),
                )
            )
        return found

    return (
        rows(result.component_scores, 1, names),
        rows(result.indicator_scores, 2, indicator_names),
    )


def gap_to_next(latest: HistoryRow, components: list[ScoreRow]) -> Gap:
    publication = latest.publication
    current = latest.band
    rank = int(current.get("order", -1)) if current["code"] else -1
    higher = sorted(
        (b for b in publication.awarded_bands if int(b["order"]) > rank),
        key=lambda b: b["order"],
    )
    next_band = higher[0] if higher else None
    needed = None
    if next_band is not None and latest.score is not None:
        needed = Decimal(str(next_band["min"])) - latest.score
    weakest = sorted(
        (row for row in components if row.missing is not None and row.missing > 0),
        key=lambda row: row.missing or Decimal(0),
        reverse=True,
    )[:3]
    return Gap(
        current=current,
        next_band=next_band,
        score=latest.score,
        points_needed=needed,
        weakest=weakest,
    )


def current_certificates(region: Region) -> list[Certificate]:
    """The region's certificates that were not replaced, newest cycle first."""
    return list(
        Certificate.objects.filter(region=region, replaced_at__isnull=True)
        .select_related("publication")
        .order_by("-publication__year", "-issued_at")
    )


def service_counts(region: Region) -> ServiceCounts:
    """What the child-services module records for a kab/kota (public registries only)."""
    from layakanak.services.models import (
        ChildForum,
        CounsellingService,
        Playground,
        ServiceContact,
    )

    return ServiceCounts(
        counselling=CounsellingService.objects.filter(region=region, active=True).count(),
        forums=ChildForum.objects.filter(regency=region).count(),
        playgrounds=Playground.objects.filter(regency=region).count(),
        has_uptd_contact=ServiceContact.objects.filter(region=region).exists(),
    )


def regency_profile(region: Region, *, with_services: bool = True) -> RegencyProfile:
    entries = results.region_history(region.pk)
    history = history_rows(entries)
    latest = history[-1] if history else None
    profile = RegencyProfile(region=region, history=history, latest=latest)
    province_code = region.code.split(".")[0]
    profile.province_name = region.parent.name if region.parent else province_code
    if latest is not None:
        # The newest entry that has component scores (imported history has none).
        entry = next(
            (e for e in reversed(entries) if e.result and e.result.component_scores),
            None,
        )
        if entry is not None and entry.result is not None:
            profile.component_publication = entry.publication
            profile.components, profile.indicators = score_rows(
                entry.publication, entry.result, province_code
            )
        components = (
            profile.components if profile.component_publication == latest.publication else []
        )
        profile.gap = gap_to_next(latest, components)
    profile.certificates = current_certificates(region)
    if with_services:
        profile.services = service_counts(region)
    return profile


# --- Province profile -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProvilaRow:
    publication: Publication
    awarded: bool
    members_with_predicate: int
    members: int


@dataclass
class ProvinceProfile:
    region: Region
    publication: Publication | None
    rows: list[ResultRow]
    not_taking_part: list[Region]
    distribution: list[BandCount]
    provila: list[ProvilaRow]

    @property
    def bands(self) -> list[Band]:
        return legend(self.publication) if self.publication else []


def province_profile(region: Region) -> ProvinceProfile:
    publications = region_publications()
    publication = publications[0] if publications else None
    rows = result_rows(publication, province=region.code) if publication else []
    members = list(
        Region.objects.filter(parent=region, level=RegionLevel.REGENCY, retired_on__isnull=True)
        .only("code", "name")
        .order_by("code")
    )
    listed = {row.code for row in rows}
    distribution: list[BandCount] = []
    if publication is not None:
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            counts[row.predicate] += 1
        distribution = [
            BandCount(band=band, count=counts.get(band["code"], 0)) for band in legend(publication)
        ]
    awarded_in = set(
        ProvinceAward.objects.filter(region=region, publication__in=publications).values_list(
            "publication_id", flat=True
        )
    )
    with_predicate = dict(
        RegionResult.objects.filter(publication__in=publications, province_code=region.code)
        .exclude(predicate="")
        .values("publication_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("publication_id", "n")
    )
    provila = [
        ProvilaRow(
            publication=p,
            awarded=p.pk in awarded_in,
            members_with_predicate=with_predicate.get(p.pk, 0),
            members=len(members),
        )
        for p in sorted(publications, key=lambda p: p.year)
    ]
    return ProvinceProfile(
        region=region,
        publication=publication,
        rows=rows,
        not_taking_part=[m for m in members if m.code not in listed],
        distribution=distribution,
        provila=provila,
    )


# --- Comparison -----------------------------------------------------------------------------

MAX_COMPARED = 4


def compared_regions(codes: Iterable[str]) -> list[Region]:
    """The kab/kota named in the query string, in the order given, without duplicates, at most
    four; unknown codes are dropped."""
    wanted: list[str] = []
    for code in codes:
        code = code.strip()
        if code and code not in wanted:
            wanted.append(code)
    found = {
        r.code: r
        for r in Region.objects.filter(
            code__in=wanted[: MAX_COMPARED * 2], level=RegionLevel.REGENCY
        ).select_related("parent")
    }
    return [found[c] for c in wanted if c in found][:MAX_COMPARED]


def search_regencies(term: str, *, exclude: Iterable[str] = (), limit: int = 12) -> list[Region]:
    from layakanak.regions.queries import search

    term = term.strip()[:100]
    if not term:
        return []
    return list(search(term, level=RegionLevel.REGENCY).exclude(code__in=list(exclude))[:limit])


@dataclass(frozen=True)
class ComparisonRow:
    code: str
    name_id: str
    name_en: str
    cells: list[ScoreRow | None]


@dataclass(frozen=True)
class HistoryComparisonRow:
    year: int
    cells: list[HistoryRow | None]


@dataclass(frozen=True)
class Comparison:
    components: list[ComparisonRow]
    history: list[HistoryComparisonRow]


def comparison_table(profiles: Sequence[RegencyProfile]) -> Comparison:
    """Components (of each region's latest scored publication) and the predicate per award
    year, one column per region."""
    codes: dict[str, tuple[str, str]] = {}
    for profile in profiles:
        for row in profile.components:
            codes.setdefault(row.code, (row.name_id, row.name_en))
    components = [
        ComparisonRow(
            code=code,
            name_id=names[0],
            name_en=names[1],
            cells=[next((r for r in p.components if r.code == code), None) for p in profiles],
        )
        for code, names in codes.items()
    ]
    years = sorted({row.publication.year for p in profiles for row in p.history})
    history = [
        HistoryComparisonRow(
            year=year,
            cells=[
                next((r for r in p.history if r.publication.year == year), None) for p in profiles
            ],
        )
        for year in years
    ]
    return Comparison(components=components, history=history)
