"""One way to show a time and a decimal on every page (issue 19).

A time is shown in a named Indonesian zone with its label: the region's own zone on a page about
a region, WIB (the ministry's) on a page about no region: "6 Des 2026 14.30 WITA" in Bahasa
Indonesia, "6 Dec 2026 14:30 WITA" in English. `static/js/format.js` shows a time the same way
in the browser; the template filters of `core/templatetags/layakanak.py` call these functions.

A decimal is shown with the active language's separators: "1.234,50" in Bahasa Indonesia,
"1,234.50" in English. In a form field it has no grouping ("1234,5"), so that what the field
shows is what the actions read back (they accept a comma or a point as the decimal separator).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils import dateformat
from django.utils.formats import number_format

from layakanak.core.locale import pair_language
from layakanak.lib.timezones import WIB, ZONE_LABELS, zone_for

# Django's date format characters. "M" is the month's abbreviation ("Des", "Dec"), from the same
# names as the browser's Intl.DateTimeFormat (month: "short"), so both sides print the same text.
_PATTERNS = {
    "id": {"time": "j M Y H.i", "seconds": "j M Y H.i.s", "date": "j M Y"},
    "en": {"time": "j M Y H:i", "seconds": "j M Y H:i:s", "date": "j M Y"},
}

Moment = datetime.datetime | datetime.date


def _local(moment: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
    if moment.tzinfo is None:
        # Times are stored aware, in UTC: a naive one would be shown in the wrong zone.
        raise ValueError(f"a naive datetime cannot be shown in a zone: {moment!r}")
    return moment.astimezone(zone)


def zoned_time(moment: datetime.datetime | None, zone: ZoneInfo, *, seconds: bool = False) -> str:
    """`moment` on the clocks of `zone`, with the zone's label ("6 Des 2026 14.30 WITA")."""
    if moment is None:
        return ""
    pattern = _PATTERNS[pair_language()]["seconds" if seconds else "time"]
    return f"{dateformat.format(_local(moment, zone), pattern)} {ZONE_LABELS[zone.key]}"


def zoned_date(moment: Moment | None, zone: ZoneInfo) -> str:
    """The day of `moment` on the calendar of `zone` ("6 Des 2026"); a date is shown as it is."""
    if moment is None:
        return ""
    if isinstance(moment, datetime.datetime):
        moment = _local(moment, zone)
    return dateformat.format(moment, _PATTERNS[pair_language()]["date"])


def region_time(moment: datetime.datetime | None, code: str, *, seconds: bool = False) -> str:
    """A time in the zone of the region with `code` (any level), labelled WIB, WITA or WIT."""
    return zoned_time(moment, zone_for(code), seconds=seconds)


def region_date(moment: Moment | None, code: str) -> str:
    return zoned_date(moment, zone_for(code))


def national_time(moment: datetime.datetime | None, *, seconds: bool = False) -> str:
    """A time on a page about no region (the cockpit, the audit trail): in WIB, labelled."""
    return zoned_time(moment, WIB, seconds=seconds)


def national_date(moment: Moment | None) -> str:
    return zoned_date(moment, WIB)


def zone_attributes(code: str | None) -> dict[str, str]:
    """What `static/js/format.js` needs to show a time as the server does: the IANA zone and its
    label (the region's, or WIB without a region)."""
    zone = zone_for(code) if code else WIB
    return {"data-zone": zone.key, "data-zone-label": ZONE_LABELS[zone.key]}


def format_decimal(value: Decimal | int | None, places: int = 2) -> str:
    """A decimal with `places` decimals and grouping: "1.234,50" (id) or "1,234.50" (en)."""
    if value is None:
        return ""
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def decimal_input(value: object, places: int = 2) -> str:
    """The value of a form field showing a stored decimal: the active language's decimal
    separator, no grouping, at least `places` decimals and never a significant digit dropped
    ("14,00" for a stored 14.000; "2,125"). A text that is no number is returned as it is."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    exponent = number.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    decimals = max(places, -exponent)
    return number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=False)
