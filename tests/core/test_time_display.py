"""One way to show a time and a decimal (issue 19): in the region's zone with its label, in the
active language's format; and no staff template or script formats a time another way."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation

import layakanak
from layakanak.core import display

PACKAGE = Path(layakanak.__file__).parent
TEMPLATES = PACKAGE / "templates"
SCRIPTS = PACKAGE / "static" / "js"

# 6 December 2026, 06:30 UTC: 13.30 in Jakarta, 14.30 in Balikpapan, 15.30 in Jayapura.
MOMENT = datetime.datetime(2026, 12, 6, 6, 30, tzinfo=datetime.UTC)
BALIKPAPAN, JAKARTA, JAYAPURA = "64.71", "31.71", "91.71"


def render(text: str, **context: object) -> str:
    return engines["django"].from_string("{% load layakanak %}" + text).render(context)


@pytest.mark.parametrize(
    ("language", "code", "expected"),
    [
        ("id", BALIKPAPAN, "6 Des 2026 14.30 WITA"),
        ("id", JAKARTA, "6 Des 2026 13.30 WIB"),
        ("id", JAYAPURA, "6 Des 2026 15.30 WIT"),
        ("en", BALIKPAPAN, "6 Dec 2026 14:30 WITA"),
        ("en", JAKARTA, "6 Dec 2026 13:30 WIB"),
        ("en", JAYAPURA, "6 Dec 2026 15:30 WIT"),
    ],
)
def test_a_time_is_shown_in_the_regions_zone_with_its_label(language, code, expected):
    with translation.override(language):
        assert render("{{ moment|region_time:code }}", moment=MOMENT, code=code) == expected


def test_a_region_date_is_the_day_on_the_regions_calendar():
    late = datetime.datetime(2026, 12, 6, 16, 30, tzinfo=datetime.UTC)  # 23.30 WIB, 01.30 WIT
    with translation.override("id"):
        assert render("{{ m|region_date:'31.71' }}", m=late) == "6 Des 2026"
        assert render("{{ m|region_date:'91.71' }}", m=late) == "7 Des 2026"
    with translation.override("en"):
        assert render("{{ m|region_date:'64.71' }}", m=MOMENT) == "6 Dec 2026"


def test_a_page_about_no_region_says_wib_and_the_audit_trail_keeps_the_seconds():
    moment = MOMENT.replace(second=5)
    with translation.override("id"):
        assert render("{{ m|wib_time }}", m=moment) == "6 Des 2026 13.30 WIB"
        assert render('{{ m|wib_time:"seconds" }}', m=moment) == "6 Des 2026 13.30.05 WIB"
        assert render("{{ m|wib_date }}", m=moment) == "6 Des 2026"
    with translation.override("en"):
        assert render('{{ m|wib_time:"seconds" }}', m=moment) == "6 Dec 2026 13:30:05 WIB"


def test_no_time_shows_nothing_so_that_a_default_can_follow():
    assert render("{{ m|region_time:'64.71'|default:'–' }}", m=None) == "–"
    assert render("{{ m|wib_time|default:'–' }}", m=None) == "–"


def test_a_naive_time_is_refused_rather_than_shown_in_a_wrong_zone():
    with pytest.raises(ValueError, match="naive"):
        display.region_time(MOMENT.replace(tzinfo=None), BALIKPAPAN)


def test_the_zone_attributes_give_the_browser_the_iana_zone_and_its_label():
    assert render("<p {% zone_attrs code %}>", code=BALIKPAPAN) == (
        '<p data-zone="Asia/Makassar" data-zone-label="WITA">'
    )
    assert render("<p {% zone_attrs %}>") == '<p data-zone="Asia/Jakarta" data-zone-label="WIB">'


@pytest.mark.parametrize(
    ("language", "value", "places", "expected"),
    [
        ("id", Decimal("14.000"), 2, "14,00"),  # not "14.000", fourteen thousand to a reader
        ("en", Decimal("14.000"), 2, "14.00"),
        ("id", Decimal("1234.5"), 2, "1234,50"),  # no grouping in a field: it is read back
        ("en", Decimal("1234.5"), 2, "1234.50"),
        ("id", Decimal("2.125"), 2, "2,125"),  # never a significant digit dropped
        ("id", "12.5", 0, "12,5"),  # a stored answer's text
        ("en", "12.5", 0, "12.5"),
        ("id", 900, 0, "900"),
        ("id", "tidak tahu", 0, "tidak tahu"),  # no number: as it is
        ("id", None, 2, ""),
    ],
)
def test_a_form_field_shows_a_stored_decimal_in_the_pages_language(
    language, value, places, expected
):
    with translation.override(language):
        assert display.decimal_input(value, places) == expected


def test_points_are_shown_with_the_languages_separators():
    with translation.override("id"):
        assert render("{{ v|points }}", v=Decimal("1234.5")) == "1.234,50"
    with translation.override("en"):
        assert render("{{ v|points }}", v=Decimal("1234.5")) == "1,234.50"


# --- The scan: staff templates show a datetime only through the filters above. ---

# Public pages (the portal, the certificate check, the printed documents, the public child
# services) show dates of publication and decrees; they are outside this rule for now.
PUBLIC = (
    "portal/",
    "results/check/",
    "results/pdf/",
    "services/report_status.html",
)
# Date format characters of Django's `date` filter that show no time of day.
DATE_ONLY = set("dDjlNSwzWFmMnbtLoyYE")
DATE_FILTER = re.compile(r"([\w.]+)\|date(?::(?:\"([^\"]*)\"|'([^']*)'))?")
FORBIDDEN = re.compile(r"\|time\b|\|timesince|\|timeuntil|\|naturaltime|\{%\s*now\b")
# A datetime shown ({{ x.created_at }}, or given to a translated text with `name=x.created_at`)
# with no filter, or with one that is not ours: Django's default format, in WIB, unlabelled.
SHOWN_DATETIME = re.compile(
    r"(?:\{\{\s*|\s\w+=)([\w.]*(?:_at|last_login|date_joined))(?:\|(\w+))?(?![\w.])"
)
ZONED = {"region_time", "region_date", "wib_time", "wib_date", "date"}  # `date`: checked above


def _staff_templates() -> list[Path]:
    return [
        path
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
        and not str(path.relative_to(TEMPLATES)).startswith(PUBLIC)
        and path.suffix in {".html", ".txt"}
    ]


def _unzoned(text: str) -> list[str]:
    """The places in `text` that format a datetime without naming its zone."""
    found = [match.group(0) for match in FORBIDDEN.finditer(text)]
    for match in DATE_FILTER.finditer(text):
        expression, pattern = match.group(1), match.group(2) or match.group(3) or ""
        if pattern == "c":
            continue  # ISO 8601 with its offset, for a datetime="" attribute
        shows_time = any(ch.isalpha() and ch not in DATE_ONLY for ch in pattern)
        of_a_datetime = expression.endswith(("_at", "time", "deadline", "moment", "local"))
        if shows_time or of_a_datetime:
            found.append(match.group(0))
    for match in SHOWN_DATETIME.finditer(text):
        if match.group(2) not in ZONED:
            found.append(match.group(0).strip())
    return found


def test_the_scan_finds_a_time_formatted_without_its_zone():
    assert _unzoned('{{ answer.answered_at|date:"j M Y" }}')
    assert _unzoned('{{ when|date:"j M H:i" }}')
    assert _unzoned("{{ event.time|time }}")
    assert _unzoned('{{ user.last_login|default:"–" }}')
    assert _unzoned("{% blocktranslate with when=report.created_at %}")
    assert not _unzoned('{{ visit.visit_date|date:"j F Y" }}')
    assert not _unzoned('<time datetime="{{ event.time|date:"c" }}">')
    assert not _unzoned("{{ answer.answered_at|region_time:region.code }}")


def test_every_staff_template_shows_a_time_in_a_named_zone():
    offenders = {
        str(path.relative_to(TEMPLATES)): places
        for path in _staff_templates()
        if (places := _unzoned(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "use |region_time:code or |wib_time (core/display.py)"


def test_scripts_show_times_only_through_format_js():
    pattern = re.compile(r"toLocale(Date|Time)?String\(|Intl\.DateTimeFormat")
    offenders = [
        path.name
        for path in sorted(SCRIPTS.glob("*.js"))
        if path.name != "format.js" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "use window.LayakanakFormat (static/js/format.js)"
