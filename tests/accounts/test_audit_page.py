"""The audit page: filters and CSV export for the central admin; append-only everywhere."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib import admin

from layakanak.audit.actions import record_event
from layakanak.audit.models import AuditEvent
from tests.accounts.conftest import log_in

pytestmark = pytest.mark.django_db


def test_the_central_admin_filters_the_audit_trail(client, central_admin, balikpapan_operator):
    record_event(
        "submission.saved", actor=balikpapan_operator, object_type="submission", object_id="7"
    )
    record_event("formula.cell", actor="command:import", after={"x": "=1+1"})
    log_in(client, central_admin)
    page = client.get("/kelola/audit/", {"actor": "balikpapan", "action": "submission"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "submission.saved" in body and "account.created" not in body
    by_object = client.get("/kelola/audit/", {"object_type": "submission", "object_id": "8"})
    assert "submission.saved" not in by_object.content.decode()
    today = client.get("/kelola/audit/", {"date_from": "2000-01-01", "date_to": "2100-01-01"})
    assert "submission.saved" in today.content.decode()
    old = client.get("/kelola/audit/", {"date_to": "2000-01-01"})
    assert "submission.saved" not in old.content.decode()


def test_the_audit_page_speaks_indonesian_and_gives_the_time_zone(client, central_admin):
    record_event("submission.saved", actor="command:test", object_type="submission", object_id="7")
    log_in(client, central_admin)
    body = client.get("/kelola/audit/", {"action": "submission"}).content.decode()
    assert "<h2>1 kejadian</h2>" in body  # not "1 kabupaten/kota"
    assert "Unduh kejadian ini sebagai CSV" in body  # not "Unduh YAML"
    assert ">Tindakan</th>" in body and ">Tindakan:</label>" in body  # not "Berlaku"
    assert ">Waktu (WIB)</th>" in body
    english = client.get("/kelola/audit/", {"action": "submission", "lang": "en"}).content.decode()
    assert "<h2>1 event</h2>" in english and "Download these events as CSV" in english


def test_the_central_admin_exports_the_filtered_events_as_csv(client, central_admin):
    record_event("formula.cell", actor="command:import", after={"x": "=1+1"})
    record_event("=HYPERLINK(1)", actor="=cmd")
    log_in(client, central_admin)
    response = client.get("/kelola/audit/unduh.csv", {"actor": "cmd"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:5] == ["time_utc", "actor_email", "actor_label", "role", "action"]
    assert [row[4] for row in rows[1:]] == ["'=HYPERLINK(1)"]  # no formula reaches a spreadsheet
    assert rows[1][2] == "'=cmd"


def test_others_cannot_read_the_audit_trail(client, kaltim_verifier, central_verifier):
    assert client.get("/kelola/audit/")["Location"].startswith("/masuk/")
    log_in(client, kaltim_verifier)
    assert client.get("/kelola/audit/").status_code == 404
    assert client.get("/kelola/audit/unduh.csv").status_code == 404


def test_events_cannot_be_changed_or_deleted(central_admin):
    event = AuditEvent.objects.first()
    assert event is not None
    event.action = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="x")
    model_admin = admin.site._registry[AuditEvent]
    assert not model_admin.has_add_permission(None)
    assert not model_admin.has_change_permission(None)
    assert not model_admin.has_delete_permission(None)
