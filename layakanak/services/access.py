"""Every permission check of the child-services module.

- Reports and appointment requests (children's personal data): only the petugas layanan of the
  report's kab/kota. Nobody else, not the operator, not a central admin (need to know).
- Registries (UPTD PPA contact, counselling directory, Forum Anak, RBRA and its photos) and the
  aggregate report counts: the petugas layanan or the operator daerah of the kab/kota, and
  central admins.

A forbidden object answers exactly like a missing one (404).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from layakanak.accounts.access import is_central_admin, operator_region_ids, service_region_ids
from layakanak.regions.models import Region, RegionLevel
from layakanak.services.models import (
    AppointmentRequest,
    ChildForum,
    CounsellingService,
    Playground,
    PlaygroundPhoto,
    Report,
)


def _not_found() -> Http404:
    return Http404("Tidak ditemukan / Not found")


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise _not_found() from None


def _regency(code: str) -> Region:
    region = Region.objects.filter(code=code, level=RegionLevel.REGENCY).first()
    if region is None:
        raise _not_found()
    return region


def handles_reports(user: Any, region_id: int) -> bool:
    return region_id in service_region_ids(user)


def manages_registry(user: Any, region_id: int) -> bool:
    if is_central_admin(user):
        return True
    return region_id in service_region_ids(user) | operator_region_ids(user)


def report_regions(user: Any) -> QuerySet[Region]:
    """The kab/kota whose reports the user handles."""
    return Region.objects.filter(pk__in=service_region_ids(user)).order_by("code")


def registry_regions(user: Any) -> QuerySet[Region]:
    """The kab/kota whose registries the user keeps (every kab/kota for a central admin)."""
    regencies = Region.objects.filter(level=RegionLevel.REGENCY, retired_on__isnull=True)
    if is_central_admin(user):
        return regencies.order_by("code")
    ids = service_region_ids(user) | operator_region_ids(user)
    return regencies.filter(pk__in=ids).order_by("code")


def access_region_reports(user: Any, code: str) -> Region:
    region = _regency(code)
    if not handles_reports(user, region.pk):
        raise _not_found()
    return region


def access_report(user: Any, public_id: Any) -> Report:
    report = Report.objects.select_related("region").filter(public_id=_uuid(public_id)).first()
    if report is None or not handles_reports(user, report.region_id):
        raise _not_found()
    return report


def access_appointment(user: Any, public_id: Any) -> AppointmentRequest:
    appointment = (
        AppointmentRequest.objects.select_related("service", "service__region")
        .filter(public_id=_uuid(public_id))
        .first()
    )
    if appointment is None or not handles_reports(user, appointment.service.region_id):
        raise _not_found()
    return appointment


def access_region_registry(user: Any, code: str) -> Region:
    region = _regency(code)
    if not manages_registry(user, region.pk):
        raise _not_found()
    return region


def access_service(user: Any, pk: int) -> CounsellingService:
    service = CounsellingService.objects.select_related("region").filter(pk=pk).first()
    if service is None or not manages_registry(user, service.region_id):
        raise _not_found()
    return service


def access_forum(user: Any, pk: int) -> ChildForum:
    forum = ChildForum.objects.select_related("regency", "region").filter(pk=pk).first()
    if forum is None or not manages_registry(user, forum.regency_id):
        raise _not_found()
    return forum


def access_playground(user: Any, pk: int) -> Playground:
    playground = Playground.objects.select_related("regency", "district").filter(pk=pk).first()
    if playground is None or not manages_registry(user, playground.regency_id):
        raise _not_found()
    return playground


def access_playground_photo(user: Any, public_id: Any) -> PlaygroundPhoto:
    """A photo the user may remove: of a playground of a kab/kota whose registry they keep."""
    photo = (
        PlaygroundPhoto.objects.select_related("playground", "playground__regency")
        .filter(public_id=_uuid(public_id))
        .first()
    )
    if photo is None or not manages_registry(user, photo.playground.regency_id):
        raise _not_found()
    return photo
