"""Field visits (issue 20, part 1): the kinds of sites are data (the shipped defaults, changed or
extended with `layakanak site_kinds`, audited), and a hybrid visit records its video call."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from layakanak.accounts.models import User
from layakanak.audit.models import AuditEvent
from layakanak.evaluation.models import Submission
from layakanak.verification.actions.field import do_add_locus, do_schedule_field_visit
from layakanak.verification.errors import VerificationRefused
from layakanak.verification.models import FieldVisit
from layakanak.verification.site_kinds import site_kinds
from tests.evaluation.conftest import logged_in
from tests.verification.helpers import through

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_field_visit(submitted: Submission, verifier_pusat: User) -> Submission:
    through(submitted, "PU", verifier_pusat)
    do_schedule_field_visit(
        submitted,
        visit_date=datetime.date(2026, 5, 20),
        mode="hybrid",
        team=[],
        actor=verifier_pusat,
    )
    return submitted


def test_the_kinds_seen_in_2025_are_offered(
    client: Client, at_field_visit: Submission, verifier_pusat: User
) -> None:
    codes = [kind.code for kind in site_kinds()]
    assert {"pisa", "forum_anak", "place_of_worship", "lpkra", "uptd_ppa", "puspaga"} <= set(codes)
    assert codes[-1] == "other"
    logged_in(client, verifier_pusat)
    page = client.get("/verifikasi-evaluasi/2026/64.71/lapangan/").content.decode()
    assert '<option value="pisa">Pusat Informasi Sahabat Anak (PISA)</option>' in page
    response = client.post(
        "/verifikasi-evaluasi/2026/64.71/lapangan/lokus/",
        {"kind": "forum_anak", "name": "Forum Anak Kota Balikpapan"},
    )
    assert response.status_code == 302
    page = client.get("/verifikasi-evaluasi/2026/64.71/lapangan/").content.decode()
    assert "<td>Forum Anak</td>" in page


def test_an_unknown_kind_is_refused_and_what_was_typed_stays(
    client: Client, at_field_visit: Submission, verifier_pusat: User
) -> None:
    with pytest.raises(VerificationRefused, match="kind of site"):
        do_add_locus(at_field_visit, kind="casino", name="X", actor=verifier_pusat)
    logged_in(client, verifier_pusat)
    response = client.post(
        "/verifikasi-evaluasi/2026/64.71/lapangan/lokus/",
        {"kind": "casino", "name": "Taman Kota"},
    )
    assert response.status_code == 400
    assert 'value="Taman Kota"' in response.content.decode()


def test_the_command_adds_changes_and_retires_kinds_with_an_audit_event(
    at_field_visit: Submission, verifier_pusat: User
) -> None:
    out = io.StringIO()
    call_command(
        "site_kinds",
        "--set",
        "kua",
        "--name-id",
        "Kantor Urusan Agama (KUA)",
        "--name-en",
        "Religious affairs office (KUA)",
        stdout=out,
    )
    assert "kua" in out.getvalue()
    do_add_locus(at_field_visit, kind="kua", name="KUA Balikpapan Kota", actor=verifier_pusat)
    call_command("site_kinds", "--set", "pisa", "--retire", stdout=io.StringIO())
    pisa = next(kind for kind in site_kinds() if kind.code == "pisa")
    assert not pisa.active and pisa.name_en == "Child-friendly information centre (PISA)"
    with pytest.raises(VerificationRefused):
        do_add_locus(at_field_visit, kind="pisa", name="PISA", actor=verifier_pusat)
    events = AuditEvent.objects.filter(action="verification.site_kind_set")
    assert sorted(e.object_id for e in events) == ["kua", "pisa"]
    with pytest.raises(CommandError, match="lower-case"):
        call_command("site_kinds", "--set", "Bad Code", "--name-id", "x", "--name-en", "y")


def test_a_hybrid_visit_records_its_video_call_and_a_site_visit_cannot(
    client: Client, at_field_visit: Submission, verifier_pusat: User
) -> None:
    logged_in(client, verifier_pusat)
    url = "/verifikasi-evaluasi/2026/64.71/lapangan/jadwal/"
    version = FieldVisit.objects.get(submission=at_field_visit).version
    response = client.post(
        url,
        {
            "visit_date": "2026-05-20",
            "mode": "physical",
            "video_call_date": "2026-05-18",
            "version": version,
        },
    )
    assert response.status_code == 400
    assert "Tanggal panggilan video hanya untuk kunjungan hibrida." in response.content.decode()
    response = client.post(
        url,
        {
            "visit_date": "2026-05-20",
            "mode": "hybrid",
            "video_call_date": "18/05",
            "version": version,
        },
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {
            "visit_date": "2026-05-20",
            "mode": "hybrid",
            "video_call_date": "2026-05-18",
            "version": version,
        },
    )
    assert response.status_code == 302
    visit = FieldVisit.objects.get(submission=at_field_visit)
    assert visit.video_call_date == datetime.date(2026, 5, 18)
    page = client.get("/verifikasi-evaluasi/2026/64.71/lapangan/").content.decode()
    assert "18 Mei 2026" in page
