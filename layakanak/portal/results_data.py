"""A cycle's published results shaped for the public pages, the open data and the static export.

Everything here starts from a `Publication` (layakanak/results/queries.py and the published
snapshot rows): verification decisions and stage scores are never read (ARCHITECTURE.md rule 3).
A fixed number of queries per call, whatever the number of regions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from layakanak.core.locale import side
from layakanak.portal.band_check import off_band
from layakanak.regions.models import Region, RegionLevel
from layakanak.results import queries
from layakanak.results.models import ProvinceAward, Publication, RegionResult
from layakanak.results.snapshot import PROVILA

NO_PREDICATE = "none"  # the filter value of "no predicate" (a row's predicate is "")
MOVEMENTS = (queries.NEW, queries.UP, queries.RETAINED, queries.DOWN)
SORTS = ("name", "province", "predicate", "score")


@dataclass(frozen=True)
class Band:
    code: str
    order: int
    name_id: str
    name_en: str
    colour: str
    awarded: bool
    min: str
    max: str

    def name(self, language: str) -> str:
        """The name the publication froze in `language` (a snapshot keeps both)."""
        return side(self.name_id, self.name_en, language)


@dataclass(frozen=True)
class BandCount:
    band: Band
    count: int
    previous: int | None  # the count in the previous published cycle (None: not known)
    percent: Decimal  # share of the participants, for the bar

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.count - self.previous

    @property
    def change_size(self) -> int:
        return abs(self.change or 0)


@dataclass(frozen=True)
class ResultRow:
    code: str
    name: str
    name_short: str
    region_type: str
    province_code: str
    province_name: str
    predicate: str  # band code, "" = no predicate
    band: Band
    score: Decimal | None
    movement: str  # new / up / retained / down ("" when there is no earlier published cycle)
    previous_band: Band | None
    off_band: Band | None = None  # the band of the score, when the decision is another one


@dataclass
class CycleResults:
    publication: Publication
    versions: list[Publication]
    previous: Publication | None  # the cycle before (for the counts; may be aggregate-only)
    compared_with: Publication | None  # the cycle before with region rows (for movements)
    bands: list[Band]
    counts: list[BandCount] = field(default_factory=list)
    rows: list[ResultRow] = field(default_factory=list)
    provinces: list[tuple[str, str]] = field(default_factory=list)  # (code, name) in the rows
    provila: list[tuple[str, str]] = field(default_factory=list)
    provila_previous: int | None = None

    @property
    def current(self) -> Publication:
        return next((p for p in self.versions if p.is_current), self.publication)

    @property
    def awarded(self) -> int:
        return sum(c.count for c in self.counts if c.band.awarded)

    @property
    def awarded_previous(self) -> int | None:
        return None if self.previous is None else _awarded_count(self.previous)

    @property
    def participants(self) -> int | None:
        if self.rows:
            return len(self.rows)
        return self.publication.participants

    @property
    def provila_change(self) -> int | None:
        if self.provila_previous is None:
            return None
        return len(self.provila) - self.provila_previous


@dataclass(frozen=True)
class CycleSummary:
    """One line of the list of published cycles."""

    publication: Publication
    awarded: int
    provila: int


def summary(publication: Publication) -> CycleSummary:
    return CycleSummary(
        publication, _awarded_count(publication), int(publication.totals.get(PROVILA, 0))
    )


def bands_of(publication: Publication) -> list[Band]:
    """The publication's frozen legend, lowest band first."""
    return [
        Band(
            code=str(b["code"]),
            order=int(b["order"]),
            name_id=str(b["name_id"]),
            name_en=str(b["name_en"]),
            colour=str(b.get("colour") or "#bdbdbd"),
            awarded=bool(b.get("awarded", True)),
            min=str(b.get("min", "")),
            max=str(b.get("max", "")),
        )
        for b in sorted(publication.bands, key=lambda b: int(b["order"]))
    ]


def no_predicate_band(bands: list[Band]) -> Band:
    """The legend's band for regions without a predicate (the lowest not-awarded one)."""
    for band in bands:
        if not band.awarded:
            return band
    return Band("", -1, "Belum berpredikat", "No predicate", "#bdbdbd", False, "", "")


def _band_map(bands: list[Band]) -> dict[str, Band]:
    none = no_predicate_band(bands)
    return {**{b.code: b for b in bands}, "": none}


def cycle_results(slug: str, version: int | None = None) -> CycleResults | None:
    """The published results of a cycle: its current version, or the given version (which may
    be superseded). None when the cycle (or that version) was never published."""
    versions = list(Publication.objects.filter(cycle_slug=slug).order_by("-version"))
    if version is None:
        publication = next((p for p in versions if p.is_current), None)
    else:
        publication = next((p for p in versions if p.version == version), None)
    if publication is None:
        return None
    return _build(publication, versions)


def _build(publication: Publication, versions: list[Publication]) -> CycleResults:
    bands = bands_of(publication)
    by_code = _band_map(bands)
    previous = queries.current_publications().filter(year__lt=publication.year).first()
    compared_with = (
        previous
        if previous is None or not previous.aggregate_only
        else queries.previous_publication(publication)
    )
    data = CycleResults(
        publication=publication,
        versions=versions,
        previous=previous,
        compared_with=compared_with,
        bands=bands,
    )
    if not publication.aggregate_only:
        data.rows = _rows(publication, compared_with, by_code)
    participants = len(data.rows) or publication.participants or 0
    for band in reversed(bands):
        if not band.awarded:
            continue
        count = int(publication.totals.get(band.code, 0))
        before = None if previous is None else int(previous.totals.get(band.code, 0))
        data.counts.append(BandCount(band, count, before, _percent(count, participants)))
    if participants:
        awarded = sum(c.count for c in data.counts)
        count = (
            sum(1 for r in data.rows if not r.predicate) if data.rows else participants - awarded
        )
        data.counts.append(
            BandCount(
                no_predicate_band(bands),
                count,
                _not_awarded(previous),
                _percent(count, participants),
            )
        )
    data.provinces = sorted(
        {(r.province_code, r.province_name) for r in data.rows}, key=lambda p: p[0]
    )
    data.provila = [
        (award.region.code, award.region.name)
        for award in ProvinceAward.objects.filter(publication=publication)
        .select_related("region")
        .order_by("region__code")
    ]
    if previous is not None:
        data.provila_previous = int(previous.totals.get(PROVILA, 0))
    return data


def _percent(count: int, total: int) -> Decimal:
    return (Decimal(count * 100) / total).quantize(Decimal("0.1")) if total else Decimal(0)


def _awarded_count(publication: Publication) -> int:
    return sum(
        int(n)
        for code, n in publication.totals.items()
        if code != PROVILA and (b := publication.band(code)) is not None and b.get("awarded", True)
    )


def _not_awarded(publication: Publication | None) -> int | None:
    """Participants without a predicate in a publication, when its participants are known."""
    if publication is None or not publication.participants:
        return None
    return publication.participants - _awarded_count(publication)


def _rows(
    publication: Publication, compared_with: Publication | None, by_code: dict[str, Band]
) -> list[ResultRow]:
    rank = queries.band_rank(publication)
    before: dict[int, str] = {}
    previous_rank: dict[str, int] = {}
    previous_bands: dict[str, Band] = {}
    if compared_with is not None:
        previous_rank = queries.band_rank(compared_with)
        previous_bands = _band_map(bands_of(compared_with))
        before = dict(
            RegionResult.objects.filter(publication=compared_with).values_list(
                "region_id", "predicate"
            )
        )
    results = list(
        RegionResult.objects.filter(publication=publication)
        .select_related("region")
        .only(
            "region_id",
            "province_code",
            "predicate",
            "score",
            "region__code",
            "region__name",
            "region__name_short",
            "region__type",
        )
        .order_by("region__code")
    )
    province_names = dict(
        Region.objects.filter(
            level=RegionLevel.PROVINCE, code__in={r.province_code for r in results}
        ).values_list("code", "name")
    )
    none = by_code[""]
    rows = []
    for result in results:
        region = result.region
        band = by_code.get(result.predicate, none)
        predicate = result.predicate if band.awarded else ""  # an imported "belum" is no predicate
        previous_predicate = before.get(result.region_id)
        movement = ""
        if compared_with is not None:
            movement = queries.movement(previous_predicate, predicate, previous_rank, rank)
        rows.append(
            ResultRow(
                code=region.code,
                name=region.name,
                name_short=region.name_short or region.name,
                region_type=region.type,
                province_code=result.province_code,
                province_name=province_names.get(result.province_code, result.province_code),
                predicate=predicate,
                band=band if band.awarded else none,
                score=result.score,
                off_band=off_band(band, result.score, by_code.values()),
                movement=movement,
                previous_band=(
                    previous_bands.get(previous_predicate, previous_bands.get(""))
                    if previous_predicate is not None
                    else None
                ),
            )
        )
    return rows


# Filtering and sorting (the results page; the static export does the same in the browser) -----


@dataclass(frozen=True)
class Filters:
    province: str = ""
    predicate: str = ""  # band code, NO_PREDICATE or ""
    q: str = ""
    sort: str = "-predicate"

    @property
    def sort_key(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    @property
    def active(self) -> bool:
        return bool(self.province or self.predicate or self.q)


def read_filters(params: Any, data: CycleResults) -> Filters:
    """Filters from a query string; unknown values are ignored, never an error."""
    province = str(params.get("provinsi", "")).strip()
    if province not in {code for code, _name in data.provinces}:
        province = ""
    predicate = str(params.get("predikat", "")).strip()
    if predicate not in {b.code for b in data.bands if b.awarded} | {NO_PREDICATE}:
        predicate = ""
    sort = str(params.get("urut", "")).strip()
    if sort.lstrip("-") not in SORTS:
        sort = "-predicate"
    return Filters(province, predicate, str(params.get("q", "")).strip()[:100], sort)


def _name_key(row: ResultRow) -> tuple[str, str, str]:
    return (row.name_short.casefold(), row.region_type, row.code)


def apply_filters(rows: list[ResultRow], filters: Filters) -> list[ResultRow]:
    needle = filters.q.casefold()
    shown = [
        row
        for row in rows
        if (not filters.province or row.province_code == filters.province)
        and (
            not filters.predicate
            or row.predicate == ("" if filters.predicate == NO_PREDICATE else filters.predicate)
        )
        and (not needle or needle in row.name.casefold() or row.code.startswith(needle))
    ]
    shown.sort(key=_name_key)
    key = filters.sort_key
    descending = filters.descending
    if key == "name":
        shown.sort(key=_name_key, reverse=descending)
    elif key == "province":
        shown.sort(key=lambda r: r.province_name.casefold(), reverse=descending)
    elif key == "predicate":
        # Within a predicate, the higher score first when the highest predicate comes first.
        shown.sort(key=lambda r: r.score if r.score is not None else Decimal(-1), reverse=True)
        shown.sort(key=lambda r: r.band.order if r.predicate else -1, reverse=descending)
    elif key == "score":
        with_score = [r for r in shown if r.score is not None]
        without = [r for r in shown if r.score is None]
        with_score.sort(key=lambda r: r.score or Decimal(0), reverse=descending)
        shown = with_score + without
    return shown
