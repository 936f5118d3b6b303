"""Fixtures of the decree annex, certificate and staff page tests: cycle 2026 published with
Kalimantan Utara complete (a Provinsi Layak Anak), Kalimantan Timur and Jakarta in part."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from layakanak.accounts.models import User
from layakanak.evaluation.models import Cycle
from layakanak.regions.models import Region
from layakanak.results.actions.certificates import do_issue_certificate
from layakanak.results.actions.publication import do_publish_cycle
from layakanak.results.models import Certificate, Publication
from tests.pdf import squeezed
from tests.results.conftest import decide_directly

DECREE_NUMBER = "120 Tahun 2026"
DECREE_DATE = datetime.date(2026, 7, 23)

OUTCOMES = {
    "65.01": ("madya", "655.250"),  # Kabupaten Bulungan
    "65.02": ("pratama", "540.000"),  # Kabupaten Malinau
    "65.03": ("pratama", "512.125"),  # Kabupaten Nunukan
    "65.04": ("nindya", "712.000"),  # Kabupaten Tana Tidung
    "65.71": ("utama", "845.400"),  # Kota Tarakan
    "64.71": ("utama", "871.300"),  # Kota Balikpapan
    "64.72": ("belum", "480.000"),  # Kota Samarinda: no predicate
    "31.71": ("nindya", "744.000"),  # Kota Administrasi Jakarta Pusat
}


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Stored files (certificate PDFs, ZIPs) go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def published(cycle: Cycle, central_admin: User, media: Path) -> Publication:
    decide_directly(cycle, OUTCOMES)
    return do_publish_cycle(
        cycle, actor=central_admin, decree_number=DECREE_NUMBER, decree_date=DECREE_DATE
    )


@pytest.fixture
def balikpapan_certificate(published: Publication, central_admin: User) -> Certificate:
    region = Region.objects.get(code="64.71")
    return do_issue_certificate(published, region, "utama", actor=central_admin)


def shows_code(code: str, text: str) -> bool:
    """Whether a PDF's text shows a certificate code. pdftotext may put a space inside a
    letter-spaced code (its word gaps are a heuristic), so whitespace is ignored."""
    return squeezed(code) in squeezed(text)
