"""The public report form, the tracking code, encryption at rest, spam protection, the inbox,
read logging, status changes, the retention purge and the aggregate export."""

from __future__ import annotations

import csv
import datetime
import io
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from layakanak.audit.models import AuditEvent
from layakanak.regions.models import Region
from layakanak.services import actions, throttle
from layakanak.services.models import Report, ReportStatus, ServiceContact
from tests.evaluation.conftest import logged_in
from tests.services.conftest import SECRET_CONTACT, SECRET_TEXT, report_form_data

pytestmark = pytest.mark.django_db


def test_a_visitor_sends_a_report_and_sees_the_tracking_code_once(client: Client, regions):
    response = client.post(reverse("services:report"), report_form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("services:report-sent")
    page = client.get(response["Location"])
    code = page.context["code"]
    assert code in page.content.decode()
    assert code not in response["Location"]
    again = client.get(reverse("services:report-sent"))
    assert again.status_code == 302  # shown once only
    report = Report.objects.get()
    assert report.region.code == "64.71" and report.anonymous
    assert report.tracking_hash != code and code not in report.tracking_hash


def test_the_tracking_code_shows_the_status_through_a_post_form(client: Client, balikpapan_report):
    report, code = balikpapan_report
    actions.do_change_report_status(
        report, ReportStatus.CONTACTED, "", actor="test", ip_address=None
    )
    response = client.post(reverse("services:report-status"), {"code": code.lower()})
    assert response.status_code == 200
    assert response.context["found"].pk == report.pk
    assert (
        "Contacted" in response.content.decode() or "Sudah dihubungi" in response.content.decode()
    )
    wrong = client.post(reverse("services:report-status"), {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert wrong.status_code == 404 and wrong.context["found"] is None


def test_the_database_does_not_hold_the_free_text_or_contact_in_clear(balikpapan_report):
    report, code = balikpapan_report
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM services_report WHERE id = %s", [report.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert SECRET_TEXT not in row
    assert "Paman" not in row
    assert "0812" not in row and "Sari" not in row
    assert code not in row


def test_the_uptd_ppa_e_mail_contains_no_personal_data(regions, django_capture_on_commit_callbacks):
    region = Region.objects.get(code="64.71")
    ServiceContact.objects.create(region=region, unit_name="UPTD PPA", email="uptd@example.go.id")
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_submit_report(actions.NewReport(region, "parent", SECRET_TEXT, SECRET_CONTACT))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["uptd@example.go.id"]
    assert "Paman" not in message.body and "0812" not in message.body
    assert "Sari" not in message.subject + message.body


def test_a_filled_honeypot_is_refused_and_nothing_is_stored(client: Client, regions):
    response = client.post(reverse("services:report"), report_form_data(website="http://spam"))
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_form_sent_faster_than_a_person_can_fill_it_is_refused(client: Client, regions):
    data = report_form_data(started=throttle.started_token(time.time()))
    assert client.post(reverse("services:report"), data).status_code == 400
    forged = report_form_data(started="12345")
    assert client.post(reverse("services:report"), forged).status_code == 400
    assert not Report.objects.exists()


def test_the_sixth_report_within_an_hour_from_one_address_is_throttled(client: Client, regions):
    for _ in range(5):
        assert client.post(reverse("services:report"), report_form_data()).status_code == 302
    response = client.post(reverse("services:report"), report_form_data())
    assert response.status_code == 429
    assert Report.objects.count() == 5
    assert "129" in response.content.decode()


def test_status_lookups_are_throttled_too(client: Client, regions):
    for _ in range(10):
        client.post(reverse("services:report-status"), {"code": "AAAA-BBBB-CCCC-DDDD"})
    response = client.post(reverse("services:report-status"), {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 429


def test_the_emergency_numbers_are_on_every_step(client: Client, balikpapan_report):
    pages = [
        client.get(reverse("services:report")),
        client.post(reverse("services:report"), report_form_data(consent="")),
        client.get(reverse("services:report-status")),
    ]
    client.post(reverse("services:report"), report_form_data())
    pages.append(client.get(reverse("services:report-sent")))
    for page in pages:
        html = page.content.decode()
        assert 'href="tel:129"' in html and 'href="tel:110"' in html and "08111-129-129" in html


def test_the_officer_of_the_region_reads_a_report_and_the_read_is_logged(
    client: Client, officer_balikpapan, balikpapan_report
):
    report, _code = balikpapan_report
    logged_in(client, officer_balikpapan)
    inbox = client.get(reverse("services:inbox", kwargs={"code": "64.71"}))
    assert inbox.status_code == 200
    assert SECRET_TEXT not in inbox.content.decode()  # the list shows no content
    detail = client.get(reverse("services:report-detail", kwargs={"public_id": report.public_id}))
    assert detail.status_code == 200
    assert SECRET_TEXT in detail.content.decode()
    event = AuditEvent.objects.get(action="services.report_read")
    assert event.actor_id == officer_balikpapan.pk
    assert event.object_id == str(report.public_id)
    assert detail["Cache-Control"].startswith("max-age=0")


def test_the_officer_changes_the_status_with_an_encrypted_note(
    client: Client, officer_balikpapan, balikpapan_report
):
    report, _code = balikpapan_report
    logged_in(client, officer_balikpapan)
    url = reverse("services:report-change-status", kwargs={"public_id": report.public_id})
    # The form carries the version of the report it showed (issue 18: no lost updates).
    data = {"status": "closed", "note": "Dirujuk dan selesai, nomor 17", "version": report.version}
    response = client.post(url, data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "closed" and report.closed_at is not None
    note = report.notes.get()
    assert "Dirujuk" not in note.note_encrypted
    event = AuditEvent.objects.get(action="services.report_status_changed")
    assert event.before == {"status": "received"}
    assert "Dirujuk" not in str(event.after)


@pytest.mark.parametrize("who", ["officer_samarinda", "operator_balikpapan", "central_admin"])
def test_everyone_but_the_regions_officer_gets_404_for_reports(
    client: Client, balikpapan_report, who, request
):
    report, _code = balikpapan_report
    logged_in(client, request.getfixturevalue(who))
    urls = [
        reverse("services:inbox", kwargs={"code": "64.71"}),
        reverse("services:report-detail", kwargs={"public_id": report.public_id}),
        reverse("services:appointments", kwargs={"code": "64.71"}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    change = reverse("services:report-change-status", kwargs={"public_id": report.public_id})
    assert client.post(change, {"status": "closed"}).status_code == 404
    report.refresh_from_db()
    assert report.status == "received"
    assert not AuditEvent.objects.filter(action="services.report_read").exists()


def test_anonymous_visitors_are_sent_to_the_login_page_from_the_inbox(
    client: Client, balikpapan_report
):
    report, _code = balikpapan_report
    for url in (
        reverse("services:inbox", kwargs={"code": "64.71"}),
        reverse("services:report-detail", kwargs={"public_id": report.public_id}),
        reverse("services:aggregates-csv", kwargs={"code": "64.71"}),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"], url


def test_the_purge_deletes_reports_closed_longer_than_the_retention_and_logs_only_counts(
    balikpapan_report, settings
):
    settings.SERVICES_RETENTION_DAYS = 30
    old, _code = balikpapan_report
    actions.do_change_report_status(old, "closed", "catatan", actor="test", ip_address=None)
    Report.objects.filter(pk=old.pk).update(closed_at=timezone.now() - datetime.timedelta(days=31))
    recent, _ = actions.do_submit_report(
        actions.NewReport(old.region, "child", "baru saja ditutup", "")
    )
    actions.do_change_report_status(recent, "closed", "", actor="test", ip_address=None)
    still_open, _ = actions.do_submit_report(actions.NewReport(old.region, "child", "", ""))
    Report.objects.filter(pk=still_open.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    out = io.StringIO()
    call_command("purge_service_reports", stdout=out)
    assert set(Report.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    event = AuditEvent.objects.get(action="services.purged")
    assert event.after["reports"] == 1 and event.after["retention_days"] == 30
    assert SECRET_TEXT not in str(event.after) and "Purged 1 report" in out.getvalue()


def test_the_aggregate_export_has_counts_and_no_personal_field(
    client: Client, officer_balikpapan, balikpapan_report
):
    report, code = balikpapan_report
    logged_in(client, officer_balikpapan)
    response = client.get(reverse("services:aggregates-csv", kwargs={"code": "64.71"}))
    assert response.status_code == 200
    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["month", "region_code", "region_name", "status", "count"]
    assert rows[0]["count"] == "1" and rows[0]["status"] == "received"
    for forbidden in (SECRET_TEXT, "Paman", "0812", "Sari", code, str(report.public_id)):
        assert forbidden not in text


def test_the_operator_of_the_region_may_download_the_aggregate_but_not_another_regions(
    client: Client, operator_balikpapan, balikpapan_report
):
    logged_in(client, operator_balikpapan)
    assert (
        client.get(reverse("services:aggregates-csv", kwargs={"code": "64.71"})).status_code == 200
    )
    assert (
        client.get(reverse("services:aggregates-csv", kwargs={"code": "64.72"})).status_code == 404
    )


def test_without_an_encryption_key_outside_demo_mode_a_report_is_refused_clearly(regions, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SERVICES_ENCRYPTION_KEY = ""
    settings.DEBUG = False
    settings.DEMO_MODE = False
    with pytest.raises(ImproperlyConfigured, match="SERVICES_ENCRYPTION_KEY"):
        actions.do_submit_report(
            actions.NewReport(Region.objects.get(code="64.71"), "child", "teks", "")
        )
    assert not Report.objects.exists()


def test_one_form_is_accepted_for_one_report_only(client: Client, regions):
    """A replayed form (the same signed token) is refused with a message; nothing is stored."""
    data = report_form_data()
    assert client.post(reverse("services:report"), data).status_code == 302
    again = client.post(reverse("services:report"), data)
    assert again.status_code == 409
    assert "sudah dikirim" in again.content.decode()
    assert Report.objects.count() == 1
    # A report refused for another reason leaves the token usable: the person fixes and resends.
    fresh = report_form_data()
    without_consent = {key: value for key, value in fresh.items() if key != "consent"}
    assert client.post(reverse("services:report"), without_consent).status_code == 400
    assert client.post(reverse("services:report"), fresh).status_code == 302
    assert Report.objects.count() == 2
