"""The region profile (kab/kota and province) and the comparison of regions, from published
snapshots only (through `layakanak.portal.queries` and `layakanak.results.queries`)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import Count

from layakanak.instruments.models import InstrumentVersion
from layakanak.portal.band_check import off_band
from layakanak.portal.queries import (
    Band,
    BandCount,
    ResultRow,
    band_of,
    legend,
    region_publications,
    result_rows,
)
from layakanak.regions.models import Region, RegionLevel
from layakanak.results import queries as results
from layakanak.results.models import Certificate, ProvinceAward, Publication, RegionResult

# --- Region profile -------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    publication: Publication
    band: Band
    score: Decimal | None
    movement: str
    off_band: Band | None = None  # the band of the score, when the decision is another one


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

    @property
    def certificate(self) -> Certificate | None:
        """The piagam of the latest published result, when the region was awarded one."""
        if self.latest is None:
            return None
        latest = self.latest.publication.pk
        return next((c for c in self.certificates if c.publication_id == latest), None)


def history_rows(entries: Iterable[results.HistoryEntry]) -> list[HistoryRow]:
    return [
        HistoryRow(
            publication=entry.publication,
            band=(band := band_of(entry.publication, result.predicate if result else "")),
            score=result.score if result else None,
            movement=entry.movement,
            off_band=off_band(band, result.score, entry.publication.bands) if result else None,
        )
        for entry in entries
        for result in [entry.result]
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
    """The region's certificates in force, newest cycle first: not replaced, and of a
    publication that was not corrected since (a correction's own certificates take over; the
    check page of an older one points to them)."""
    return list(
        Certificate.objects.filter(
            region=region, replaced_at__isnull=True, publication__superseded_at__isnull=True
        )
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
    certificate: Certificate | None = None  # the Provinsi Layak Anak piagam of `publication`

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
    certificate = None
    if publication is not None and publication.pk in awarded_in:
        live = Certificate.objects.filter(region=region, publication=publication)
        certificate = live.filter(replaced_at__isnull=True).order_by("-issued_at").first()
    return ProvinceProfile(
        region=region,
        publication=publication,
        rows=rows,
        not_taking_part=[m for m in members if m.code not in listed],
        distribution=distribution,
        provila=provila,
        certificate=certificate,
    )
