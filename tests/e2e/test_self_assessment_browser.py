"""The operator's journey in a real browser: log in, answer, lose the connection and resume,
see the score move, and find what is missing before submitting."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from layakanak.accounts.actions import do_create_user
from layakanak.accounts.roles import AssignmentSpec
from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
from layakanak.evaluation.models import Answer
from layakanak.instruments.models import InstrumentVersion
from layakanak.regions.models import Region
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

EMAIL = "operator@balikpapan.example"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def site(quiet_live_server: Any, regions: None) -> str:
    call_command("load_instrument", "--shipped", verbosity=0)
    now = timezone.now()
    day = datetime.timedelta(days=1)
    cycle = do_create_cycle(
        "2026",
        name_id="Evaluasi KLA 2026",
        name_en="KLA evaluation 2026",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={"evaluasi_mandiri": (now - day, now + 14 * day)},
        actor="test",
    )
    do_add_participants(cycle, Region.objects.filter(code="64.71"), actor="test")
    do_create_user(
        email=EMAIL,
        full_name="Ayu Operator Balikpapan",
        password=PASSWORD,
        actor="test",
        send_invitation=False,
        assignments=[
            AssignmentSpec(role="operator_daerah", region=Region.objects.get(code="64.71"))
        ],
    )
    return str(quiet_live_server.url)


def _log_in(page: Page, site: str) -> None:
    page.goto(f"{site}/masuk/?next=/evaluasi/2026/64.71/")
    page.get_by_label("Alamat e-mail").fill(EMAIL)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kota Balikpapan")


# The answer of the first save (sent when the first field loses focus) reaches the page 1.5 s
# late, after the second field was filled: a slow network reordering two saves. Once the page
# has handled that late answer (its handler runs in the microtasks after the body is read,
# before the timer queued here), `window.lateSaveHandled` is set, so the test waits for a
# condition, not for a fixed time.
SLOW_FIRST_SAVE = """
(() => {
  const real = window.fetch;
  let saves = 0;
  window.lateSaveHandled = false;
  window.saveLog = [];
  window.fetch = function (url, options) {
    const answer = real.apply(this, arguments);
    const save = options && options.method === "POST" && String(url).includes("/jawaban/");
    if (save) { window.saveLog.push("post " + options.body); }
    if (save && saves++ === 0) {
      const late = (response) => new Promise((done) => setTimeout(() => {
        window.saveLog.push("late reply " + response.status);
        const json = response.json.bind(response);
        response.json = () => json().then((body) => {
          setTimeout(() => { window.lateSaveHandled = true; }, 0);
          return body;
        });
        done(response);
      }, 1500));
      return answer.then(late, (error) => {
        window.saveLog.push("failed " + error);
        throw error;
      });
    }
    return answer;
  };
})();
"""


def test_a_late_answer_to_an_earlier_save_never_overwrites_a_later_change(
    page: Page, site: str
) -> None:
    page.add_init_script(SLOW_FIRST_SAVE)
    _log_in(page, site)
    page.get_by_role("link", name="4 Persentase anak yang memiliki kutipan akta kelahiran").click()
    question = page.locator("#q-4\\.1")
    question.get_by_label("Jumlah anak usia 0–17 tahun yang memiliki kutipan").fill("9600")
    denominator = question.get_by_label("Jumlah anak usia 0–17 tahun dalam database")
    denominator.fill("10000")  # the numerator loses focus: a save with the numerator only
    denominator.blur()  # a second save, while the first one's answer is still on its way
    try:
        page.wait_for_function("() => window.lateSaveHandled === true")
    except PlaywrightError:
        raise AssertionError(f"saves seen: {page.evaluate('() => window.saveLog')}") from None
    expect(question.locator("[data-save-state]")).to_contain_text("Tersimpan")
    expect(question.locator("[data-points]")).to_have_text("25,00")
    answer = Answer.objects.get(question__code="4.1")
    assert answer.value == ["9600", "10000"]


def test_what_is_typed_before_the_autosave_script_runs_is_saved_when_it_does(
    page: Page, site: str
) -> None:
    """On a slow network the page can be filled in before its scripts have run."""
    page.route("**/static/js/autosave*.js", lambda route: route.abort())
    _log_in(page, site)
    page.get_by_role("link", name="4 Persentase anak yang memiliki kutipan akta kelahiran").click()
    question = page.locator("#q-4\\.1")
    question.get_by_label("Jumlah anak usia 0–17 tahun yang memiliki kutipan").fill("9600")
    denominator = question.get_by_label("Jumlah anak usia 0–17 tahun dalam database")
    denominator.fill("10000")
    denominator.blur()
    assert not Answer.objects.filter(question__code="4.1").exists()
    script = page.locator("script[src*='autosave']").get_attribute("src")
    page.unroute("**/static/js/autosave*.js")
    page.add_script_tag(url=script)
    expect(question.locator("[data-save-state]")).to_contain_text("Tersimpan")
    expect(question.locator("[data-points]")).to_have_text("25,00")
    assert Answer.objects.get(question__code="4.1").value == ["9600", "10000"]


def test_operator_answers_goes_offline_and_nothing_is_lost(
    page: Page, context: BrowserContext, site: str
) -> None:
    _log_in(page, site)
    assert axe_violations(page) == []
    page.get_by_role("link", name="4 Persentase anak yang memiliki kutipan akta kelahiran").click()
    question = page.locator("#q-4\\.1")
    question.get_by_label("Jumlah anak usia 0–17 tahun yang memiliki kutipan").fill("9600")
    question.get_by_label("Jumlah anak usia 0–17 tahun dalam database").fill("10000")
    question.get_by_label("Jumlah anak usia 0–17 tahun dalam database").blur()
    expect(question.locator("[data-save-state]")).to_contain_text("Tersimpan")
    expect(question.locator("[data-points]")).to_have_text("25,00")
    expect(page.locator("[data-live-total]").first).to_have_text("25,00")
    assert axe_violations(page) == []

    # The connection drops: the next answer is kept in the browser, even across a reload.
    context.set_offline(True)
    q42 = page.locator("#q-4\\.2")
    q42.locator("input[type=radio]").first.check()
    expect(q42.locator("[data-save-state]")).to_contain_text("Disimpan di perangkat ini")
    expect(page.locator("[data-offline-banner]")).to_be_visible()
    context.set_offline(False)
    expect(q42.locator("[data-save-state]")).to_contain_text("Tersimpan", timeout=20000)
    expect(page.locator("[data-offline-banner]")).to_be_hidden()
    assert Answer.objects.filter(submission__region__code="64.71", question__code="4.2").exists()

    # A save that cannot reach the server stays in the browser across a reload and is sent then.
    page.route("**/jawaban/**", lambda route: route.abort())
    q43 = page.locator("#q-4\\.3")
    q43.locator("input[type=checkbox]").first.check()
    expect(q43.locator("[data-save-state]")).to_contain_text("Disimpan di perangkat ini")
    drafts = page.evaluate("Object.keys(localStorage).filter(k => k.endsWith(':4.3'))")
    assert len(drafts) == 1
    page.unroute("**/jawaban/**")
    page.reload()
    expect(page.locator("#q-4\\.3 [data-save-state]")).to_contain_text("Tersimpan", timeout=20000)
    assert Answer.objects.filter(submission__region__code="64.71", question__code="4.3").exists()


def _pdf(path: Any) -> Any:
    from weasyprint import HTML

    HTML(string="<h1>SK Gugus Tugas KLA</h1><p>Kota Balikpapan</p>").write_pdf(path)
    return path


def test_operator_uploads_evidence_and_sees_it_listed(page: Page, site: str, tmp_path: Any) -> None:
    _log_in(page, site)
    page.goto(f"{site}/evaluasi/2026/64.71/indikator/4/")
    slot = page.locator("#q-4\\.2 [data-evidence-slot]").first
    slot.locator("input[type=file]").set_input_files(str(_pdf(tmp_path / "perwal-akta.pdf")))
    expect(slot.locator("[data-evidence-files]")).to_contain_text("perwal-akta.pdf", timeout=20000)
    from layakanak.evaluation.models import EvidenceFile

    evidence = EvidenceFile.objects.get(submission__region__code="64.71")
    assert evidence.original_name == "perwal-akta.pdf"
    assert evidence.content_type == "application/pdf"
    assert len(evidence.sha256) == 64

    # An executable renamed to .pdf is refused with a clear message, and nothing is stored.
    fake = tmp_path / "surat.pdf"
    fake.write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 200)
    slot.locator("input[type=file]").set_input_files(str(fake))
    # Wait for the refusal itself: "uploading…" appears first, and ending the test while a
    # request is still in flight leaves the live server holding the database.
    expect(slot.locator("[data-evidence-status]")).to_have_class(
        re.compile("evidence-error"), timeout=20000
    )
    assert EvidenceFile.objects.filter(submission__region__code="64.71").count() == 1


def test_the_submit_page_shows_what_is_missing(page: Page, site: str) -> None:
    _log_in(page, site)
    page.get_by_role("link", name="Periksa kelengkapan dan kirim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirim evaluasi mandiri")
    expect(page.locator(".missing-list li").first).to_contain_text("Jawaban belum diisi")
    assert axe_violations(page) == []


def _counter(page: Page) -> tuple[int, int]:
    found = re.fullmatch(r"\[(\d+)/(\d+)\]", page.locator("[data-live-ready]").inner_text())
    assert found, "the page shows no readiness counter"
    return int(found[1]), int(found[2])


def test_the_readiness_counter_moves_with_each_answer_and_the_submit_page_says_why(
    page: Page, site: str
) -> None:
    """One count of what submitting needs (answers and required documents) everywhere; an
    answer that reveals conditional questions grows it at once (issue 19)."""
    _log_in(page, site)
    done, total = _counter(page)
    assert done == 0 and total > 0
    page.get_by_role("link", name=re.compile(r"^1 Peraturan daerah")).click()
    page.locator("#q-1\\.1").get_by_label("Peraturan Daerah (Perda) tentang KLA").check()
    expect(page.locator("#q-1\\.2")).to_be_visible()  # shown by the answer
    expect(page.locator("[data-live-ready]")).not_to_have_text(f"[0/{total}]")
    after = _counter(page)
    assert after[0] == 1 and after[1] > total  # 1.2, 1.3 and 1.7 now count, with documents
    page.reload()
    assert _counter(page) == after  # the page read again says what the save said
    page.get_by_role("link", name="Ringkasan").click()
    assert _counter(page) == after

    page.get_by_role("link", name="Periksa kelengkapan dan kirim").click()
    expect(
        page.get_by_role("heading", name="Mengapa evaluasi mandiri belum dapat dikirim")
    ).to_be_visible()
    assert _counter(page) == after
    page.get_by_role("link", name="perangkat daerah (OPD)").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Bappeda"))).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").first.click()
    assert download_info.value.suggested_filename == "kekurangan-2026-64.71.csv"


def test_excel_round_trip_in_the_browser(page: Page, site: str, tmp_path: Any) -> None:
    from openpyxl import load_workbook

    from tests.evaluation.test_workbook import fill

    _log_in(page, site)
    page.get_by_role("link", name="Unggah buku kerja yang sudah diisi").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh buku kerja Excel").click()
    path = tmp_path / "isian.xlsx"
    download_info.value.save_as(path)
    book = load_workbook(path)
    fill(book, "1.1", "a")
    fill(book, "4.1", 45, 50)
    book.save(path)
    page.locator("#workbook-file").set_input_files(str(path))
    page.get_by_role("button", name="Periksa lembar kerja").click()
    apply_button = page.locator("form button[type=submit]").filter(has_text="2")
    expect(apply_button).to_be_visible()
    assert not Answer.objects.filter(submission__region__code="64.71").exists(), "dry run"
    apply_button.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kota Balikpapan")
    saved = dict(
        Answer.objects.filter(submission__region__code="64.71").values_list(
            "question__code", "value"
        )
    )
    assert saved == {"1.1": "a", "4.1": ["45", "50"]}


def test_a_complete_self_assessment_is_submitted_in_the_browser(page: Page, site: str) -> None:
    from layakanak.accounts.models import User
    from layakanak.evaluation.models import StageScore, Submission
    from tests.evaluation.test_workspace_views import _complete

    submission = Submission.objects.get(cycle__slug="2026", region__code="64.71")
    _complete(submission, User.objects.get(email=EMAIL))
    _log_in(page, site)
    page.get_by_role("link", name="Periksa kelengkapan dan kirim").click()
    expect(page.locator(".notice-ok")).to_be_visible()
    page.locator("input[name=confirm]").check()
    page.locator("form.confirm-form button[type=submit]").click()
    expect(page.locator(".tag-status-submitted").first).to_be_visible()
    assert StageScore.objects.filter(submission=submission, stage="EM").exists()
