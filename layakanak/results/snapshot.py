"""Building the content of a publication: pure helpers shared by publishing and importing."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from layakanak.scoring.model import Instrument

PROVILA = "provila"


def bands_of(instrument: Instrument) -> list[dict[str, Any]]:
    """The instrument's bands as the frozen legend of a publication."""
    return [
        {
            "code": band.code,
            "order": order,
            "name_id": band.name.id,
            "name_en": band.name.en,
            "min": format(band.min, "f"),
            "max": format(band.max, "f"),
            "awarded": band.awarded,
            "colour": band.colour,
        }
        for order, band in enumerate(instrument.bands)
    ]


def component_and_indicator_scores(
    instrument: Instrument, points: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Per-component and per-indicator sums of stored question points (decimal strings)."""
    components: dict[str, str] = {}
    indicators: dict[str, str] = {}
    for component in instrument.components:
        component_total = Decimal(0)
        for indicator in component.indicators:
            total = sum((Decimal(points.get(q.code, "0")) for q in indicator.questions), Decimal(0))
            indicators[indicator.number] = format(total, "f")
            component_total += total
        components[component.code] = format(component_total, "f")
    return components, indicators


def provinces_layak_anak(
    predicates: Mapping[str, str], kabkota_by_province: Mapping[str, Iterable[str]]
) -> list[str]:
    """Provinces where every kab/kota holds a predicate (KLA.md section 3). `predicates` maps a
    kab/kota code to its awarded band code ("" or missing = none)."""
    return sorted(
        province
        for province, members in kabkota_by_province.items()
        if (codes := list(members)) and all(predicates.get(code) for code in codes)
    )


def totals_of(predicates: Iterable[str], provila: Iterable[str]) -> dict[str, int]:
    counts = Counter(code for code in predicates if code)
    totals = dict(sorted(counts.items()))
    totals[PROVILA] = len(list(provila))
    return totals


def content_hash(metadata: Mapping[str, Any], rows: Iterable[Mapping[str, Any]]) -> str:
    """SHA-256 of the canonical JSON of a publication's content (sorted keys, rows in order)."""
    digest = hashlib.sha256()
    digest.update(json.dumps(metadata, sort_keys=True, default=str).encode())
    for row in rows:
        digest.update(b"\n")
        digest.update(json.dumps(row, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def legend_of_latest_instrument(slug: str = "") -> list[dict[str, Any]]:
    """The band legend of the named instrument version, or of the newest one loaded."""
    from layakanak.instruments.models import InstrumentVersion
    from layakanak.instruments.queries import instrument_of

    versions = InstrumentVersion.objects.order_by("-year", "-slug")
    version = versions.filter(slug=slug).first() if slug else versions.first()
    if version is None:
        raise LookupError(slug or "no instrument is loaded")
    return bands_of(instrument_of(version))
