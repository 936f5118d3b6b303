"""A result whose score lies outside its decided band (Kabupaten Sragen 2023: 903 points, Utama)
is shown like any other, marked as a decision that differs from the band of its score, on the
region's history and on the results pages (issue 19, item 10)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from layakanak.portal.band_check import band_of_score, off_band
from layakanak.results.actions.history import do_import_results
from layakanak.results.history_csv import parse_history_csv
from layakanak.results.snapshot import legend_of_latest_instrument

pytestmark = pytest.mark.django_db

LEGEND = [
    {"code": "belum", "min": "0", "max": "499", "awarded": False},
    {"code": "pratama", "min": "500", "max": "600", "awarded": True},
    {"code": "utama", "min": "801", "max": "900", "awarded": True},
    {"code": "kla", "min": "901", "max": "1000", "awarded": True},
]


def band(code: str) -> dict[str, object]:
    return next(b for b in LEGEND if b["code"] == code)


def test_the_band_of_a_score_drops_its_decimals() -> None:
    assert band_of_score(LEGEND, Decimal("900.99"))["code"] == "utama"  # type: ignore[index]
    assert band_of_score(LEGEND, Decimal("901"))["code"] == "kla"  # type: ignore[index]
    assert band_of_score(LEGEND, Decimal("700")) is None  # no band of this legend holds it


def test_only_a_decision_outside_the_band_of_its_score_differs() -> None:
    assert off_band(band("utama"), Decimal("903"), LEGEND) == band("kla")
    assert off_band(band("utama"), Decimal("850"), LEGEND) is None
    assert off_band(band("utama"), None, LEGEND) is None  # no score published
    # No predicate with a score below every awarded band: the same decision.
    no_predicate = {"code": "", "band_code": "belum", "min": "0", "max": "499", "awarded": False}
    assert off_band(no_predicate, Decimal("480"), LEGEND) is None
    assert off_band(no_predicate, Decimal("550"), LEGEND) == band("pratama")


@pytest.fixture
def sragen_like(client: Client, kla2023: object) -> Client:
    """2023 imported from the decree: Balikpapan 903 points yet Utama, Samarinda 850, Utama."""
    do_import_results(
        parse_history_csv(
            "cycle,region_code,predicate,score\n2023,64.71,Utama,903\n2023,64.72,Utama,850\n",
            bands=legend_of_latest_instrument(),
        ),
        bands=legend_of_latest_instrument(),
        actor="test",
    )
    return client


def marks(html: str) -> list[str]:
    return re.findall(r'<span class="visually-hidden"> \(([^)]*\)?)\)</span>', html)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("id", "ditetapkan berbeda dari predikat rentang nilainya: KLA (Paripurna)"),
        ("en", "decided otherwise than the band of its score: KLA (Paripurna)"),
    ],
)
def test_the_profile_marks_the_decision_in_its_history(
    sragen_like: Client, language: str, words: str
) -> None:
    html = sragen_like.get(f"/wilayah/64.71/?lang={language}").content.decode()
    history = html[html.index('id="history-title"') :]
    assert marks(history) == [words]
    assert 'class="muted off-band-note"' in history
    assert 'class="off-band-current"' in html  # the current predicate says it in words
    other = sragen_like.get(f"/wilayah/64.72/?lang={language}").content.decode()
    assert "off-band" not in other


def test_the_results_pages_mark_it_too(sragen_like: Client) -> None:
    page = sragen_like.get("/hasil/2023/?lang=en").content.decode()
    row = re.search(r'<tr data-code="64.71".*?</tr>', page, re.S)
    assert row is not None and "(decided otherwise than the band of its score" in row.group(0)
    other = re.search(r'<tr data-code="64.72".*?</tr>', page, re.S)
    assert other is not None and "off-band" not in other.group(0)
    assert page.count('class="muted off-band-note"') == 1
    home = sragen_like.get("/?siklus=2023&lang=en").content.decode()
    assert home.count("(decided otherwise than the band of its score") == 1
