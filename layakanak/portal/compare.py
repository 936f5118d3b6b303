"""Comparing two to four kab/kota side by side (`/bandingkan/`), from their profiles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from layakanak.portal.profiles import HistoryRow, RegencyProfile, ScoreRow
from layakanak.regions.models import Region, RegionLevel

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
