"""`layakanak demo` on the test region set (DKI Jakarta, Kalimantan Timur, Kalimantan Utara):
published past cycles with plausible counts, the open cycle with regions in every stage, real
evidence files, every role able to log in and finding work on its home page, and a second run
that changes nothing."""

from __future__ import annotations

import io
from binascii import hexlify
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command, get_commands
from django.test import Client, override_settings
from django_otp.oath import TOTP

from layakanak.accounts.models import Role, User
from layakanak.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_KEY
from layakanak.demo.history import HISTORY, scaled_counts
from layakanak.evaluation.models import EvidenceFile, StageScore, Submission
from layakanak.evaluation.queries import live_score
from layakanak.lib import filetypes
from layakanak.results.models import Publication, RegionResult
from layakanak.verification.models import Decision, FieldVisit, QuestionCheck, Review
from layakanak.verification.queries import recompute

pytestmark = pytest.mark.django_db
LOADED_REGENCIES = 21  # DKI Jakarta 6, Kalimantan Timur 10, Kalimantan Utara 5


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--regions-loaded", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def log_in(client: Client, email: str, two_factor: bool) -> None:
    response = client.post("/masuk/", {"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{email} cannot log in"
    if two_factor:
        assert response["Location"].startswith("/masuk/verifikasi/")
        token = f"{TOTP(DEMO_TOTP_KEY).token():06d}"
        verified = client.post("/masuk/verifikasi/", {"token": token, "next": "/akun/"})
        assert verified.status_code == 302 and verified["Location"] == "/akun/", email
    assert client.get("/akun/").status_code == 200


def work_on_home_page(client: Client, workbench: str) -> int:
    """How many items wait on the account's home page (its workbench)."""
    response = client.get(workbench)
    assert response.status_code == 200, workbench
    context = response.context
    if workbench.startswith("/verifikasi-evaluasi/"):
        return sum(1 for entry in context["entries"] if entry["mine"])
    if workbench.startswith("/evaluasi/"):
        return sum(1 for s in context["submissions"] if s.cycle.slug == "2026")
    if workbench.startswith("/kelola/siklus/"):
        return sum(
            n for status, n in context["summary"]["by_status"].items() if status != "not_started"
        )
    if workbench.startswith("/kelola/layanan/"):
        inboxes = [
            client.get(f"/kelola/layanan/{r.code}/laporan/") for r in context["report_regions"]
        ]
        return sum(len(inbox.context["reports"]) for inbox in inboxes)
    raise AssertionError(workbench)


@override_settings(DEMO_MODE=False, DEBUG=False)
def test_the_demo_refuses_to_run_outside_demo_mode(regions: None) -> None:
    with pytest.raises(CommandError, match="LAYAKANAK_DEMO"):
        run_demo()
    assert not Submission.objects.exists()


@override_settings(DEMO_MODE=True)
def test_the_demo_builds_a_complete_and_plausible_demonstration(
    regions: None, settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    output = run_demo()
    assert "[ 1/" in output and "Demo ready" in output and "(CPU" in output

    # Past cycles: published with a decree, counts per predicate as the national ones scaled down.
    for spec in HISTORY:
        publication = Publication.objects.get(cycle_slug=spec.slug, superseded_at__isnull=True)
        assert publication.decree_number == spec.decree_number
        assert publication.decree_date == spec.decree_date
        expected = scaled_counts(spec, LOADED_REGENCIES)
        assert publication.participants == sum(expected.values())
        awarded = {band: n for band, n in publication.totals.items() if band in spec.counts}
        assert awarded == {band: n for band, n in expected.items() if band in spec.counts and n}
        assert 0.7 <= sum(awarded.values()) / publication.participants <= 0.95
        rows = RegionResult.objects.filter(publication=publication)
        assert rows.count() == publication.participants
        for row in rows:
            stages = {stage: Decimal(total) for stage, total in row.stage_scores.items()}
            assert stages["EM"] > stages["VA"] >= stages["PU"] >= stages["VL"] >= stages["VF"]
            assert stages["VF"] == row.score and row.indicator_scores and row.component_scores
        balikpapan = rows.get(region__code="64.71")
        assert balikpapan.predicate == ("nindya" if spec.slug == "2022" else "utama")
    if "load_national_history" in get_commands():  # the counts of the cycles before 2022
        assert Publication.objects.filter(cycle_slug="2019", aggregate_only=True).exists()

    # Stored scores are the engine's: the self-assessment from the stored answers, every stage
    # recomputable from its points and instrument version.
    for submission in Submission.objects.filter(cycle__slug="2023", region__code__startswith="64"):
        em = StageScore.objects.get(submission=submission, stage="EM")
        assert live_score(submission).total == em.total
        for score in StageScore.objects.filter(submission=submission):
            assert recompute(score) == (score.total, score.band_code)
    adjusted = QuestionCheck.objects.filter(submission__cycle__slug="2025").exclude(comment="")
    assert adjusted.exists()

    # The open cycle: regions in every stage.
    def review(code: str) -> Review:
        return Review.objects.get(submission__cycle__slug="2026", submission__region__code=code)

    statuses = dict(
        Submission.objects.filter(cycle__slug="2026").values_list("region__code", "status")
    )
    assert len(statuses) == LOADED_REGENCIES
    assert {"not_started", "in_progress", "submitted"} <= set(statuses.values())
    assert statuses["64.71"] == "in_progress" and statuses["31.71"] == "submitted"
    assert not Review.objects.filter(
        submission__cycle__slug="2026", submission__region__code="31.71"
    ).exists()
    assert (review("64.74").stage, review("64.74").state) == ("VA", "in_review")
    assert QuestionCheck.objects.filter(submission=review("64.74").submission).exists()
    assert review("31.73").state == "sent_back"
    assert review("31.74").stage == "PU"
    assert review("65.71").stage == "VL"
    assert FieldVisit.objects.get(submission=review("65.71").submission).loci.count() == 4
    assert review("65.01").stage == "VF"
    assert review("31.75").stage == "decision" and review("31.75").state == "in_review"
    assert review("64.72").state == "decided"
    other = Decision.objects.get(submission__cycle__slug="2026", submission__region__code="65.04")
    assert other.decided_band != other.proposed_band and other.reason

    # Evidence: real files in the evidence storage, accepted by the platform's content checks.
    submitted = Submission.objects.filter(cycle__slug="2026", status="submitted")
    files = EvidenceFile.objects.filter(submission__in=submitted)
    assert files.count() > 100 * submitted.count()
    for evidence in files.order_by("?")[:20]:
        with default_storage.open(evidence.file.name, "rb") as stored:
            content = stored.read()
        assert len(content) == evidence.size
        kind = next(k for k, ct in filetypes.KINDS.items() if ct == evidence.content_type)
        filetypes.check_file(io.BytesIO(content), len(content), [kind])
    # Kota Balikpapan's 2025 documents are there to be attached again in 2026.
    assert EvidenceFile.objects.filter(
        submission__cycle__slug="2025", submission__region__code="64.71"
    ).exists()

    # Every role has one account; each logs in (with the shared TOTP key where required) and
    # finds work on its home page.
    assert {account.role for account in DEMO_ACCOUNTS} == set(Role.values)
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(email=account.email)
        two_factor = user.totpdevice_set.filter(confirmed=True).exists()
        if two_factor:
            assert user.totpdevice_set.get().key == hexlify(DEMO_TOTP_KEY).decode()
        client = Client()
        log_in(client, account.email, two_factor)
        assert work_on_home_page(client, account.workbench) >= 1, account.key
    printed = output.split("Demo accounts (demo only")[1]
    assert DEMO_PASSWORD in printed and all(a.email in printed for a in DEMO_ACCOUNTS)

    # Idempotent: a second run changes nothing and says so.
    before = row_counts()
    again = run_demo()
    assert "Nothing changed" in again
    assert row_counts() == before
