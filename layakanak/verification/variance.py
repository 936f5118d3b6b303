"""Claimed against verified across regions, and the Provinsi Layak Anak proposal."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from layakanak.evaluation import stages
from layakanak.evaluation.models import Cycle, StageScore, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region
from layakanak.verification.models import Decision
from layakanak.verification.queries import latest_verified

ZERO = Decimal(0)


def variance(cycle: Cycle) -> dict[str, Any]:
    """Per region, province and indicator: the self-assessment (EM) against the latest verified
    stage, largest over-claim first. Only regions with a verified stage count."""
    instrument = instrument_of(cycle.instrument)
    scores: dict[int, list[StageScore]] = defaultdict(list)
    for row in StageScore.objects.filter(submission__cycle=cycle):
        scores[row.submission_id].append(row)
    submissions = Submission.objects.filter(pk__in=scores).select_related("region__parent")
    self_assessment = stages.self_assessment().code
    regions: list[dict[str, Any]] = []
    provinces: dict[Region, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    indicators: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for submission in submissions:
        rows = scores[submission.pk]
        em = next((row for row in rows if row.stage == self_assessment), None)
        verified = latest_verified(rows)
        if em is None or verified is None:
            continue
        regions.append(
            {
                "region": submission.region,
                "claimed": em.total,
                "verified": verified.total,
                "stage": verified.stage,
                "difference": em.total - verified.total,
            }
        )
        assert submission.region.parent is not None
        entry = provinces[submission.region.parent]
        entry[0] += em.total
        entry[1] += verified.total
        entry[2] += 1
        for code, points in em.points.items():
            if instrument.has_question(code):
                number = instrument.indicator_of(code).number
                indicators[number][0] += Decimal(points)
                indicators[number][1] += Decimal(verified.points.get(code, "0"))
    names = {i.number: i.name for c in instrument.components for i in c.indicators}
    return {
        "regions": sorted(regions, key=lambda r: -r["difference"]),
        "provinces": sorted(
            (
                {
                    "province": p,
                    "claimed": c,
                    "verified": v,
                    "count": n,
                    "difference": c - v,
                    "average": ((c - v) / n).quantize(Decimal("0.01")),
                }
                for p, (c, v, n) in provinces.items()
            ),
            key=lambda r: -r["difference"],
        ),
        "indicators": sorted(
            (
                {
                    "number": number,
                    "name": names.get(number),
                    "claimed": c,
                    "verified": v,
                    "difference": c - v,
                }
                for number, (c, v) in indicators.items()
            ),
            key=lambda r: -r["difference"],
        ),
    }


def province_status(cycle: Cycle, province: Region) -> dict[str, Any]:
    """Every kab/kota of the province with its decision; Provinsi Layak Anak is proposed when
    every one of them holds a predicate (an awarded band), KLA.md section 3."""
    instrument = instrument_of(cycle.instrument)
    awarded = {band.code for band in instrument.bands if band.awarded}
    names = {band.code: band.name for band in instrument.bands}
    regencies = list(
        Region.objects.filter(parent=province, level="regency", retired_on__isnull=True)
    )
    decisions = {
        d.submission.region_id: d
        for d in Decision.objects.filter(
            submission__cycle=cycle, submission__region__parent=province
        ).select_related("submission")
    }
    submissions = {
        s.region_id: s for s in Submission.objects.filter(cycle=cycle, region__parent=province)
    }
    rows = []
    for region in regencies:
        decision = decisions.get(region.pk)
        rows.append(
            {
                "region": region,
                "submission": submissions.get(region.pk),
                "decision": decision,
                "band_name": names.get(decision.decided_band) if decision else None,
                "holds_predicate": bool(decision and decision.decided_band in awarded),
            }
        )
    return {
        "rows": rows,
        "provila": bool(rows) and all(row["holds_predicate"] for row in rows),
        "with_predicate": sum(1 for row in rows if row["holds_predicate"]),
    }
