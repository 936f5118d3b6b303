"""Every permission check of accounts and roles. Views, the API and other apps call these.

A forbidden object answers exactly like a missing one (`Http404`), so that ids and region codes
cannot be probed. Role assignments are read once per user object and kept on it for the rest of
the request (`forget_roles` clears them after a change).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404

from layakanak.accounts.models import Role, RoleAssignment, User
from layakanak.accounts.roles import ROLE_SCOPES, ROLES_WITH_OPTIONAL_TWO_FACTOR, Scope
from layakanak.audit.models import AuditEvent
from layakanak.regions.models import Region

_CACHE_ATTRIBUTE = "_layakanak_role_assignments"


def _assignments(user: Any) -> list[RoleAssignment]:
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached: list[RoleAssignment] | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user_id=user.pk, active=True).select_related("region")
        )
        # Only teams have assigned regions: no second query on every request for everyone else.
        teams = [a for a in cached if ROLE_SCOPES.get(a.role) is Scope.ASSIGNED_REGIONS]
        prefetch_related_objects(teams, "assigned_regions")
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_roles(user: Any) -> None:
    """Drop the assignments cached on this user object (after assigning or revoking a role)."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def roles_of(user: Any) -> set[str]:
    return {assignment.role for assignment in _assignments(user)}


def _inside(region: Region, container: Region) -> bool:
    return region.code.startswith(container.code + ".")


def _matches(assignment: RoleAssignment, region: Region) -> bool:
    scope = ROLE_SCOPES[assignment.role]
    if scope in (Scope.NATIONAL, Scope.INDICATORS):
        return True  # national roles reach every region
    if scope is Scope.ASSIGNED_REGIONS:
        return any(r.pk == region.pk for r in assignment.assigned_regions.all())
    if assignment.region is None:
        return False
    if assignment.region_id == region.pk:
        return True
    return scope is Scope.PROVINCE and _inside(region, assignment.region)


def has_role(user: Any, role: str, *, region: Region | None = None) -> bool:
    """Whether the user holds `role`, and, when a region is given, holds it for that region.

    Region match: the assignment's region is the region; or, for a provincial verifier, the
    region lies inside the province; or, for a field or independent team, it is one of the
    assigned regions. National roles (admin/verifikator pusat, verifikator K/L) match every region.
    """
    for assignment in _assignments(user):
        if assignment.role == role and (region is None or _matches(assignment, region)):
            return True
    return False


def is_central_admin(user: Any) -> bool:
    return Role.ADMIN_PUSAT in roles_of(user)


def is_central_verifier(user: Any) -> bool:
    return Role.VERIFIKATOR_PUSAT in roles_of(user)


def _region_ids(user: Any, *roles: str) -> set[int]:
    return {a.region_id for a in _assignments(user) if a.role in roles and a.region_id is not None}


def operator_region_ids(user: Any) -> set[int]:
    """The kab/kota where the user is operator daerah."""
    return _region_ids(user, Role.OPERATOR_DAERAH)


def opd_scopes(user: Any) -> list[tuple[int, str]]:
    """(region id, OPD name) for every kontributor OPD assignment."""
    return sorted(
        (a.region_id, a.opd_name)
        for a in _assignments(user)
        if a.role == Role.KONTRIBUTOR_OPD and a.region_id is not None
    )


def verifier_province_ids(user: Any) -> set[int]:
    return _region_ids(user, Role.VERIFIKATOR_PROVINSI)


def kl_indicator_numbers(user: Any) -> set[str]:
    """The indicator numbers the user verifies as verifikator K/L (empty for everyone else)."""
    return {
        str(number)
        for a in _assignments(user)
        if a.role == Role.VERIFIKATOR_KL
        for number in a.indicator_numbers
    }


def field_team_region_ids(user: Any) -> set[int]:
    """The kab/kota assigned to the user as tim lapangan or tim independen."""
    return {
        region.pk
        for a in _assignments(user)
        if a.role in (Role.TIM_LAPANGAN, Role.TIM_INDEPENDEN)
        for region in a.assigned_regions.all()
    }


def service_region_ids(user: Any) -> set[int]:
    """The regions whose child services the user handles as petugas layanan."""
    return _region_ids(user, Role.PETUGAS_LAYANAN)


def requires_two_factor(user: Any) -> bool:
    """Every staff role except operator daerah and kontributor OPD must log in with TOTP;
    so must Django superusers (they reach the technical admin)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(roles_of(user) - ROLES_WITH_OPTIONAL_TWO_FACTOR)


def _not_found() -> Http404:
    return Http404("Tidak ditemukan / Not found")


def can_manage_accounts(user: Any) -> bool:
    return is_central_admin(user)


def access_user_for_admin(user: Any, user_id: int) -> User:
    """The account `user_id` for account management; 404 when missing or not allowed."""
    if not can_manage_accounts(user):
        raise _not_found()
    target = User.objects.filter(pk=user_id).first()
    if target is None:
        raise _not_found()
    return target


def access_assignment_for_admin(user: Any, user_id: int, assignment_id: int) -> RoleAssignment:
    target = access_user_for_admin(user, user_id)
    assignment = RoleAssignment.objects.filter(pk=assignment_id, user=target).first()
    if assignment is None:
        raise _not_found()
    return assignment


def access_accounts_for_admin(user: Any) -> QuerySet[User]:
    """Every account, for the account list; 404 for anyone but a central admin."""
    if not can_manage_accounts(user):
        raise _not_found()
    return User.objects.all()


def access_audit_log(user: Any) -> QuerySet[AuditEvent]:
    """Every audit event, for the audit page and its CSV export; 404 for anyone else."""
    if not is_central_admin(user):
        raise _not_found()
    return AuditEvent.objects.all()
