"""Every text of the child services has a limit, checked by the action whatever sent it, with a
message that says how long the text is and may be, and shown in the forms (issue 18, item 6)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from layakanak.lib import limits
from layakanak.regions.models import Region
from layakanak.services import actions
from layakanak.services.models import AppointmentRequest, ForumActivity, Report
from tests.evaluation.conftest import logged_in
from tests.services.test_concurrent_edits import a_forum
from tests.services.test_registries import a_service

pytestmark = pytest.mark.django_db

MEGABYTE = "x" * (1024 * 1024)


def test_a_megabyte_report_is_refused_with_its_length(regions: None) -> None:
    with pytest.raises(actions.ServiceRefused) as refused:
        actions.do_submit_report(
            actions.NewReport(
                region=Region.objects.get(code="64.71"), reporter_kind="child", text=MEGABYTE
            )
        )
    with translation.override("en"):
        assert str(refused.value) == (
            "The report is too long (1048576 characters); at most 4000 characters are allowed."
        )
    with translation.override("id"):
        assert "terlalu panjang" in str(refused.value)
    assert not Report.objects.exists()


def test_appointment_texts_and_case_notes_are_limited(regions: None, balikpapan_report) -> None:
    service = a_service()
    for field, limit in (
        ("contact", limits.CONTACT),
        ("message", limits.APPOINTMENT_MESSAGE),
        ("preferred_time", limits.PREFERRED_TIME),
    ):
        texts = {"contact": "0812", "message": "", "preferred_time": "", field: "a" * (limit + 1)}
        with pytest.raises(actions.ServiceRefused, match=r"too long|terlalu panjang"):
            actions.do_request_appointment(service, **texts)
    assert not AppointmentRequest.objects.exists()
    report, _code = balikpapan_report
    with pytest.raises(actions.ServiceRefused):
        actions.do_change_report_status(
            report, "contacted", "n" * (limits.CASE_NOTE + 1), actor="test", ip_address=None
        )
    report.refresh_from_db()
    assert report.status == "received"


def test_registry_texts_are_checked_against_the_columns_they_go_to(regions: None) -> None:
    """A CharField's max_length is the limit: on PostgreSQL a longer value would be a 500."""
    with pytest.raises(actions.ServiceRefused, match=r"(?i)name"):
        actions.do_save_service(
            None,
            Region.objects.get(code="64.71"),
            {"kind": "puspaga", "name": "n" * 201},
            actor="test",
        )
    forum = a_forum()
    with pytest.raises(actions.ServiceRefused):
        actions.do_add_forum_activity(
            forum,
            {"kind": "activity", "held_on": "2026-03-01", "title": "Rapat", "outcome": MEGABYTE},
            actor="test",
        )
    assert not ForumActivity.objects.exists()


def test_the_forms_show_the_limits(client: Client, regions: None, officer_balikpapan) -> None:
    report_page = client.get(reverse("services:report")).content.decode()
    assert f'maxlength="{limits.REPORT_TEXT}"' in report_page
    logged_in(client, officer_balikpapan)
    forum = a_forum()
    page = client.get(reverse("services:forum-edit", kwargs={"pk": forum.pk})).content.decode()
    assert f'maxlength="{limits.OUTCOME}"' in page and 'maxlength="200"' in page
    response = client.post(
        reverse("services:forum-activity", kwargs={"pk": forum.pk}),
        {"kind": "activity", "held_on": "2026-03-01", "title": "Rapat", "outcome": MEGABYTE},
    )
    assert response.status_code == 302 and not ForumActivity.objects.exists()
