"""Publishing results and generating the certificates in a real browser: the central admin
publishes with an explicit confirmation, sees the version, starts the certificate batch,
watches its progress (htmx polling) reach 100 % and downloads the ZIP."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, expect

from layakanak.accounts.actions import do_create_user
from layakanak.accounts.roles import AssignmentSpec
from layakanak.evaluation.actions.cycles import do_create_cycle
from layakanak.instruments.models import InstrumentVersion
from layakanak.results.actions.certificates import run_certificate_batch
from layakanak.results.models import CertificateBatch, Publication
from tests.e2e.conftest import axe_violations, browser_login
from tests.results.conftest import decide_directly

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

OUTCOMES = {
    "65.01": ("madya", "655.250"),
    "65.02": ("pratama", "540.000"),
    "65.03": ("pratama", "512.125"),
    "65.04": ("nindya", "712.000"),
    "65.71": ("utama", "845.400"),
    "64.71": ("utama", "871.300"),
}


@pytest.fixture
def setup(quiet_live_server: Any, regions: None, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    # The batch waits in the queue like in production; the test plays the worker below.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    call_command("load_instrument", "--shipped", verbosity=0)
    now = timezone.now()
    cycle = do_create_cycle(
        "2026",
        name_id="Evaluasi KLA 2026",
        name_en="KLA evaluation 2026",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={"evaluasi_mandiri": (now - datetime.timedelta(days=60), now)},
        actor="test",
    )
    decide_directly(cycle, OUTCOMES)
    admin = do_create_user(
        email="admin@kemenpppa.example",
        full_name="Dewi Admin Pusat",
        actor="test",
        send_invitation=False,
        assignments=[AssignmentSpec(role="admin_pusat")],
    )
    return {"url": str(quiet_live_server.url), "admin": admin}


def test_publish_generate_certificates_and_download_the_zip(
    browser: Browser, setup: dict[str, Any]
) -> None:
    base = setup["url"]
    context = browser.new_context(accept_downloads=True)
    browser_login(context, base, setup["admin"])
    page = context.new_page()

    page.goto(f"{base}/kelola/siklus/2026/")
    page.get_by_role("link", name="Hasil dan piagam").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hasil dan piagam")
    expect(page.get_by_text("Hasil siklus ini belum diterbitkan.")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Nomor keputusan").fill("120 Tahun 2026")
    page.get_by_label("Tanggal keputusan").fill("2026-07-23")
    page.get_by_role("button", name="Periksa sebelum menerbitkan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Terbitkan hasil versi 1?")
    expect(page.get_by_text("tidak dapat dibatalkan", exact=False).first).to_be_visible()
    assert axe_violations(page) == []
    assert not Publication.objects.exists()
    page.get_by_label("Saya memahami").check()
    page.get_by_role("button", name="Terbitkan versi 1").click()

    expect(page.get_by_text("Hasil versi 1 telah diterbitkan.")).to_be_visible()
    versions = page.locator("#versions-title + .table-wrap")
    expect(versions).to_contain_text("v1")
    expect(versions).to_contain_text("Berlaku")
    expect(versions).to_contain_text("120 Tahun 2026")

    page.get_by_role("button", name="Buat semua piagam").click()
    progress = page.locator("#batch-progress")
    expect(page.locator("#batch-state")).to_contain_text("Menunggu proses latar belakang")
    assert axe_violations(page) == []
    batch = CertificateBatch.objects.get()
    assert batch.total == 7  # six kab/kota and Kalimantan Utara
    run_certificate_batch(batch.pk)  # what `layakanak worker` does

    # The page polls the batch every 2 s and reloads once it is done.
    expect(page.locator("#batch-state")).to_contain_text("Selesai: 7 dari 7 (100 %)")
    expect(progress).to_have_attribute("value", "7")
    expect(page.locator(".certificate-table tbody tr")).to_have_count(7)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh semua piagam (ZIP)").click()
    download = download_info.value
    assert download.suggested_filename == "piagam-kla-2026-v1.zip"
    names = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())).namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == 7 and "daftar-piagam.csv" in names
    context.close()
