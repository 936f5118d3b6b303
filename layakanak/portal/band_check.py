"""Whether a published predicate is the band its score falls in.

The predicate is decided after the verification, not by the score alone: the ministry may give
a region a band below its score (a case of violence against a child in the year, a field
visit's findings), and historical results were copied from decrees whose scores sometimes lie
outside the awarded band (Kabupaten Sragen 2023: 903 points, Utama). Such a result is shown like
any other and marked as a decision that differs from the band of its score.

A score falls in the band whose [min, max] holds its whole part (the shipped instruments'
"truncate" band rule; a publication freezes the bands, not the rule). Works on the legend's
dicts and on `results_data.Band` alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any


def _get(band: Any, key: str) -> Any:
    return band.get(key) if isinstance(band, dict) else getattr(band, key, None)


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def band_of_score(bands: Iterable[Any], score: Decimal) -> Any | None:
    """The band of `bands` that `score` falls in; None when none does."""
    whole = score.to_integral_value(rounding=ROUND_FLOOR)
    for band in bands:
        low, high = _number(_get(band, "min")), _number(_get(band, "max"))
        if low is not None and high is not None and low <= whole <= high:
            return band
    return None


def off_band(decided: Any, score: Decimal | None, bands: Iterable[Any]) -> Any | None:
    """The band `score` falls in when the decided band is another one; None when the decision
    is the band of the score, or when there is no score or no band to compare with. Two bands
    that are not awarded are the same decision (no predicate)."""
    if score is None or decided is None:
        return None
    implied = band_of_score(bands, score)
    if implied is None:
        return None
    if not _get(implied, "awarded") and not _get(decided, "awarded"):
        return None
    if _get(implied, "code") == _get(decided, "code"):
        return None
    return implied
