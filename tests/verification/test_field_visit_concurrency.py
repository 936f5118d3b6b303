"""Two members of the field team save the field visit at once (issue 18, item 5): both load the
field page, both save; the second save is refused with 409, names who saved first, keeps what
the second member typed, and the first member's notes or schedule are not lost."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from layakanak.accounts.models import User
from layakanak.accounts.roles import AssignmentSpec
from layakanak.evaluation.errors import EditConflict
from layakanak.evaluation.models import Submission
from layakanak.lib import limits
from layakanak.regions.models import Region
from layakanak.verification.actions.field import (
    do_add_locus,
    do_save_forum_anak_notes,
    do_schedule_field_visit,
)
from layakanak.verification.errors import VerificationRefused
from layakanak.verification.models import FieldVisit, Locus
from tests.evaluation.conftest import logged_in, make_user
from tests.verification.helpers import through

pytestmark = pytest.mark.django_db


def field_team_member(email: str, name: str) -> User:
    balikpapan = Region.objects.get(code="64.71")
    return make_user(
        email, name, AssignmentSpec(role="tim_lapangan", assigned_regions=(balikpapan,))
    )


@pytest.fixture
def at_field_visit(submitted: Submission, verifier_pusat: User) -> Submission:
    """Balikpapan in the field verification, its visit scheduled (version 1)."""
    through(submitted, "PU", verifier_pusat)
    do_schedule_field_visit(
        submitted,
        visit_date=datetime.date(2026, 5, 20),
        mode="hybrid",
        team=[],
        actor=verifier_pusat,
    )
    return submitted


@pytest.fixture
def hadi(regions: None) -> User:
    return field_team_member("hadi@lapangan.example", "Hadi Tim Lapangan")


@pytest.fixture
def rina(regions: None) -> User:
    return field_team_member("rina@lapangan.example", "Rina Tim Lapangan")


def urls(submission: Submission) -> dict[str, str]:
    args = [submission.cycle.slug, submission.region.code]
    return {
        name: reverse(f"verification:{name}", args=args)
        for name in ("field", "field-forum-anak", "field-schedule", "field-locus")
    }


def shown_version(html: str) -> str:
    versions = set(re.findall(r'name="version" value="(\d+)"', html))
    assert len(versions) == 1, versions  # every form of the page carries the same version
    return versions.pop()


def test_the_second_save_of_the_forum_anak_notes_is_refused_and_loses_nothing(
    at_field_visit: Submission, hadi: User, rina: User
) -> None:
    url = urls(at_field_visit)
    first, second = logged_in(Client(), hadi), logged_in(Client(), rina)
    first_version = shown_version(first.get(url["field"]).content.decode())
    second_version = shown_version(second.get(url["field"]).content.decode())
    assert first_version == second_version == "1"
    saved = first.post(
        url["field-forum-anak"],
        {"notes": "Forum Anak aktif dalam Musrenbang kelurahan.", "version": first_version},
    )
    assert saved.status_code == 302
    refused = second.post(
        url["field-forum-anak"],
        {"notes": "Anak-anak mengusulkan taman bermain.", "version": second_version},
    )
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Hadi Tim Lapangan" in page
    assert "Anak-anak mengusulkan taman bermain." in page  # what Rina typed is kept
    visit = FieldVisit.objects.get(submission=at_field_visit)
    assert visit.forum_anak_notes == "Forum Anak aktif dalam Musrenbang kelurahan."
    assert visit.version == 2 and visit.updated_by == hadi
    # Rina, told, saves again from that page: it carries the current version.
    again = second.post(
        url["field-forum-anak"],
        {"notes": "Anak-anak mengusulkan taman bermain.", "version": shown_version(page)},
    )
    assert again.status_code == 302
    visit.refresh_from_db()
    assert visit.forum_anak_notes == "Anak-anak mengusulkan taman bermain." and visit.version == 3


def test_the_second_change_of_the_schedule_is_refused(
    at_field_visit: Submission, hadi: User, rina: User
) -> None:
    url = urls(at_field_visit)
    first, second = logged_in(Client(), hadi), logged_in(Client(), rina)
    version = shown_version(first.get(url["field"]).content.decode())
    assert shown_version(second.get(url["field"]).content.decode()) == version
    moved = {"visit_date": "2026-05-27", "mode": "physical", "version": version}
    assert first.post(url["field-schedule"], moved).status_code == 302
    stale = {"visit_date": "2026-06-03", "mode": "hybrid", "version": version}
    refused = second.post(url["field-schedule"], stale)
    assert refused.status_code == 409 and "Hadi Tim Lapangan" in refused.content.decode()
    assert 'value="2026-06-03"' in refused.content.decode()
    visit = FieldVisit.objects.get(submission=at_field_visit)
    assert (visit.visit_date, visit.mode) == (datetime.date(2026, 5, 27), "physical")


def test_a_save_without_a_version_cannot_replace_the_notes(
    at_field_visit: Submission, hadi: User
) -> None:
    do_save_forum_anak_notes(at_field_visit, "Catatan pertama", actor=hadi, expected_version=1)
    with pytest.raises(EditConflict) as refused:
        do_save_forum_anak_notes(at_field_visit, "Catatan lain", actor=hadi, expected_version=0)
    assert refused.value.changed_by == "Hadi Tim Lapangan" and refused.value.current_version == 2
    response = logged_in(Client(), hadi).post(
        urls(at_field_visit)["field-forum-anak"], {"notes": "Tanpa versi"}
    )
    assert response.status_code == 409
    assert FieldVisit.objects.get().forum_anak_notes == "Catatan pertama"


def test_field_notes_and_sites_have_limits(at_field_visit: Submission, hadi: User) -> None:
    with pytest.raises(VerificationRefused, match=r"too long|terlalu panjang"):
        do_save_forum_anak_notes(at_field_visit, "x" * (1024 * 1024), actor=hadi)
    for texts in (
        {"name": "n" * (limits.NAME + 1)},
        {"name": "SDN 001", "address": "a" * (limits.ADDRESS + 1)},
        {"name": "SDN 001", "notes": "n" * (limits.NOTES + 1)},
    ):
        with pytest.raises(VerificationRefused, match=r"too long|terlalu panjang"):
            do_add_locus(at_field_visit, kind="school", actor=hadi, **texts)
    assert not Locus.objects.exists() and FieldVisit.objects.get().forum_anak_notes == ""
    page = logged_in(Client(), hadi).get(urls(at_field_visit)["field"]).content.decode()
    assert f'maxlength="{limits.NOTES}"' in page and f'maxlength="{limits.NAME}"' in page
    # A refused site keeps what was typed.
    refused = logged_in(Client(), hadi).post(
        urls(at_field_visit)["field-locus"],
        {"kind": "school", "name": "SDN 001 Balikpapan", "address": "a" * (limits.ADDRESS + 1)},
    )
    assert refused.status_code == 400 and "SDN 001 Balikpapan" in refused.content.decode()
