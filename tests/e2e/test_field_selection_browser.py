"""The selection into the field verification in a real browser (issue 20, part 1): a central
verifier reaches the page from the queue by clicking, sets the rule, changes the proposal for
one region with a reason, confirms and announces; the page passes axe before and after, on a
desktop and a phone."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from layakanak.accounts.models import User
from layakanak.evaluation.models import StageScore, Submission
from layakanak.verification.models import FieldSelectionEntry, Review
from tests.e2e.conftest import axe_violations, browser_login
from tests.evaluation.conftest import (  # noqa: F401  (fixtures)
    balikpapan,
    cycle,
    kla2023,
    samarinda,
)
from tests.verification.conftest import (  # noqa: F401  (fixtures)
    submitted,
    submitted_samarinda,
    verifier_pusat,
)
from tests.verification.helpers import through

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


def _pu(submission: Submission) -> Decimal:
    return StageScore.objects.get(submission=submission, stage="PU").total


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 360, "height": 740}]
)
def test_a_central_verifier_announces_the_selection_with_one_change(
    quiet_live_server: Any,
    browser: Browser,
    submitted: Submission,  # noqa: F811
    submitted_samarinda: Submission,  # noqa: F811
    verifier_pusat: User,  # noqa: F811
    viewport: dict[str, int],
) -> None:
    through(submitted, "PU", verifier_pusat)
    through(submitted_samarinda, "PU", verifier_pusat)
    high, low = sorted([submitted, submitted_samarinda], key=_pu, reverse=True)
    minimum = format((_pu(high) + _pu(low)) / 2, ".2f").replace(".", ",")

    context = browser.new_context(viewport=viewport)
    browser_login(context, str(quiet_live_server.url), verifier_pusat)
    page = context.new_page()
    page.goto(f"{quiet_live_server.url}/verifikasi-evaluasi/")
    page.get_by_role("link", name="Seleksi verifikasi lapangan, siklus 2026").click()
    expect(page.get_by_role("heading", name="Seleksi verifikasi lapangan")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Nilai minimum setelah peninjauan ulang").fill(minimum)
    page.get_by_label("Ditetapkan dari nilai verifikasi dokumen").check()
    page.get_by_role("button", name="Simpan aturan").click()
    expect(page.get_by_text("Aturan seleksi disimpan.")).to_be_visible()
    low_row = page.locator(f"tr[data-region='{low.region.code}']")
    expect(low_row.get_by_role("checkbox")).not_to_be_checked()
    expect(
        page.locator(f"tr[data-region='{high.region.code}']").get_by_role("checkbox")
    ).to_be_checked()
    assert axe_violations(page) == []

    # Select the region the rule left out, with a reason; forgetting the confirmation keeps
    # what was typed.
    low_row.get_by_role("checkbox").check()
    low_row.get_by_role("textbox").fill("Bupati meminta kunjungan lapangan")
    page.get_by_role("button", name="Umumkan seleksi").click()
    expect(page.get_by_text("Centang konfirmasi")).to_be_visible()
    expect(low_row.get_by_role("textbox")).to_have_value("Bupati meminta kunjungan lapangan")
    assert not FieldSelectionEntry.objects.exists()
    page.get_by_label("Saya sudah memeriksa daftar ini").check()
    page.get_by_role("button", name="Umumkan seleksi").click()
    expect(page.locator("[data-announced]")).to_contain_text("2 dari 2 daerah")
    assert axe_violations(page) == []
    entry = FieldSelectionEntry.objects.get(submission=low)
    assert (entry.proposed, entry.selected, entry.reason) == (
        False,
        True,
        "Bupati meminta kunjungan lapangan",
    )
    assert Review.objects.get(submission=low).stage == "VL"
    context.close()
