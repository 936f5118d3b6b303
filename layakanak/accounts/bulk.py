"""Bulk account creation from CSV: read, check every row, and report errors per row.

Columns (header row required, UTF-8, comma-separated):

    email,full_name,role,region_code,opd_name,indicator_numbers

- `role`: a role code (operator_daerah, kontributor_opd, verifikator_provinsi, ...).
- `region_code`: Kemendagri code of the region the role is scoped to (`64.71`); for tim_lapangan
  and tim_independen several kab/kota codes separated by `;` (`64.71;64.72`).
- `opd_name`: the office of a kontributor_opd, or the ministry of a verifikator_kl.
- `indicator_numbers`: for verifikator_kl, indicator numbers separated by `;` (`12;13;14`).

A file with any bad row creates nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from layakanak.accounts.models import User
from layakanak.accounts.roles import (
    ROLE_SCOPES,
    AssignmentSpec,
    Scope,
    assignment_errors,
    split_list,
    too_long,
)
from layakanak.lib import limits
from layakanak.regions.models import Region

COLUMNS = ("email", "full_name", "role", "region_code", "opd_name", "indicator_numbers")
REQUIRED_COLUMNS = ("email", "full_name", "role")
MAX_ROWS = 2000


@dataclass
class PlannedRow:
    line: int
    email: str
    full_name: str
    role: str
    region_code: str
    spec: AssignmentSpec | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class BulkPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors and not any(r.errors for r in self.rows)

    @property
    def bad_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.errors]


def plan_bulk_creation(text: str) -> BulkPlan:
    """Check a CSV file without writing anything."""
    plan = BulkPlan()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        plan.errors.append(
            _("Missing columns: %(columns)s. Expected: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ",".join(COLUMNS)}
        )
        return plan
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        plan.errors.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
        return plan
    raw_rows = []
    for line_number, raw in enumerate(reader, start=2):
        cells = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(cells.values()):
            continue
        raw_rows.append((line_number, cells))
        if len(raw_rows) > MAX_ROWS:
            plan.errors.append(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
            return plan
    if not raw_rows:
        plan.errors.append(_("The file has no rows."))
        return plan
    codes = {code for _line, c in raw_rows for code in split_list(c.get("region_code", ""))}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    emails = {c.get("email", "").lower() for _line, c in raw_rows}
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    seen: set[str] = set()
    for line_number, cells in raw_rows:
        plan.rows.append(_check_row(line_number, cells, regions, existing, seen))
    return plan


def _check_row(
    line: int,
    cells: dict[str, str],
    regions: dict[str, Region],
    existing: set[str],
    seen: set[str],
) -> PlannedRow:
    email = cells.get("email", "").lower()
    row = PlannedRow(
        line=line,
        email=email,
        full_name=cells.get("full_name", ""),
        role=cells.get("role", ""),
        region_code=cells.get("region_code", ""),
    )
    try:
        validate_email(email)
    except ValidationError:
        row.errors.append(_("“%(email)s” is not a valid e-mail address.") % {"email": email})
    else:
        if len(email) > limits.EMAIL:
            row.errors.append(too_long(_("The e-mail address"), email, limits.EMAIL))
    if email in existing:
        row.errors.append(_("An account with this e-mail address already exists."))
    elif email in seen:
        row.errors.append(_("This e-mail address appears twice in the file."))
    seen.add(email)
    if not row.full_name:
        row.errors.append(_("The full name is empty."))
    elif len(row.full_name) > limits.FULL_NAME:
        row.errors.append(too_long(_("The full name"), row.full_name, limits.FULL_NAME))
    if row.role not in ROLE_SCOPES:
        row.errors.append(_("Unknown role “%(role)s”.") % {"role": row.role})
        return row
    found: list[Region] = []
    for code in split_list(row.region_code):
        if code in regions:
            found.append(regions[code])
        else:
            row.errors.append(_("Unknown region code “%(code)s”.") % {"code": code})
    if len(found) != len(split_list(row.region_code)):
        return row
    team = ROLE_SCOPES[row.role] is Scope.ASSIGNED_REGIONS
    if not team and len(found) > 1:
        row.errors.append(_("This role takes one region code."))
        return row
    spec = AssignmentSpec(
        role=row.role,
        region=None if team or not found else found[0],
        assigned_regions=tuple(found) if team else (),
        indicator_numbers=split_list(cells.get("indicator_numbers", "")),
        opd_name=cells.get("opd_name", ""),
    )
    scope_errors = assignment_errors(spec)
    row.errors.extend(scope_errors)
    if not row.errors:
        row.spec = spec
    return row
