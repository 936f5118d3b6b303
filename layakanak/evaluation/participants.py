"""Which kab/kota take part in a cycle: all of them, those of some provinces, or a list of codes
(pasted on the settings page or given to `layakanak create_cycle`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import QuerySet

from layakanak.regions.models import Region, RegionLevel

_SEPARATORS = re.compile(r"[\s,;]+")


def current_regencies() -> QuerySet[Region]:
    """Every kabupaten/kota in force (retired regions take no part in new cycles)."""
    return (
        Region.objects.filter(level=RegionLevel.REGENCY, retired_on__isnull=True)
        .select_related("parent")
        .order_by("code")
    )


def provinces() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.PROVINCE, retired_on__isnull=True).order_by(
        "code"
    )


def parse_codes(text: str) -> list[str]:
    """Codes separated by spaces, new lines, commas or semicolons; duplicates dropped."""
    return list(dict.fromkeys(code for code in _SEPARATORS.split(text.strip()) if code))


@dataclass
class Selection:
    """The regencies a request names, and the codes that match no regency or province."""

    regions: list[Region] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def select(codes: list[str]) -> Selection:
    """Province codes (`64`) stand for all their kab/kota; kab/kota codes (`64.71`) for
    themselves. Codes of neither are reported, in the order given."""
    regencies = {r.code: r for r in current_regencies().filter(code__in=codes)}
    province_codes = set(provinces().filter(code__in=codes).values_list("code", flat=True))
    chosen: dict[str, Region] = {}
    unknown: list[str] = []
    for code in codes:
        if code in regencies:
            chosen[code] = regencies[code]
        elif code in province_codes:
            for region in current_regencies().filter(parent__code=code):
                chosen[region.code] = region
        else:
            unknown.append(code)
    return Selection(sorted(chosen.values(), key=lambda r: r.code), unknown)


def select_from_spec(spec: str) -> Selection:
    """The `--participants` of `layakanak create_cycle`: `all`, a comma-separated list of
    province and kab/kota codes, or the path of a file of codes (one per line)."""
    if spec.strip().lower() == "all":
        return Selection(list(current_regencies()))
    path = Path(spec)
    if path.is_file():
        return select(parse_codes(path.read_text(encoding="utf-8")))
    return select(parse_codes(spec))
