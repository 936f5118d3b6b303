"""Fixtures of the public results and open-data tests (issue 7): cycle 2026 published on the
platform after the imported 2023 results, so that every movement (new, up, retained, down)
occurs. tests/portal/conftest.py makes them available; other folders call the functions."""

from __future__ import annotations

import datetime

import pytest

from layakanak.evaluation.models import Cycle
from layakanak.results.actions.history import do_import_results
from layakanak.results.actions.publication import do_publish_cycle
from layakanak.results.history_csv import parse_history_csv
from layakanak.results.models import Publication
from layakanak.results.snapshot import legend_of_latest_instrument
from tests.results.conftest import decide_directly

HISTORY_2023 = """cycle,region_code,predicate,score,source
2023,64.71,madya,655.10,Kepmen PPPA 2023
2023,64.72,pratama,540.00,Kepmen PPPA 2023
2023,65.71,utama,830.00,Kepmen PPPA 2023
2023,65.01,pratama,,Kepmen PPPA 2023
2023,31.71,nindya,750.25,Kepmen PPPA 2023
2023,31.72,,480.00,Kepmen PPPA 2023
"""

# 2026: Balikpapan up (madya -> utama), Samarinda down (pratama -> none), Tarakan retained,
# Bulungan up, three Kaltara regions new, Jakarta Pusat retained, Jakarta Utara new.
OUTCOMES_2026 = {
    "64.71": ("utama", "871.30"),
    "64.72": ("belum", "480.00"),
    "65.01": ("madya", "655.25"),
    "65.02": ("pratama", "540.00"),
    "65.03": ("pratama", "512.125"),
    "65.04": ("nindya", "712.00"),
    "65.71": ("utama", "845.40"),
    "31.71": ("nindya", "760.00"),
    "31.72": ("pratama", "590.50"),
}
DECREE = "Kepmen PPPA No. 120 Tahun 2026"


def import_history_2023() -> Publication:
    (publication,) = do_import_results(
        parse_history_csv(HISTORY_2023),
        bands=legend_of_latest_instrument(),
        actor="test",
        names={"2023": ("Evaluasi KLA 2023", "KLA evaluation 2023")},
    )
    return publication


def publish_2026(cycle: Cycle) -> Publication:
    """Cycle 2026, version 1 (after the 2023 history)."""
    decide_directly(cycle, OUTCOMES_2026)
    return do_publish_cycle(
        cycle, actor="test", decree_number=DECREE, decree_date=datetime.date(2026, 7, 23)
    )


@pytest.fixture
def history_2023(kla2023: object) -> Publication:
    return import_history_2023()


@pytest.fixture
def published(history_2023: Publication, cycle: Cycle) -> Publication:
    return publish_2026(cycle)
