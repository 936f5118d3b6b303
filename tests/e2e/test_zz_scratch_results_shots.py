import datetime
from pathlib import Path
from typing import Any
import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser
from layakanak.accounts.actions import do_create_user
from layakanak.accounts.roles import AssignmentSpec
from layakanak.evaluation.actions import do_create_cycle
from layakanak.instruments.models import InstrumentVersion
from layakanak.regions.models import Region
from layakanak.results.actions import do_publish_cycle
from layakanak.results.certificate_actions import do_reissue_certificate, run_certificate_batch, do_request_certificate_batch
from layakanak.results.models import Certificate, CertificateBatch
from tests.e2e.conftest import browser_login
from tests.results.conftest import decide_directly
from tests.results.fixtures_certificates import OUTCOMES

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]
OUT = Path("/tmp/piagam/shots")

def test_shots(browser: Browser, quiet_live_server: Any, regions: None, settings: Any, tmp_path: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    call_command("load_instrument", "--shipped", verbosity=0)
    now = timezone.now()
    cycle = do_create_cycle("2026", name_id="Evaluasi KLA 2026", name_en="KLA evaluation 2026",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={"evaluasi_mandiri": (now - datetime.timedelta(days=60), now)}, actor="test")
    decide_directly(cycle, OUTCOMES)
    admin = do_create_user(email="admin@kemenpppa.example", full_name="Dewi Admin Pusat", actor="test",
        send_invitation=False, assignments=[AssignmentSpec(role="admin_pusat")])
    base = str(quiet_live_server.url)
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    browser_login(ctx, base, admin)
    page = ctx.new_page()
    page.goto(f"{base}/kelola/hasil/2026/"); page.screenshot(path=str(OUT / "1-before.png"), full_page=True)
    page.get_by_label("Nomor keputusan").fill("120 Tahun 2026")
    page.get_by_label("Tanggal keputusan").fill("2026-07-23")
    page.get_by_role("button", name="Periksa sebelum menerbitkan").click()
    page.screenshot(path=str(OUT / "2-confirm.png"), full_page=True)
    pub = do_publish_cycle(cycle, actor=admin, decree_number="120 Tahun 2026", decree_date=datetime.date(2026,7,23))
    batch = do_request_certificate_batch(pub, actor=admin)
    CertificateBatch.objects.filter(pk=batch.pk).update(status="running", done=3)
    page.goto(f"{base}/kelola/hasil/2026/#piagam"); page.screenshot(path=str(OUT / "3-running.png"), full_page=True)
    CertificateBatch.objects.filter(pk=batch.pk).update(status="queued", done=0)
    run_certificate_batch(batch.pk)
    page.goto(f"{base}/kelola/hasil/2026/"); page.screenshot(path=str(OUT / "4-done.png"), full_page=True)
    cert = Certificate.objects.get(region__code="64.71")
    page.goto(f"{base}/kelola/hasil/2026/piagam/{cert.code}/"); page.screenshot(path=str(OUT / "5-cert.png"), full_page=True)
    new = do_reissue_certificate(cert, actor=admin, reason="Cetakan rusak")
    anon = browser.new_context(viewport={"width": 360, "height": 800})
    p2 = anon.new_page()
    p2.goto(f"{base}/verifikasi/{new.code}/"); p2.screenshot(path=str(OUT / "6-valid-360.png"), full_page=True)
    p2.goto(f"{base}/verifikasi/{cert.code}/"); p2.screenshot(path=str(OUT / "7-replaced-360.png"), full_page=True)
    p2.goto(f"{base}/verifikasi/ABCDABCDABCD/"); p2.screenshot(path=str(OUT / "8-unknown-360.png"), full_page=True)
    p2.goto(f"{base}/verifikasi/"); p2.screenshot(path=str(OUT / "9-form-360.png"), full_page=True)
    wide = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    wide.goto(f"{base}/verifikasi/{new.code}/"); wide.screenshot(path=str(OUT / "10-valid.png"), full_page=True)
    m = browser.new_context(viewport={"width": 360, "height": 800}); browser_login(m, base, admin)
    mp = m.new_page(); mp.goto(f"{base}/kelola/hasil/2026/"); mp.screenshot(path=str(OUT / "11-staff-360.png"), full_page=True)
