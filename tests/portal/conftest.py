"""Fixtures of the portal tests: a published cycle (2026, on the platform) after an imported one
(2025), and a later cycle whose decisions are NOT published (they must never show).

Points are spread over every question of the instrument (not only the first, as the results
fixture does), so that the component and indicator scores look like a real evaluation."""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
from layakanak.evaluation.models import Cycle, StageScore, Submission
from layakanak.instruments.models import InstrumentVersion
from layakanak.instruments.queries import instrument_of
from layakanak.regions.files import DATA_DIR
from layakanak.regions.models import Region
from layakanak.results.actions.history import do_import_results
from layakanak.results.actions.publication import do_publish_cycle
from layakanak.results.history_csv import parse_history_csv
from layakanak.results.models import Publication
from layakanak.results.snapshot import legend_of_latest_instrument
from layakanak.verification.models import Decision
from tests import clock
from tests.conftest import FIXTURE_PROVINCES, write_region_subset
from tests.evaluation.conftest import (  # noqa: F401  (fixtures)
    central_admin,
    cycle,
    kla2023,
    make_user,
)

# 2026 on the platform: code -> (decided band, final total).
OUTCOMES_2026 = {
    "64.71": ("nindya", "745.40"),
    "64.72": ("madya", "655.25"),
    "64.74": ("belum", "480.00"),
    "31.71": ("utama", "850.00"),
    "65.01": ("madya", "655.25"),
    "65.02": ("pratama", "540.00"),
    "65.03": ("pratama", "512.13"),
    "65.04": ("nindya", "712.00"),
    "65.71": ("utama", "845.40"),
}
HISTORY_2025 = """cycle,region_code,predicate,score,source
2025,64.71,madya,650.00,Kepmen PPPA 85/2025
2025,64.72,nindya,760.00,Kepmen PPPA 85/2025
2025,65.71,pratama,560.00,Kepmen PPPA 85/2025
2025,31.71,utama,842.10,Kepmen PPPA 85/2025
"""


def spread_points(instrument: object, total: Decimal) -> dict[str, str]:
    """Question points (decimal strings) that add up exactly to `total`: every question gets
    the same share of its maximum; the rounding rest goes to the first question."""
    questions = list(instrument.questions)  # type: ignore[attr-defined]
    maximum = sum((q.maximum for q in questions), Decimal(0))
    ratio = total / maximum
    points = {q.code: (q.maximum * ratio).quantize(Decimal("0.01")) for q in questions}
    points[questions[0].code] += total - sum(points.values())
    return {code: format(value, "f") for code, value in points.items()}


def decide_with_points(cycle: Cycle, outcomes: Mapping[str, tuple[str, str]]) -> None:  # noqa: F811
    instrument = instrument_of(cycle.instrument)
    now = clock.now()
    do_add_participants(
        cycle,
        Region.objects.filter(code__in=list(outcomes)).exclude(submissions__cycle=cycle),
        actor="test",
    )
    for code, (band, total) in outcomes.items():
        submission = Submission.objects.get(cycle=cycle, region__code=code)
        final = Decimal(total)
        for stage, value in (("EM", final + 40), ("VF", final)):
            StageScore.objects.create(
                submission=submission,
                stage=stage,
                total=value,
                band_code=band,
                instrument_sha256=cycle.instrument.sha256,
                points=spread_points(instrument, value),
                computed_at=now,
            )
        Decision.objects.create(
            submission=submission,
            final_total=final,
            proposed_band=band,
            decided_band=band,
            decided_at=now,
        )


@dataclass(frozen=True)
class World:
    history: Publication
    current: Publication
    unpublished: Cycle


@pytest.fixture
def world(cycle: Cycle, kla2023: InstrumentVersion) -> World:  # noqa: F811
    """2025 imported, 2026 published on the platform, 2027 decided but not published."""
    (history,) = do_import_results(
        parse_history_csv(HISTORY_2025), bands=legend_of_latest_instrument(), actor="test"
    )
    decide_with_points(cycle, OUTCOMES_2026)
    current = do_publish_cycle(
        cycle,
        actor="test",
        decree_number="Kepmen PPPA No. 120 Tahun 2026",
        decree_date=datetime.date(2026, 7, 23),
    )
    later = do_create_cycle(
        "2027",
        name_id="Evaluasi KLA 2027",
        name_en="KLA evaluation 2027",
        instrument=kla2023,
        windows={},
        actor="test",
    )
    # Decided, never published: the highest predicate for Balikpapan and a brand-new region.
    decide_with_points(later, {"64.71": ("kla", "955.00"), "64.11": ("kla", "931.00")})
    return World(history=history, current=current, unpublished=later)


# --- All 514 kab/kota (the map, the page weight) ---------------------------------------------


@pytest.fixture(scope="session")
def national_regions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every province and kab/kota of Indonesia; kecamatan, desa and boundaries only for the
    usual fixture provinces. Loading it with the real loader takes about a second."""
    target = write_region_subset(tmp_path_factory.mktemp("national"), FIXTURE_PROVINCES)
    for name in ("provinces.csv", "regencies.csv"):
        (target / name).write_bytes((DATA_DIR / name).read_bytes())
    return target


def all_regency_codes() -> list[str]:
    with (DATA_DIR / "regencies.csv").open(encoding="utf-8", newline="") as source:
        return [row["code"] for row in csv.DictReader(source)]


def publish_national_history(*, top: tuple[str, str] = ("64.71", "899.90")) -> None:
    """2025 and 2026 results of all 514 kab/kota, imported as published history (random but
    fixed predicates; `top` gets the highest score of 2026, as Utama)."""
    rng = random.Random(514)
    floors = {"": 450, "pratama": 550, "madya": 650, "nindya": 750, "utama": 850}
    lines = ["cycle,region_code,predicate,score,source"]
    for slug in ("2025", "2026"):
        for code in all_regency_codes():
            band = rng.choice(list(floors))
            if (slug, code) == ("2026", top[0]):
                band, score = "utama", top[1]
            else:
                score = f"{floors[band] + rng.randint(0, 49)}.25"
            lines.append(f"{slug},{code},{band},{score},uji")
    do_import_results(
        parse_history_csv("\n".join(lines) + "\n"),
        bands=legend_of_latest_instrument(),
        actor="test",
    )


# Fixtures of the public results and open-data tests (issue 7).
from tests.portal.results_fixtures import history_2023, published  # noqa: E402, F401
