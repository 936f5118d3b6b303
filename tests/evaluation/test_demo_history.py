"""The demonstration's past cycles, planned for the whole country without a database: national
counts as published, Provinsi Layak Anak, Kota Balikpapan's story, and synthetic verification
that lands on the planned final score."""

from __future__ import annotations

import csv
import random
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from layakanak.demo.history import (
    HISTORY,
    NATIONAL_REGENCIES,
    VERIFICATION_STAGES,
    RegionInfo,
    plan_cycle,
    scaled_counts,
)
from layakanak.demo.realise import Calibration, realise
from layakanak.demo.synthetic import scored_synthetic_answers, verified_points
from layakanak.instruments.files import read_instrument_file, shipped_instrument_files
from layakanak.regions.files import DATA_DIR
from layakanak.scoring.engine import band_for, score
from layakanak.scoring.model import Instrument

# KLA.md section 3: Provinsi Layak Anak per award year.
PROVILA = {"2022": 8, "2023": 14, "2025": 13}


@pytest.fixture(scope="module")
def country() -> list[RegionInfo]:
    with (DATA_DIR / "regencies.csv").open(encoding="utf-8", newline="") as source:
        return [RegionInfo(row["code"], row["type"] == "kota") for row in csv.DictReader(source)]


@pytest.fixture(scope="module")
def instruments() -> dict[str, Instrument]:
    loaded = [read_instrument_file(path) for path in shipped_instrument_files()]
    return {instrument.slug: instrument for instrument in loaded}


def test_the_country_has_the_514_kabupaten_and_kota_the_counts_are_based_on(
    country: list[RegionInfo],
) -> None:
    assert len(country) == NATIONAL_REGENCIES


@pytest.mark.parametrize("spec", HISTORY, ids=lambda spec: spec.slug)
def test_the_national_plan_gives_the_published_counts_and_provinces(
    spec, country: list[RegionInfo], instruments: dict[str, Instrument]
) -> None:
    plans = plan_cycle(spec, country, instruments[spec.instrument])
    decided = Counter(plan.decided for plan in plans)
    assert len(plans) == spec.participants
    assert {band: decided[band] for band in spec.counts} == dict(spec.counts)
    awarded = {plan.code for plan in plans if plan.decided in spec.counts}
    members: dict[str, list[str]] = defaultdict(list)
    for region in country:
        members[region.code[:2]].append(region.code)
    provila = [p for p, codes in members.items() if all(c in awarded for c in codes)]
    assert len(provila) == PROVILA[spec.slug]
    balikpapan = next(plan for plan in plans if plan.code == "64.71")
    assert balikpapan.decided == ("nindya" if spec.slug == "2022" else "utama")
    overridden = [plan for plan in plans if plan.band != plan.decided]
    assert len(overridden) == len(spec.overrides) and all(p.reason for p in overridden)
    for plan in plans:
        band = instruments[spec.instrument].band(plan.band)
        assert band.min <= plan.final_total < band.max + 1


def test_most_regions_keep_or_improve_their_predicate_and_some_move_down(
    country: list[RegionInfo], instruments: dict[str, Instrument]
) -> None:
    ranks = {band: n for n, band in enumerate(("belum", "pratama", "madya", "nindya", "utama"))}
    plans = {
        spec.slug: {
            p.code: p.decided for p in plan_cycle(spec, country, instruments[spec.instrument])
        }
        for spec in HISTORY
    }
    moves = Counter()
    for code, band in plans["2023"].items():
        if code in plans["2022"]:
            step = ranks[band] - ranks[plans["2022"][code]]
            moves["up" if step > 0 else "down" if step < 0 else "same"] += 1
    assert moves["up"] > 2 * moves["down"] > 0
    assert moves["same"] > moves["up"]


def test_a_reduced_region_set_gets_proportionally_fewer_regions_per_predicate() -> None:
    counts = scaled_counts(HISTORY[1], 21)
    assert sum(counts.values()) == round(400 * 21 / NATIONAL_REGENCIES) == 16
    assert counts["utama"] == 1 and counts["belum"] in (1, 2)
    assert scaled_counts(HISTORY[1], NATIONAL_REGENCIES)["madya"] == 130


@pytest.mark.parametrize("spec", HISTORY, ids=lambda spec: spec.slug)
def test_answers_score_above_the_final_total_and_every_stage_lowers_towards_it(
    spec, country: list[RegionInfo], instruments: dict[str, Instrument]
) -> None:
    instrument = instruments[spec.instrument]
    calibration = Calibration(instrument)
    plans = plan_cycle(spec, country, instrument)
    sample = random.Random(spec.slug).sample(plans, 25)
    sample += [p for p in plans if p.code == "64.71" or p.band != p.decided]
    drops = []
    for plan in sample:
        outcome = realise(plan, spec.slug, instrument, calibration)
        result = score(instrument, outcome.answers)
        assert result.total == outcome.claimed, "the self-assessment is the engine's score"
        totals = [sum(outcome.stages[s].values(), Decimal(0)) for s in VERIFICATION_STAGES]
        assert outcome.claimed > totals[0] >= totals[1] >= totals[2] >= totals[3]
        assert totals[3] == plan.final_total
        assert band_for(instrument, totals[3]).code == plan.band
        for stage in outcome.stages.values():
            assert all(0 <= stage[c] <= instrument.question(c).maximum for c in stage)
        drops.append((outcome.claimed - totals[3]) / outcome.claimed)
    assert max(drops) > Decimal("0.15"), "some drops are large"
    assert min(drops) < Decimal("0.10")


def test_verified_points_land_exactly_on_each_target(instruments: dict[str, Instrument]) -> None:
    instrument = instruments["kla-2023"]
    _answers, result = scored_synthetic_answers(instrument, 0.8, random.Random(4))
    targets = [result.total - 40, result.total - 55, result.total - 55, Decimal("702.37")]
    stages = verified_points(instrument, result.points, targets, random.Random(5))
    assert [sum(s.values(), Decimal(0)) for s in stages] == targets
    with pytest.raises(ValueError):
        verified_points(instrument, result.points, [Decimal(-1)], random.Random(5))
