"""The steps of `layakanak demo` that span several apps: the past cycles 2022, 2023 and 2025,
each created, seeded with verified results and published like a real cycle.

Planning and synthetic data live in `history.py` and `realise.py` (pure); the writes go through
the evaluation and results actions and the demo's bulk seeding actions (`do_create_cycle`,
`do_seed_verified_cycle`, `do_publish_cycle`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

from django.db import transaction

from layakanak.audit.actions import Actor
from layakanak.demo.actions.self_assessment import do_seed_evidence
from layakanak.demo.actions.verified_cycle import SeededRegion, do_seed_verified_cycle
from layakanak.demo.history import HISTORY, HistorySpec, RegionInfo, plan_cycle
from layakanak.demo.open_cycle import required_files
from layakanak.demo.realise import Calibration, realise
from layakanak.evaluation.actions.cycles import do_create_cycle
from layakanak.evaluation.models import Cycle, Submission
from layakanak.instruments.models import InstrumentVersion
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region, RegionLevel, RegionType
from layakanak.results.actions.publication import do_publish_cycle
from layakanak.results.models import Publication

WIB = ZoneInfo("Asia/Jakarta")
# Regions whose documents of the latest past cycle are kept, so that their 2026 workspace can
# offer them for reuse ("attach again from an earlier cycle").
EVIDENCE_KEPT = {"2025": ("64.71",)}
_calibrations: dict[str, Calibration] = {}


def _calibration(version: InstrumentVersion) -> Calibration:
    key = f"{version.slug}:{version.sha256}"
    if key not in _calibrations:
        _calibrations[key] = Calibration(instrument_of(version))
    return _calibrations[key]


def _windows(spec: HistorySpec) -> dict[str, tuple[datetime.datetime, datetime.datetime]]:
    """The cycle's stage windows: from midnight of the first day to the end of the last day,
    Jakarta time (stored in UTC)."""
    return {
        stage: (
            datetime.datetime.combine(opens, datetime.time(0), tzinfo=WIB),
            datetime.datetime.combine(closes, datetime.time(23, 59), tzinfo=WIB),
        )
        for stage, (opens, closes) in spec.windows.items()
    }


def _regions() -> dict[str, Region]:
    rows = Region.objects.filter(level=RegionLevel.REGENCY, retired_on__isnull=True)
    return {region.code: region for region in rows}


def build_history_cycle(spec: HistorySpec, *, actor: Actor) -> str:
    """Create, seed and publish one past cycle (one transaction); a summary line. A cycle that
    exists already is left as it is."""
    if Cycle.objects.filter(slug=spec.slug).exists():
        published = Publication.objects.filter(cycle_slug=spec.slug).exists()
        state = "published" if published else "present (not published)"
        return f"cycle {spec.slug} already {state}; left unchanged"
    regions = _regions()
    version = InstrumentVersion.objects.get(slug=spec.instrument)
    instrument = instrument_of(version)
    calibration = _calibration(version)
    infos = [RegionInfo(code, r.type == RegionType.KOTA) for code, r in regions.items()]
    plans = plan_cycle(spec, infos, instrument)
    outcomes = [realise(plan, spec.slug, instrument, calibration) for plan in plans]
    windows = _windows(spec)
    with transaction.atomic():
        cycle = do_create_cycle(
            spec.slug,
            name_id=spec.name_id,
            name_en=spec.name_en,
            instrument=version,
            windows=windows,
            reminder_days=(),
            actor=actor,
        )
        report = do_seed_verified_cycle(
            cycle,
            [
                SeededRegion(
                    region=regions[o.plan.code],
                    answers=o.answers,
                    verified=o.stages,
                    decided_band=o.plan.decided,
                    reason=o.plan.reason,
                )
                for o in outcomes
            ],
            actor=actor,
            now=windows["penetapan"][1],
        )
        for code in EVIDENCE_KEPT.get(spec.slug, ()):
            submission = (
                Submission.objects.filter(cycle=cycle, region__code=code)
                .select_related("cycle__instrument", "region")
                .defer("cycle__instrument__document")
                .first()
            )
            if submission is not None:
                do_seed_evidence(
                    submission,
                    required_files(submission),
                    actor=actor,
                    now=windows["evaluasi_mandiri"][1],
                    past_cycle=True,
                )
        publication = do_publish_cycle(
            cycle,
            actor=actor,
            decree_number=spec.decree_number,
            decree_date=spec.decree_date,
            now=datetime.datetime.combine(spec.decree_date, datetime.time(10), tzinfo=WIB),
        )
    awarded = {band: n for band, n in publication.totals.items() if band != "provila"}
    counts = Counter(awarded)
    order = [b.code for b in reversed(instrument.bands) if b.code in counts]
    split = ", ".join(f"{code} {counts[code]}" for code in order)
    return (
        f"cycle {spec.slug}: {report.regions} regions, {sum(counts.values())} awarded "
        f"({split}), {publication.totals.get('provila', 0)} Provinsi Layak Anak; "
        f"published as {publication.decree_number}"
    )


def history_specs() -> tuple[HistorySpec, ...]:
    return HISTORY
