from decimal import Decimal

import pytest

from layakanak.scoring import band_for, band_threshold
from layakanak.scoring.model import BandRule

from .fixture import with_band_rule

BOUNDARIES = ["499.99", "500", "600", "600.01", "601", "900.5", "901", "1000"]
EXPECTED = {
    BandRule.TRUNCATE: ["belum", "pratama", "pratama", "pratama", "madya", "utama", "kla", "kla"],
    BandRule.ROUND_HALF_UP: [
        "pratama",
        "pratama",
        "pratama",
        "pratama",
        "madya",
        "kla",
        "kla",
        "kla",
    ],
    BandRule.UPPER_INCLUSIVE: [
        "pratama",
        "pratama",
        "pratama",
        "madya",
        "madya",
        "kla",
        "kla",
        "kla",
    ],
}


@pytest.mark.parametrize("rule", list(BandRule))
def test_band_is_right_at_every_boundary(rule):
    instrument = with_band_rule(rule)
    got = [band_for(instrument, Decimal(total)).code for total in BOUNDARIES]
    assert got == EXPECTED[rule]


@pytest.mark.parametrize(
    ("rule", "band", "threshold"),
    [
        (BandRule.TRUNCATE, "pratama", "500"),
        (BandRule.ROUND_HALF_UP, "pratama", "499.50"),
        (BandRule.UPPER_INCLUSIVE, "pratama", "499.01"),
        (BandRule.UPPER_INCLUSIVE, "belum", "0"),
        (BandRule.UPPER_INCLUSIVE, "kla", "900.01"),
    ],
)
def test_band_threshold_is_the_smallest_total_reaching_the_band(rule, band, threshold):
    instrument = with_band_rule(rule)
    assert band_threshold(instrument, instrument.band(band)) == Decimal(threshold)


def test_totals_outside_the_bands_are_refused():
    instrument = with_band_rule(BandRule.TRUNCATE)
    with pytest.raises(ValueError, match="outside"):
        band_for(instrument, Decimal("1000.01"))
    with pytest.raises(ValueError, match="outside"):
        band_for(instrument, Decimal("-1"))
