"""Bulk creation from CSV: a dry run lists the errors of every row; a bad file creates nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from layakanak.accounts.bulk import plan_bulk_creation
from layakanak.accounts.models import User
from layakanak.audit.models import AuditEvent
from tests.accounts.conftest import log_in

pytestmark = pytest.mark.django_db

HEADER = "email,full_name,role,region_code,opd_name,indicator_numbers\n"
GOOD = (
    HEADER
    + "operator@balikpapan.go.id,Operator Balikpapan,operator_daerah,64.71,,\n"
    + "operator@samarindakota.go.id,Operator Samarinda,operator_daerah,64.72,,\n"
    + "dinkes@balikpapan.go.id,Dinas Kesehatan,kontributor_opd,64.71,Dinas Kesehatan,\n"
    + "tim@kemenpppa.go.id,Tim Lapangan,tim_lapangan,64.71;64.72,,\n"
    + "kl@kemkes.go.id,Kemenkes,verifikator_kl,,Kementerian Kesehatan,12;13;14\n"
)
BAD = (
    HEADER
    + "operator@balikpapan.go.id,Operator Balikpapan,operator_daerah,64.71,,\n"  # line 2: fine
    + "pemilik,Bukan Email,operator_daerah,64.72,,\n"  # 3: bad e-mail
    + "x@contoh.go.id,Peran Aneh,bupati,64.71,,\n"  # 4: unknown role
    + "y@contoh.go.id,Wilayah Aneh,operator_daerah,99.99,,\n"  # 5: unknown region
    + "z@contoh.go.id,Provinsi,operator_daerah,64,,\n"  # 6: level does not fit
    + "operator@balikpapan.go.id,Dua Kali,petugas_layanan,64.71,,\n"  # 7: duplicate in file
    + "admin.pusat@kemenpppa.go.id,Sudah Ada,operator_daerah,64.71,,\n"  # 8: existing account
)


def upload(client, text: str, *, dry_run: bool):
    data = {"file": SimpleUploadedFile("akun.csv", text.encode("utf-8"), "text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/kelola/akun/impor/", data)


def test_a_dry_run_lists_every_bad_row_and_creates_nothing(client, central_admin):
    log_in(client, central_admin)
    response = upload(client, BAD, dry_run=True)
    assert response.status_code == 400
    body = response.content.decode()
    assert "6 baris mengandung kesalahan" in body
    assert "“pemilik” bukan alamat e-mail yang sah." in body
    assert "Peran “bupati” tidak dikenal." in body
    assert "Kode wilayah “99.99” tidak dikenal." in body
    assert "bukan Kabupaten/kota" in body
    assert "muncul dua kali" in body
    assert "sudah ada" in body
    assert User.objects.count() == 1  # only the admin


def test_a_real_run_with_bad_rows_also_creates_nothing(client, central_admin, mailoutbox):
    log_in(client, central_admin)
    assert upload(client, BAD, dry_run=False).status_code == 400
    assert User.objects.count() == 1 and mailoutbox == []
    assert not AuditEvent.objects.filter(action="account.created", actor=central_admin).exists()


def test_the_rows_and_their_errors_are_reported_per_line(regions):
    plan = plan_bulk_creation(BAD)
    assert [(row.line, bool(row.errors)) for row in plan.rows] == [
        (2, False), (3, True), (4, True), (5, True), (6, True), (7, True), (8, False)
    ]  # fmt: skip
    missing = plan_bulk_creation("email,name\nx@y.id,X\n")
    assert missing.errors and not missing.ok


def test_a_good_file_is_checked_then_creates_every_account_and_invites_them(
    client, central_admin, mailoutbox, django_capture_on_commit_callbacks
):
    log_in(client, central_admin)
    dry = upload(client, GOOD, dry_run=True)
    assert dry.status_code == 200 and User.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, GOOD, dry_run=False)
    assert response.status_code == 302
    assert User.objects.count() == 6
    team = User.objects.get(email="tim@kemenpppa.go.id").role_assignments.get()
    assert sorted(r.code for r in team.assigned_regions.all()) == ["64.71", "64.72"]
    kl = User.objects.get(email="kl@kemkes.go.id").role_assignments.get()
    assert kl.indicator_numbers == ["12", "13", "14"] and kl.opd_name == "Kementerian Kesehatan"
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        line.split(",")[0] for line in GOOD.splitlines()[1:]
    )
    assert AuditEvent.objects.filter(action="account.created", actor=central_admin).count() == 5
    assert AuditEvent.objects.filter(action="account.bulk_created").count() == 1


def test_only_the_central_admin_may_upload(client, kaltim_verifier):
    log_in(client, kaltim_verifier)
    assert upload(client, GOOD, dry_run=False).status_code == 404
    assert User.objects.count() == 1
