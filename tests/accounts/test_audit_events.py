"""Every account action writes its audit event, in the same transaction as the change."""

from __future__ import annotations

from typing import Any

import pytest

from layakanak.accounts import actions
from layakanak.accounts.bulk import plan_bulk_creation
from layakanak.accounts.models import Role, RoleAssignment, User
from layakanak.accounts.roles import AssignmentSpec
from layakanak.audit.models import AuditEvent
from layakanak.regions.models import Region
from tests.accounts.conftest import add_device, totp_now

pytestmark = pytest.mark.django_db

IP = "10.0.0.7"


def events(action: str, user: User) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_id=str(user.pk)))


def test_every_account_action_writes_its_event(
    central_admin: User, balikpapan_operator: User, django_capture_on_commit_callbacks: Any
) -> None:
    operator = balikpapan_operator
    samarinda = Region.objects.get(code="64.72")
    new = actions.do_create_user(
        email="baru@samarindakota.go.id",
        full_name="Operator Baru",
        assignments=[AssignmentSpec(role=Role.OPERATOR_DAERAH, region=samarinda)],
        actor=central_admin,
        send_invitation=False,
        ip_address=IP,
    )
    (created,) = events("account.created", new)
    assert created.actor == central_admin and created.role == "admin_pusat"
    assert created.ip_address == IP and created.after is not None

    spec = AssignmentSpec(role=Role.PETUGAS_LAYANAN, region=samarinda)
    assignment = actions.do_assign_role(new, spec, actor=central_admin, ip_address=IP)
    (assigned,) = AuditEvent.objects.filter(action="role.assigned", object_id=str(assignment.pk))
    assert assigned.object_type == "role_assignment" and assigned.after is not None
    actions.do_revoke_role(assignment, actor=central_admin, ip_address=IP)
    (revoked,) = AuditEvent.objects.filter(action="role.revoked", object_id=str(assignment.pk))
    assert revoked.before is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert actions.do_send_password_link(new, actor=central_admin) == "invitation"
        actions.do_request_password_reset(operator.email, ip_address=IP)
    assert events("account.invitation_sent", new)
    assert events("account.password_reset_requested", operator)

    actions.do_set_password(new, "sandi-yang-cukup-panjang-1", actor=new, ip_address=IP)
    assert events("account.password_set", new)
    actions.do_logout_everywhere(operator, actor=operator, ip_address=IP)
    assert events("account.logged_out_everywhere", operator)

    device = add_device(central_admin)
    assert actions.do_verify_two_factor(central_admin, totp_now(device), ip_address=IP)
    assert events("login.two_factor_succeeded", central_admin)
    wrong = "000000" if totp_now(device) != "000000" else "111111"
    assert actions.do_verify_two_factor(central_admin, wrong, ip_address=IP) is None
    assert events("login.two_factor_failed", central_admin)
    assert actions.do_reset_two_factor(central_admin, actor=central_admin, ip_address=IP) == 1
    assert events("two_factor.reset", central_admin)
    actions.do_enrol_totp_device(central_admin, "ab" * 20, actor=central_admin, ip_address=IP)
    assert events("two_factor.enrolled", central_admin)

    actions.do_record_login(operator, ip_address=IP)
    actions.do_record_login_failure(operator.email, ip_address=IP)
    assert events("login.succeeded", operator) and events("login.failed", operator)

    actions.do_deactivate_user(new, actor=central_admin, ip_address=IP)
    assert events("account.deactivated", new)


def test_bulk_creation_writes_one_event_per_account_and_one_for_the_file(
    central_admin: User,
) -> None:
    plan = plan_bulk_creation(
        "email,full_name,role,region_code,opd_name,indicator_numbers\n"
        "a@kutaikartanegara.go.id,Operator A,operator_daerah,64.02,,\n"
        "b@berau.go.id,Operator B,operator_daerah,64.03,,\n"
    )
    assert plan.ok, plan
    users = actions.do_bulk_create_users(plan, actor=central_admin, ip_address=IP)
    assert len(users) == 2
    assert all(events("account.created", user) for user in users)
    (bulk,) = AuditEvent.objects.filter(action="account.bulk_created")
    assert bulk.after == {"emails": ["a@kutaikartanegara.go.id", "b@berau.go.id"]}


def test_a_change_whose_event_cannot_be_written_is_rolled_back(
    central_admin: User, balikpapan_operator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr(actions, "record_event", broken)
    with pytest.raises(RuntimeError):
        actions.do_deactivate_user(balikpapan_operator, actor=central_admin)
    balikpapan_operator.refresh_from_db()
    assert balikpapan_operator.is_active
    assignment = RoleAssignment.objects.get(user=balikpapan_operator)
    with pytest.raises(RuntimeError):
        actions.do_revoke_role(assignment, actor=central_admin)
    assignment.refresh_from_db()
    assert assignment.active
