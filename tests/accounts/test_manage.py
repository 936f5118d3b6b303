"""Account management at /kelola/akun/: only the central admin, every change audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from layakanak.accounts.models import RoleAssignment, User
from layakanak.audit.models import AuditEvent
from tests.accounts.conftest import add_device, log_in

pytestmark = pytest.mark.django_db


def test_the_central_admin_lists_and_filters_accounts(
    client, central_admin, balikpapan_operator, samarinda_operator, kaltim_verifier
):
    log_in(client, central_admin)
    everyone = client.get("/kelola/akun/")
    assert everyone.status_code == 200
    assert "operator@samarindakota.go.id" in everyone.content.decode()
    operators = client.get("/kelola/akun/", {"role": "operator_daerah", "region": "64.71"})
    body = operators.content.decode()
    assert "operator@balikpapan.go.id" in body and "samarindakota" not in body
    in_kaltim = client.get("/kelola/akun/", {"region": "64"}).content.decode()
    assert "verifikator@kaltimprov.go.id" in in_kaltim and "samarindakota" in in_kaltim
    searched = client.get("/kelola/akun/", {"q": "kaltimprov"}).content.decode()
    assert "verifikator@kaltimprov.go.id" in searched and "balikpapan.go.id" not in searched


def test_the_account_list_runs_a_fixed_number_of_queries(
    client, central_admin, balikpapan_operator, samarinda_operator, django_assert_max_num_queries
):
    log_in(client, central_admin)
    with django_assert_max_num_queries(12):
        assert client.get("/kelola/akun/").status_code == 200


def test_anyone_else_gets_not_found_and_a_visitor_the_login_page(
    client, kaltim_verifier, balikpapan_operator
):
    assert client.get("/kelola/akun/")["Location"].startswith("/masuk/?next=")
    log_in(client, kaltim_verifier)
    assert client.get("/kelola/akun/").status_code == 404
    assert client.get(f"/kelola/akun/{balikpapan_operator.pk}/").status_code == 404
    response = client.post(f"/kelola/akun/{balikpapan_operator.pk}/nonaktifkan/")
    assert response.status_code == 404
    balikpapan_operator.refresh_from_db()
    assert balikpapan_operator.is_active


def test_the_central_admin_creates_an_operator_who_gets_an_invitation(
    client, central_admin, mailoutbox, django_capture_on_commit_callbacks
):
    log_in(client, central_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/kelola/akun/baru/",
            {
                "email": "Operator@PPU.go.id",
                "full_name": "Operator Penajam Paser Utara",
                "role": "operator_daerah",
                "region_codes": "64.09",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="operator@ppu.go.id")
    assert not user.has_usable_password()
    assert list(user.role_assignments.values_list("role", "region__code")) == [
        ("operator_daerah", "64.09")
    ]
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["operator@ppu.go.id"]
    assert "/masuk/sandi/" in mailoutbox[0].body
    event = AuditEvent.objects.get(action="account.created", actor=central_admin)
    assert event.actor == central_admin and event.role == "admin_pusat"
    assert event.after["roles"][0]["region"] == "64.09"
    assert event.ip_address == "127.0.0.1"


def test_a_role_whose_region_level_does_not_fit_is_refused(client, central_admin):
    log_in(client, central_admin)
    response = client.post(
        "/kelola/akun/baru/",
        {
            "email": "operator@kaltimprov.go.id",
            "full_name": "Salah Tingkat",
            "role": "operator_daerah",
            "region_codes": "64",
        },
    )
    assert response.status_code == 200
    assert "bukan Kabupaten/kota" in response.content.decode()
    assert not User.objects.filter(email="operator@kaltimprov.go.id").exists()


def test_the_central_admin_assigns_and_revokes_a_role(client, central_admin, balikpapan_operator):
    log_in(client, central_admin)
    url = f"/kelola/akun/{balikpapan_operator.pk}/peran/"
    bad = client.post(url, {"role": "kontributor_opd", "region_codes": "64.71"})
    assert bad.status_code == 400  # an OPD contributor needs the name of the office
    good = client.post(
        url, {"role": "kontributor_opd", "region_codes": "64.71", "opd_name": "Bappeda"}
    )
    assert good.status_code == 302
    assignment = RoleAssignment.objects.get(user=balikpapan_operator, role="kontributor_opd")
    assert AuditEvent.objects.filter(action="role.assigned", object_id=str(assignment.pk)).exists()
    revoke = client.post(f"/kelola/akun/{balikpapan_operator.pk}/peran/{assignment.pk}/cabut/")
    assert revoke.status_code == 302
    assignment.refresh_from_db()
    assert not assignment.active
    event = AuditEvent.objects.get(action="role.revoked")
    assert event.before["active"] is True and event.after["active"] is False


def test_deactivation_asks_for_confirmation_and_ends_the_sessions(
    client, central_admin, balikpapan_operator
):
    operator_client = log_in(Client(), balikpapan_operator)
    log_in(client, central_admin)
    url = f"/kelola/akun/{balikpapan_operator.pk}/nonaktifkan/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "operator@balikpapan.go.id" in confirm.content.decode()
    balikpapan_operator.refresh_from_db()
    assert balikpapan_operator.is_active
    assert client.post(url).status_code == 302
    balikpapan_operator.refresh_from_db()
    assert not balikpapan_operator.is_active
    assert operator_client.get("/akun/").status_code == 302
    assert AuditEvent.objects.filter(action="account.deactivated").count() == 1


def test_the_central_admin_cannot_deactivate_themselves(client, central_admin):
    log_in(client, central_admin)
    client.post(f"/kelola/akun/{central_admin.pk}/nonaktifkan/")
    central_admin.refresh_from_db()
    assert central_admin.is_active


def test_the_central_admin_sends_a_reset_link_or_the_invitation_again(
    client, central_admin, balikpapan_operator, mailoutbox, django_capture_on_commit_callbacks
):
    log_in(client, central_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/kelola/akun/{balikpapan_operator.pk}/kirim-tautan/")
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "/masuk/sandi/" in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="account.password_reset_sent").exists()


def test_the_central_admin_resets_a_lost_second_factor(client, central_admin, kaltim_verifier):
    add_device(kaltim_verifier)
    verifier_client = log_in(Client(), kaltim_verifier)
    log_in(client, central_admin)
    assert client.post(f"/kelola/akun/{kaltim_verifier.pk}/reset-2fa/").status_code == 302
    assert not TOTPDevice.objects.filter(user=kaltim_verifier).exists()
    assert verifier_client.get("/akun/").status_code == 302
    assert AuditEvent.objects.filter(action="two_factor.reset").exists()


def test_an_invitation_link_lets_the_new_operator_choose_a_password(
    client, central_admin, mailoutbox, django_capture_on_commit_callbacks
):
    log_in(Client(), central_admin).post(
        "/kelola/akun/baru/",
        {
            "email": "operator@kutaikartanegara.go.id",
            "full_name": "Operator Kutai Kartanegara",
            "role": "operator_daerah",
            "region_codes": "64.02",
        },
    )
    user = User.objects.get(email="operator@kutaikartanegara.go.id")
    from layakanak.accounts.emails import password_link

    path = password_link(user).replace("http://127.0.0.1:8000", "")
    page = client.get(path)
    assert page.status_code == 200 and "Selamat datang" in page.content.decode()
    password = "sandi-operator-kukar-2025"
    assert (
        client.post(path, {"new_password1": password, "new_password2": password}).status_code == 302
    )
    login = client.post("/masuk/", {"email": user.email, "password": password})
    assert login.status_code == 302
    assert AuditEvent.objects.filter(action="account.password_set", object_id=str(user.pk)).exists()
