"""Issue 19, items 5 and 9, in a real browser: a time shown by JavaScript reads as the server
writes it (the region's zone and label, the page's language), and the evidence slots of an
indicator page fit a 360 px phone screen."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from layakanak.accounts.actions import do_create_user
from layakanak.accounts.roles import AssignmentSpec
from layakanak.core import display
from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
from layakanak.evaluation.models import Answer, Submission
from layakanak.instruments.models import InstrumentVersion
from layakanak.lib.timezones import ZONE_LABELS, zone_for
from layakanak.regions.models import Region
from tests.e2e.conftest import browser_login
from tests.evaluation.fixtures_evidence import evidence_storage, make_pdf, upload_whole

__all__ = ["evidence_storage"]  # a fixture

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

INDICATOR = "/evaluasi/2026/64.71/indikator/4/"
DAY = datetime.timedelta(days=1)
SHOTS = os.environ.get("LAYAKANAK_SCREENSHOTS", "")  # a folder: save the pages looked at


@pytest.fixture
def site(quiet_live_server: Any, regions: None) -> str:
    call_command("load_instrument", "--shipped", verbosity=0)
    now = timezone.now()
    cycle = do_create_cycle(
        "2026",
        name_id="Evaluasi KLA 2026",
        name_en="KLA evaluation 2026",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={"evaluasi_mandiri": (now - DAY, now + 14 * DAY)},
        actor="test",
    )
    do_add_participants(cycle, Region.objects.filter(code="64.71"), actor="test")
    return str(quiet_live_server.url)


@pytest.fixture
def operator(site: str) -> Any:
    return do_create_user(
        email="operator@balikpapan.example",
        full_name="Ayu Operator Balikpapan",
        password="correct horse battery staple",
        actor="test",
        send_invitation=False,
        assignments=[
            AssignmentSpec(role="operator_daerah", region=Region.objects.get(code="64.71"))
        ],
    )


def _shot(target: Any, name: str) -> None:
    """A screenshot of a page or an element, when LAYAKANAK_SCREENSHOTS names a folder."""
    if SHOTS:
        target.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


# Every month (the abbreviations of both sides must agree), the three zones, and the hours around
# midnight (a day that differs between the zones).
MOMENTS = [
    datetime.datetime(2026, month, 28, hour, 5, tzinfo=datetime.UTC)
    for month in range(1, 13)
    for hour in (0, 16, 23)
]
CODES = ("64.71", "31.71", "91.71")  # Balikpapan (WITA), Jakarta Pusat (WIB), Jayapura (WIT)


@pytest.mark.parametrize("language", ["id", "en"])
def test_format_js_writes_every_time_as_the_server_does(
    page: Page, site: str, operator: Any, language: str
) -> None:
    browser_login(page.context, site, operator)
    page.goto(f"{site}{INDICATOR}?lang={language}")
    cases = [
        (m.isoformat(), zone.key, ZONE_LABELS[zone.key])
        for m in MOMENTS
        for zone in map(zone_for, CODES)
    ]
    shown = page.evaluate(
        """(cases) => cases.map(([iso, zone, label]) => [
            LayakanakFormat.time(iso, zone, label, document.documentElement.lang),
            LayakanakFormat.date(iso, zone, document.documentElement.lang)])""",
        cases,
    )
    with translation.override(language):
        expected = [
            [display.region_time(m, code), display.region_date(m, code)]
            for m in MOMENTS
            for code in CODES
        ]
    assert shown == expected


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_saved_time_after_an_answer_reads_as_the_server_writes_it(
    page: Page, site: str, operator: Any, language: str
) -> None:
    # The browser's own zone is far from Balikpapan's: the page must not use it.
    context = page.context.browser.new_context(timezone_id="America/Los_Angeles")  # type: ignore[union-attr]
    browser_login(context, site, operator)
    tab = context.new_page()
    tab.goto(f"{site}{INDICATOR}?lang={language}")
    form = tab.locator(".answer-form:not([hidden]) input[type=radio]").first
    item = form.locator("xpath=ancestor::li[contains(@class,'answer-item')]")
    code = item.get_attribute("data-code")
    form.check()
    state = item.locator("[data-save-state]")
    expect(state).to_have_class("save-state save-state-saved")
    answer = Answer.objects.get(submission__region__code="64.71", question__code=code)
    with translation.override(language):
        when = display.region_time(answer.answered_at, "64.71")
    assert when.endswith(" WITA")
    by_script = state.inner_text()
    assert by_script.endswith(when), by_script
    # The page as the server renders it says the same.
    tab.reload()
    saved = tab.locator(f'[id="q-{code}"] [data-save-state]')
    expect(saved).to_have_text(by_script)
    context.close()


def _overflow(page: Page) -> list[str]:
    """What sticks out of the viewport to the right (the page scrolls sideways)."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const out = [];
            document.querySelectorAll(".evidence-slot, .evidence-slot *").forEach((el) => {
                const box = el.getBoundingClientRect();
                if (box.width && box.right > width + 0.5) {
                    out.push(el.tagName + "." + el.className + " " + Math.round(box.right));
                }
            });
            const page = document.documentElement.scrollWidth;
            if (page > width) { out.push("page " + page); }
            return out;
        }"""
    )


LONG_NAME = "Surat-keterangan-capaian-kutipan-akta-kelahiran-Disdukcapil-Kota-Balikpapan-2026.pdf"


@pytest.fixture
def files(site: str, operator: Any, evidence_storage: Path) -> None:
    """A file with a long name in question 4.1's letter, and one of cycle 2025 to attach again
    (the slot's longest rows: a file's name, size and SHA-256; a previous file with its date)."""
    now = timezone.now()
    earlier = do_create_cycle(
        "2025",
        name_id="Evaluasi KLA 2025",
        name_en="KLA evaluation 2025",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={"evaluasi_mandiri": (now - 400 * DAY, now - 300 * DAY)},
        actor="test",
    )
    do_add_participants(earlier, Region.objects.filter(code="64.71"), actor="test")
    for cycle, when in (("2025", now - 350 * DAY), ("2026", now)):
        submission = Submission.objects.get(cycle__slug=cycle, region__code="64.71")
        content = make_pdf(f"Surat keterangan {cycle}")  # two contents: the old one is offered
        upload_whole(submission, "4.1", "surat", LONG_NAME, content, actor=operator, now=when)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_evidence_slots_fit_a_360_px_phone(
    page: Page, site: str, operator: Any, files: None, language: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    browser_login(page.context, site, operator)
    page.goto(f"{site}{INDICATOR}?lang={language}")
    slot = page.locator("#evidence-4\\.1-surat")
    expect(slot.locator("[data-evidence-files]")).to_contain_text(LONG_NAME)
    slot.locator(".evidence-previous > summary").click()
    expect(slot.locator(".evidence-previous-form")).to_be_visible()
    _shot(slot, f"evidence-360-{language}")
    assert _overflow(page) == []
