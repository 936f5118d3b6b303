"""Reads used by several views and exports, and the figures offered as evaluation evidence.

Only aggregate counts of reports leave this module: month, region and status, never a field of a
report itself."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from layakanak.lib.spreadsheet import SafeCsvDictWriter
from layakanak.regions.models import Region, RegionLevel
from layakanak.services.models import ChildForum, CounsellingService, Playground, Report
from layakanak.services.rbra import NUMBERS

AGGREGATE_COLUMNS = ("month", "region_code", "region_name", "status", "count")


def report_aggregates(regions: Iterable[Region]) -> list[dict[str, object]]:
    """Counts of reports per month (of submission), region and current status."""
    rows = (
        Report.objects.filter(region__in=list(regions))
        .annotate(month=TruncMonth("created_at"))
        .values("month", "region__code", "region__name", "status")
        .annotate(count=Count("id"))
        .order_by("month", "region__code", "status")
    )
    return [
        {
            "month": row["month"].strftime("%Y-%m"),
            "region_code": row["region__code"],
            "region_name": row["region__name"],
            "status": row["status"],
            "count": row["count"],
        }
        for row in rows
    ]


def to_csv(columns: tuple[str, ...], rows: Iterable[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = SafeCsvDictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in columns})
    return out.getvalue()


def regencies() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.REGENCY, retired_on__isnull=True).select_related(
        "parent"
    )


def regency_or_none(code: str) -> Region | None:
    if not code:
        return None
    return regencies().filter(code=code).first()


def directory(regency: Region | None) -> QuerySet[CounsellingService]:
    services = CounsellingService.objects.filter(active=True).select_related("region")
    return services.filter(region=regency) if regency else services


def forums(regency: Region | None) -> QuerySet[ChildForum]:
    found = ChildForum.objects.select_related("region", "regency").prefetch_related("activities")
    return found.filter(regency=regency) if regency else found


FORUM_COLUMNS = (
    "regency_code",
    "region_code",
    "region_name",
    "level",
    "forum",
    "decree",
    *ChildForum.MEMBER_FIELDS,
    "members",
    "activities",
    "consultations",
)


def forum_rows(found: Iterable[ChildForum]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for forum in found:
        activities = list(forum.activities.all())
        row: dict[str, object] = {
            "regency_code": forum.regency.code,
            "region_code": forum.region.code,
            "region_name": forum.region.name,
            "level": forum.region.level,
            "forum": forum.name,
            "decree": forum.decree,
            "members": forum.members,
            "activities": sum(1 for a in activities if a.kind == "activity"),
            "consultations": sum(1 for a in activities if a.kind == "consultation"),
        }
        row.update({name: getattr(forum, name) for name in ChildForum.MEMBER_FIELDS})
        rows.append(row)
    return rows


def playgrounds(regency: Region | None) -> QuerySet[Playground]:
    found = Playground.objects.select_related("district", "regency").prefetch_related("photos")
    return found.filter(regency=regency) if regency else found


PLAYGROUND_COLUMNS = (
    "regency_code",
    "district_code",
    "district_name",
    "playground",
    "latitude",
    "longitude",
    "requirements_met",
    "requirements_total",
    "certification",
    "certified_on",
)


def playground_rows(found: Iterable[Playground]) -> list[dict[str, object]]:
    return [
        {
            "regency_code": p.regency.code,
            "district_code": p.district.code,
            "district_name": p.district.name,
            "playground": p.name,
            "latitude": p.latitude if p.latitude is not None else "",
            "longitude": p.longitude if p.longitude is not None else "",
            "requirements_met": len(p.requirements_met),
            "requirements_total": len(NUMBERS),
            "certification": p.certification,
            "certified_on": p.certified_on.isoformat() if p.certified_on else "",
        }
        for p in found
    ]


@dataclass(frozen=True)
class Coverage:
    """Indicator 11 evidence: kecamatan with at least one RBRA."""

    regency: Region
    covered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.total) if self.total else 0


def rbra_coverage(regency: Region) -> Coverage:
    total = Region.objects.filter(
        parent=regency, level=RegionLevel.DISTRICT, retired_on__isnull=True
    ).count()
    covered = Playground.objects.filter(regency=regency).values("district_id").distinct().count()
    return Coverage(regency=regency, covered=covered, total=total)


def coverage_table() -> list[Coverage]:
    """Coverage of every kab/kota that has at least one registered playground."""
    ids = Playground.objects.values_list("regency_id", flat=True).distinct()
    return [rbra_coverage(r) for r in regencies().filter(pk__in=ids).order_by("code")]


# --- The RBRA layer of the region profile and its GeoJSON -----------------------------------------


def playgrounds_in(region: Region) -> QuerySet[Playground] | None:
    """The playgrounds of a province, kab/kota or kecamatan (None for a desa/kelurahan)."""
    found = Playground.objects.select_related("district", "regency").order_by(
        "district__code", "name"
    )
    if region.level == RegionLevel.PROVINCE:
        return found.filter(regency__parent=region)
    if region.level == RegionLevel.REGENCY:
        return found.filter(regency=region)
    if region.level == RegionLevel.DISTRICT:
        return found.filter(district=region)
    return None


@dataclass(frozen=True)
class RbraLayer:
    """What the region profile of a kab/kota or kecamatan shows about its playgrounds."""

    region: Region
    playgrounds: list[Playground]
    coverage: Coverage
    requirements_total: int


def coverage_for(region: Region) -> Coverage | None:
    """The coverage figure shown with a kab/kota, or with a kecamatan (that of its kab/kota)."""
    if region.level == RegionLevel.REGENCY:
        return rbra_coverage(region)
    if region.level == RegionLevel.DISTRICT and region.parent is not None:
        return rbra_coverage(region.parent)
    return None


def rbra_layer(region: Region) -> RbraLayer | None:
    """The RBRA section of the profile of a kab/kota or kecamatan; None for other levels."""
    coverage = coverage_for(region)
    found = playgrounds_in(region)
    if coverage is None or found is None:
        return None
    return RbraLayer(
        region=region,
        playgrounds=list(found),
        coverage=coverage,
        requirements_total=len(NUMBERS),
    )


# Every field a playground shows in the public GeoJSON; nothing else leaves the registry there.
PLAYGROUND_PUBLIC_PROPERTIES = (
    "id",
    "name",
    "address",
    "district_code",
    "district_name",
    "regency_code",
    "certification",
    "certification_label",
    "certified_on",
    "requirements_met",
    "requirements_total",
    "photos",
)


def playground_feature(playground: Playground, photo_urls: list[dict[str, str]]) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": playground.pk,
        "name": playground.name,
        "address": playground.address,
        "district_code": playground.district.code,
        "district_name": playground.district.name,
        "regency_code": playground.regency.code,
        "certification": playground.certification,
        "certification_label": str(playground.get_certification_display()),
        "certified_on": playground.certified_on.isoformat() if playground.certified_on else None,
        "requirements_met": len(playground.requirements_met),
        "requirements_total": len(NUMBERS),
        "photos": photo_urls,
    }
    geometry = None
    if playground.latitude is not None and playground.longitude is not None:
        # GeoJSON order is longitude, latitude; six decimals (about 10 cm) as stored.
        geometry = {
            "type": "Point",
            "coordinates": [float(playground.longitude), float(playground.latitude)],
        }
    return {"type": "Feature", "id": playground.pk, "geometry": geometry, "properties": properties}
