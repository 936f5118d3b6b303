"""One clock for the tests.

Every moment a fixture or a test builds (stage windows, deadlines, extensions, sessions, reset
links, validity dates, retention periods, certificate dates) is an offset from `now()`: the clock
that the code under test reads too (`django.utils.timezone.now`), which time-machine moves inside
a test and libfaketime moves for the whole process tree in CI's shifted-date pass. No test may
build a calendar date that the real day could pass (a "future" validity date of 2030, a window
closing in 2027): such a test passes today and fails on a later day.

Calendar dates stay where a test checks how a fixed date is parsed, stored or shown (a form
typed in WIB, a decree date printed on a certificate); those dates are never compared with the
clock.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def now() -> datetime.datetime:
    """The current moment as the code under test sees it (aware, UTC)."""
    return timezone.now()


def whole_second() -> datetime.datetime:
    """`now()` without microseconds: a start for `time_machine.travel(..., tick=False)` whose
    offsets print and compare exactly."""
    return now().replace(microsecond=0)


def local_date(days: int = 0) -> datetime.date:
    """Today in the project's zone (WIB) moved by `days`: for date fields such as validity."""
    return timezone.localdate() + days * DAY
