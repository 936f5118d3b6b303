"""Every write to accounts and roles. Each action runs in one transaction and appends an audit
event (actor, before, after, IP address) in that same transaction.

Views, commands and tests call these; nothing else changes a user, a role assignment or a
two-factor device.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from layakanak.accounts import emails
from layakanak.accounts.access import forget_roles, roles_of
from layakanak.accounts.bulk import BulkPlan
from layakanak.accounts.models import Role, RoleAssignment, User, new_session_salt
from layakanak.accounts.roles import AssignmentSpec, assignment_errors
from layakanak.audit.actions import record_event
from layakanak.lib import limits as text_limits
from layakanak.lib.refusals import Refused
from layakanak.throttling import limits

Actor = User | AnonymousUser | str | None


class AccountError(Refused):
    """A write that was refused; `str()` is the message shown to the person (a text already
    translated, or a template of the catalogue with its parameters)."""


def user_snapshot(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": user.is_active,
    }


def assignment_snapshot(assignment: RoleAssignment) -> dict[str, Any]:
    return {
        "user": assignment.user.email,
        "role": assignment.role,
        "region": assignment.region.code if assignment.region else None,
        "assigned_regions": sorted(r.code for r in assignment.assigned_regions.all()),
        "indicator_numbers": list(assignment.indicator_numbers),
        "opd_name": assignment.opd_name,
        "cycle_slug": assignment.cycle_slug,
        "active": assignment.active,
    }


def _actor_role(actor: Actor) -> str:
    # The role under which management actions are taken; only central admins manage accounts.
    return Role.ADMIN_PUSAT.value if isinstance(actor, User) else ""


def _roles_of(user: User) -> str:
    """The roles a person holds, for the audit trail of their logins (the event's role column)."""
    return ",".join(sorted(roles_of(user)))[:60]


def _created_by(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _add_assignment(user: User, spec: AssignmentSpec, actor: Actor) -> RoleAssignment:
    errors = assignment_errors(spec)
    if errors:
        raise AccountError(" ".join(errors))
    assignment = RoleAssignment.objects.create(
        user=user,
        role=spec.role,
        region=spec.region,
        indicator_numbers=list(spec.indicator_numbers),
        opd_name=spec.opd_name,
        cycle_slug=spec.cycle_slug,
        created_by=_created_by(actor),
    )
    if spec.assigned_regions:
        assignment.assigned_regions.set(spec.assigned_regions)
    forget_roles(user)
    return assignment


@transaction.atomic
def do_create_user(
    *,
    email: str,
    full_name: str,
    assignments: Sequence[AssignmentSpec] = (),
    actor: Actor,
    send_invitation: bool = True,
    password: str | None = None,
    ip_address: str | None = None,
) -> User:
    """Create an account with its roles. Without a password the account can only be entered
    through the invitation link, which is e-mailed once the transaction commits."""
    email = User.objects.normalize_email(email).lower()
    text_limits.check_length(
        email, text_limits.EMAIL, gettext_lazy("The e-mail address"), AccountError
    )
    text_limits.check_length(
        full_name, text_limits.FULL_NAME, gettext_lazy("The full name"), AccountError
    )
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError(
            _("An account with the e-mail address %(email)s already exists.") % {"email": email}
        )
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    created = [_add_assignment(user, spec, actor) for spec in assignments]
    record_event(
        "account.created",
        actor=actor,
        role=_actor_role(actor),
        object_type="user",
        object_id=str(user.pk),
        after={**user_snapshot(user), "roles": [assignment_snapshot(a) for a in created]},
        ip_address=ip_address,
    )
    if send_invitation:
        transaction.on_commit(lambda: emails.send_invitation(user))
    return user


@transaction.atomic
def do_assign_role(
    user: User, spec: AssignmentSpec, *, actor: Actor, ip_address: str | None = None
) -> RoleAssignment:
    assignment = _add_assignment(user, spec, actor)
    record_event(
        "role.assigned",
        actor=actor,
        role=_actor_role(actor),
        object_type="role_assignment",
        object_id=str(assignment.pk),
        after=assignment_snapshot(assignment),
        ip_address=ip_address,
    )
    return assignment


@transaction.atomic
def do_revoke_role(
    assignment: RoleAssignment, *, actor: Actor, ip_address: str | None = None
) -> RoleAssignment:
    """Revoking keeps the row (inactive) so that past events still name the scope."""
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    before = assignment_snapshot(assignment)
    assignment.active = False
    assignment.save(update_fields=["active"])
    forget_roles(assignment.user)
    record_event(
        "role.revoked",
        actor=actor,
        role=_actor_role(actor),
        object_type="role_assignment",
        object_id=str(assignment.pk),
        before=before,
        after=assignment_snapshot(assignment),
        ip_address=ip_address,
    )
    return assignment


@transaction.atomic
def do_deactivate_user(user: User, *, actor: Actor, ip_address: str | None = None) -> User:
    """The account can no longer log in and its open sessions end at their next request."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor == user:
        raise AccountError(_("You cannot deactivate your own account."))
    before = user_snapshot(user)
    user.is_active = False
    user.session_salt = new_session_salt()
    user.save(update_fields=["is_active", "session_salt"])
    record_event(
        "account.deactivated",
        actor=actor,
        role=_actor_role(actor),
        object_type="user",
        object_id=str(user.pk),
        before=before,
        after=user_snapshot(user),
        ip_address=ip_address,
    )
    return user


@transaction.atomic
def do_send_password_link(user: User, *, actor: Actor, ip_address: str | None = None) -> str:
    """An administrator sends a reset link, or the invitation again to someone who never set a
    password. Returns which e-mail was sent ("invitation" or "password_reset")."""
    if not user.is_active:
        raise AccountError(_("The account is deactivated."))
    kind = "password_reset" if user.has_usable_password() else "invitation"
    send = emails.send_password_reset if kind == "password_reset" else emails.send_invitation
    record_event(
        f"account.{kind}_sent",
        actor=actor,
        role=_actor_role(actor),
        object_type="user",
        object_id=str(user.pk),
        ip_address=ip_address,
    )
    transaction.on_commit(lambda: send(user))
    return kind


# Reset links an address may receive, and requests one network address may make, per hour.
RESET_LIMIT_PER_ADDRESS = 3
RESET_LIMIT_PER_IP = 10


class TooManyResetRequests(AccountError):
    """Refused before anything is sent: the address or the network asked too often."""


def do_request_password_reset(email: str, *, ip_address: str | None = None) -> None:
    """Someone asks for a reset link on the login page. The answer on the page is the same
    whether or not the address has an account; only an active account with a password gets mail.

    Requests are counted per e-mail address and per network address, with or without an
    account behind them (so the limit reveals nothing): a flood of requests cannot fill a
    person's mailbox nor use the platform to send mail in bulk."""
    address = email.strip().lower()
    over_address = not limits.allow_attempt(
        "password-reset:address", address, limit=RESET_LIMIT_PER_ADDRESS, window=3600
    )
    over_ip = not limits.allow_attempt(
        "password-reset:ip", ip_address or "unknown", limit=RESET_LIMIT_PER_IP, window=3600
    )
    if over_address or over_ip:
        raise TooManyResetRequests(
            _(
                "Too many requests for a new password. Wait an hour and try again, or ask the "
                "administrator of your account."
            )
        )
    # The counts stay when the request is refused: they are written before this transaction.
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None or not user.has_usable_password():
            return
        record_event(
            "account.password_reset_requested",
            actor="anonymous",
            object_type="user",
            object_id=str(user.pk),
            ip_address=ip_address,
        )
        transaction.on_commit(lambda: emails.send_password_reset(user))


@transaction.atomic
def do_set_password(
    user: User, password: str, *, actor: Actor, ip_address: str | None = None
) -> User:
    """Set the password (through an invitation or reset link); every other session ends."""
    user = User.objects.select_for_update().get(pk=user.pk)
    had_password = user.has_usable_password()
    user.set_password(password)
    user.session_salt = new_session_salt()
    user.save(update_fields=["password", "session_salt"])
    record_event(
        "account.password_changed" if had_password else "account.password_set",
        actor=actor,
        object_type="user",
        object_id=str(user.pk),
        ip_address=ip_address,
    )
    return user


@transaction.atomic
def do_logout_everywhere(user: User, *, actor: Actor, ip_address: str | None = None) -> User:
    """Rotate the session salt: every session of the user, on every device, stops working."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.session_salt = new_session_salt()
    user.save(update_fields=["session_salt"])
    record_event(
        "account.logged_out_everywhere",
        actor=actor,
        object_type="user",
        object_id=str(user.pk),
        ip_address=ip_address,
    )
    return user


@transaction.atomic
def do_enrol_totp_device(
    user: User, key_hex: str, *, actor: Actor, ip_address: str | None = None
) -> TOTPDevice:
    """Save a confirmed TOTP device once the user has typed a valid code from it."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise AccountError(_("Two-factor authentication is already set up for this account."))
    device = TOTPDevice.objects.create(
        user=user, name="default", key=key_hex, confirmed=True, tolerance=1
    )
    record_event(
        "two_factor.enrolled",
        actor=actor,
        object_type="user",
        object_id=str(user.pk),
        after={"device": device.persistent_id},
        ip_address=ip_address,
    )
    return device


@transaction.atomic
def do_reset_two_factor(user: User, *, actor: Actor, ip_address: str | None = None) -> int:
    """Remove the user's TOTP devices (lost phone); the next login enrols a new one.
    Every session of the user ends."""
    devices = list(TOTPDevice.objects.filter(user=user))
    for device in devices:
        device.delete()
    User.objects.filter(pk=user.pk).update(session_salt=new_session_salt())
    record_event(
        "two_factor.reset",
        actor=actor,
        role=_actor_role(actor),
        object_type="user",
        object_id=str(user.pk),
        before={"devices": [d.persistent_id for d in devices]},
        after={"devices": []},
        ip_address=ip_address,
    )
    return len(devices)


@transaction.atomic
def do_verify_two_factor(
    user: User, token: str, *, ip_address: str | None = None
) -> TOTPDevice | None:
    """Check a code against the user's devices (django-otp throttles repeated failures and
    refuses a code used before). Returns the device that matched, or None."""
    for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if device.verify_token(token):
            record_event(
                "login.two_factor_succeeded",
                actor=user,
                role=_roles_of(user),
                object_type="user",
                object_id=str(user.pk),
                ip_address=ip_address,
            )
            return device
    record_event(
        "login.two_factor_failed",
        actor=user,
        object_type="user",
        object_id=str(user.pk),
        ip_address=ip_address,
    )
    return None


@transaction.atomic
def do_bulk_create_users(
    plan: BulkPlan, *, actor: Actor, ip_address: str | None = None
) -> list[User]:
    """Create every account of a checked CSV plan and invite them; nothing when any row is bad."""
    if not plan.ok:
        raise AccountError(_("The file has errors; no account was created."))
    users = [
        do_create_user(
            email=row.email,
            full_name=row.full_name,
            assignments=[row.spec] if row.spec else [],
            actor=actor,
            ip_address=ip_address,
        )
        for row in plan.rows
    ]
    record_event(
        "account.bulk_created",
        actor=actor,
        role=_actor_role(actor),
        object_type="user",
        after={"emails": [u.email for u in users]},
        ip_address=ip_address,
    )
    return users


def do_record_login(user: User, *, ip_address: str | None) -> None:
    record_event(
        "login.succeeded",
        actor=user,
        role=_roles_of(user),
        object_type="user",
        object_id=str(user.pk),
        ip_address=ip_address,
    )


def do_record_login_failure(email: str, *, ip_address: str | None) -> None:
    user = User.objects.filter(email__iexact=email).first() if email else None
    record_event(
        "login.failed",
        actor="anonymous",
        object_type="user",
        object_id=str(user.pk) if user else "",
        after={"email": email[:254]},
        ip_address=ip_address,
    )
