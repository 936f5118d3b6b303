"""Writes to the region tables. Each action is one transaction with an audit event."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import transaction

from layakanak.audit.actions import Actor, record_event
from layakanak.lib.codes import LEVEL_ORDER, Level
from layakanak.regions.files import RegionData, RegionRecord
from layakanak.regions.models import Region, RegionBoundary, RegionSuccession
from layakanak.regions.queries import forget_boundaries_version

BATCH_SIZE = 2000


@dataclass
class LevelReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_files: int = 0


@dataclass
class LoadReport:
    levels: dict[Level, LevelReport] = field(default_factory=dict)
    boundaries_created: int = 0
    boundaries_updated: int = 0

    @property
    def changed(self) -> bool:
        return (
            any(r.created or r.updated for r in self.levels.values())
            or self.boundaries_created > 0
            or self.boundaries_updated > 0
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "levels": {level.value: vars(report) for level, report in self.levels.items()},
            "boundaries_created": self.boundaries_created,
            "boundaries_updated": self.boundaries_updated,
        }


def _search_name(name: str) -> str:
    return name.casefold()


@transaction.atomic
def do_load_regions(data: RegionData, *, actor: Actor) -> LoadReport:
    """Create or update regions and boundaries from validated files; idempotent.

    Regions that are in the database but not in the files are kept (results may be attached to
    them) and counted as `not_in_files`; retiring them is a separate, explicit action.
    """
    report = LoadReport()
    ids: dict[str, int] = dict(Region.objects.values_list("code", "id"))
    for level in LEVEL_ORDER:
        records = data.regions.get(level, [])
        report.levels[level] = _load_level(level, records, ids)
    _load_boundaries(data, ids, report)
    if report.changed:
        record_event("regions.loaded", actor=actor, object_type="region", after=report.as_dict())
        transaction.on_commit(forget_boundaries_version)
    return report


def _load_level(level: Level, records: list[RegionRecord], ids: dict[str, int]) -> LevelReport:
    level_report = LevelReport()
    existing = {
        row["code"]: row
        for row in Region.objects.filter(level=level.value).values(
            "id", "code", "type", "name", "name_short", "parent_id"
        )
    }
    to_create: list[Region] = []
    to_update: list[Region] = []
    file_codes = set()
    for record in records:
        file_codes.add(record.code)
        parent_id = ids[record.parent_code] if record.parent_code else None
        wanted = {
            "type": record.type,
            "name": record.name,
            "name_short": record.name_short,
            "parent_id": parent_id,
        }
        current = existing.get(record.code)
        if current is None:
            to_create.append(
                Region(
                    code=record.code,
                    level=level.value,
                    search_name=_search_name(record.name),
                    **wanted,
                )
            )
        elif any(cast(dict[str, Any], current)[key] != value for key, value in wanted.items()):
            to_update.append(
                Region(
                    id=current["id"],
                    code=record.code,
                    level=level.value,
                    search_name=_search_name(record.name),
                    **wanted,
                )
            )
        else:
            level_report.unchanged += 1
    Region.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Region.objects.bulk_update(
        to_update, ["type", "name", "name_short", "parent_id", "search_name"], batch_size=BATCH_SIZE
    )
    level_report.created = len(to_create)
    level_report.updated = len(to_update)
    level_report.not_in_files = len(set(existing) - file_codes)
    if to_create:
        ids.update(Region.objects.filter(level=level.value).values_list("code", "id").iterator())
    return level_report


def _load_boundaries(data: RegionData, ids: dict[str, int], report: LoadReport) -> None:
    existing = {
        row["region_id"]: row for row in RegionBoundary.objects.values("id", "region_id", "sha256")
    }
    to_create: list[RegionBoundary] = []
    to_update: list[RegionBoundary] = []
    for boundary in data.boundaries:
        region_id = ids[boundary.code]
        current = existing.get(region_id)
        fields = {
            "geometry": boundary.geometry,
            "bbox": list(boundary.bbox),
            "sha256": boundary.sha256,
        }
        if current is None:
            to_create.append(RegionBoundary(region_id=region_id, **fields))
        elif current["sha256"] != boundary.sha256:
            to_update.append(RegionBoundary(id=current["id"], region_id=region_id, **fields))
    RegionBoundary.objects.bulk_create(to_create, batch_size=50)
    RegionBoundary.objects.bulk_update(to_update, ["geometry", "bbox", "sha256"], batch_size=50)
    report.boundaries_created = len(to_create)
    report.boundaries_updated = len(to_update)


@transaction.atomic
def do_retire_region(
    region: Region,
    successors: list[Region],
    *,
    effective_on: datetime.date,
    reason: str,
    legal_basis: str = "",
    actor: Actor,
) -> Region:
    """Mark a region retired (pemekaran, merger) and record the regions that replace it.

    Nothing attached to the region is touched: past results stay with the region as it was.
    """
    if region.is_retired:
        raise ValueError(f"{region.code} is already retired")
    if not successors:
        raise ValueError("A retired region needs at least one successor")
    if any(s.level != region.level or s.pk == region.pk for s in successors):
        raise ValueError("Successors must be other regions of the same level")
    before = {"retired_on": None}
    region.retired_on = effective_on
    region.retired_reason = reason
    region.save(update_fields=["retired_on", "retired_reason"])
    for successor in successors:
        RegionSuccession.objects.create(
            predecessor=region,
            successor=successor,
            effective_on=effective_on,
            legal_basis=legal_basis,
        )
    record_event(
        "region.retired",
        actor=actor,
        object_type="region",
        object_id=region.code,
        before=before,
        after={
            "retired_on": effective_on.isoformat(),
            "reason": reason,
            "successors": [s.code for s in successors],
        },
    )
    return region
