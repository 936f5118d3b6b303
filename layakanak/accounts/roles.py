"""What each role is scoped to, and whether an assignment's scope fits its role.

Used by the account forms, the CSV import and the actions, so that every way of assigning a
role gives the same answer with the same message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from layakanak.accounts.models import Role
from layakanak.lib import limits
from layakanak.lib.refusals import Text
from layakanak.regions.models import Region, RegionLevel


class Scope(StrEnum):
    NATIONAL = "national"  # every region
    INDICATORS = "indicators"  # the indicators of one ministry, every region
    PROVINCE = "province"  # one province and the kab/kota inside it
    REGENCY = "regency"  # one kab/kota
    ASSIGNED_REGIONS = "assigned_regions"  # the kab/kota assigned to a team


ROLE_SCOPES: dict[str, Scope] = {
    Role.ADMIN_PUSAT: Scope.NATIONAL,
    Role.VERIFIKATOR_PUSAT: Scope.NATIONAL,
    Role.VERIFIKATOR_KL: Scope.INDICATORS,
    Role.VERIFIKATOR_PROVINSI: Scope.PROVINCE,
    Role.TIM_LAPANGAN: Scope.ASSIGNED_REGIONS,
    Role.TIM_INDEPENDEN: Scope.ASSIGNED_REGIONS,
    Role.OPERATOR_DAERAH: Scope.REGENCY,
    Role.KONTRIBUTOR_OPD: Scope.REGENCY,
    Role.PETUGAS_LAYANAN: Scope.REGENCY,
}

# Regional operators and OPD contributors are many and often share office computers; two-factor
# login is offered to them but not required (issue 4). Every other staff role must use it.
ROLES_WITH_OPTIONAL_TWO_FACTOR = frozenset({Role.OPERATOR_DAERAH, Role.KONTRIBUTOR_OPD})

INDICATOR_NUMBER = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,19}")


@dataclass(frozen=True)
class AssignmentSpec:
    """A role assignment before it is saved."""

    role: str
    region: Region | None = None
    assigned_regions: tuple[Region, ...] = ()
    indicator_numbers: tuple[str, ...] = ()
    opd_name: str = ""
    cycle_slug: str = ""


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def assignment_errors(spec: AssignmentSpec) -> list[str]:
    """Every reason the scope does not fit the role; empty when it fits."""
    if spec.role not in ROLE_SCOPES:
        return [_("Unknown role “%(role)s”.") % {"role": spec.role}]
    scope = ROLE_SCOPES[spec.role]
    label = role_label(spec.role)
    errors: list[str] = []
    if scope in (Scope.PROVINCE, Scope.REGENCY):
        wanted = RegionLevel.PROVINCE if scope is Scope.PROVINCE else RegionLevel.REGENCY
        if spec.region is None:
            errors.append(
                _("A %(role)s needs a region (%(level)s).") % {"role": label, "level": wanted.label}
            )
        elif spec.region.level != wanted:
            errors.append(
                _("%(region)s is not a %(level)s; a %(role)s is assigned to a %(level)s.")
                % {"region": spec.region.name, "level": wanted.label, "role": label}
            )
    elif spec.region is not None:
        errors.append(_("A %(role)s is not assigned to one region.") % {"role": label})
    if scope is Scope.ASSIGNED_REGIONS:
        if not spec.assigned_regions:
            errors.append(_("A %(role)s needs at least one assigned region.") % {"role": label})
        for region in spec.assigned_regions:
            if region.level != RegionLevel.REGENCY:
                errors.append(
                    _("%(region)s is not a regency/city; teams visit regencies and cities.")
                    % {"region": region.name}
                )
    elif spec.assigned_regions:
        errors.append(_("Only field and independent teams have assigned regions."))
    scoped: list[Region | None] = [spec.region, *spec.assigned_regions]
    for scoped_region in scoped:
        if scoped_region is not None and scoped_region.is_retired:
            errors.append(_("%(region)s is retired.") % {"region": scoped_region.name})
    if scope is Scope.INDICATORS:
        if not spec.indicator_numbers:
            errors.append(_("A ministry verifier needs the numbers of its indicators."))
        if not spec.opd_name:
            errors.append(_("A ministry verifier needs the name of its ministry."))
    elif spec.indicator_numbers:
        errors.append(_("Only ministry verifiers are scoped to indicators."))
    for number in spec.indicator_numbers:
        if not INDICATOR_NUMBER.fullmatch(number):
            errors.append(_("“%(number)s” is not an indicator number.") % {"number": number})
    if spec.role == Role.KONTRIBUTOR_OPD and not spec.opd_name:
        errors.append(_("An OPD contributor needs the name of its office (OPD)."))
    if spec.opd_name and spec.role not in (Role.KONTRIBUTOR_OPD, Role.VERIFIKATOR_KL):
        errors.append(_("Only OPD contributors and ministry verifiers have an office name."))
    if len(spec.opd_name) > limits.NAME:
        errors.append(too_long(_("The office (OPD) or ministry"), spec.opd_name, limits.NAME))
    return errors


def too_long(what: str, value: str, limit: int) -> str:
    """The message of `lib.limits` for a text over its limit, in the active language (the
    account forms and the CSV import list errors as texts)."""
    return str(Text(limits.TOO_LONG, {"what": what, "length": len(value), "limit": limit}))


def split_list(text: str) -> tuple[str, ...]:
    """`"12; 13,14"` -> ("12", "13", "14"): lists inside one form field or CSV cell."""
    return tuple(part for part in re.split(r"[;,\s]+", text.strip()) if part)
