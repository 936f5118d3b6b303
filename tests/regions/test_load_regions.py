from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from layakanak.audit.models import AuditEvent
from layakanak.regions.actions import do_retire_region
from layakanak.regions.models import Region, RegionBoundary, RegionSuccession


def _load(*args: str) -> str:
    out = StringIO()
    call_command("load_regions", *args, stdout=out)
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.django_db
def test_loading_the_shipped_files_gives_every_region_of_indonesia() -> None:
    _load()
    assert Region.objects.filter(level="province").count() == 38
    regencies = Region.objects.filter(level="regency")
    assert regencies.count() == 514
    assert regencies.filter(type="kabupaten").count() == 416
    assert regencies.filter(type="kota").count() == 98
    assert Region.objects.filter(level="district").count() == 7285
    assert Region.objects.filter(level="village").count() == 83762
    assert RegionBoundary.objects.count() == 38 + 514
    assert "Nothing changed" in _load()


@pytest.mark.django_db
def test_a_second_load_changes_nothing_and_says_so(region_subset_dir: Path, regions: None) -> None:
    events = AuditEvent.objects.count()
    output = _load("--dir", str(region_subset_dir))
    assert "Nothing changed" in output
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_renamed_region_is_updated_and_audited(shipped_data_copy: Path, regions: None) -> None:
    path = shipped_data_copy / "districts.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Balikpapan Kota", "Balikpapan Pusat"),
        encoding="utf-8",
    )
    output = _load("--dir", str(shipped_data_copy))
    assert "updated      1" in output
    district = Region.objects.get(code="64.71.06")
    assert district.name == "Balikpapan Pusat"
    assert district.search_name == "balikpapan pusat"
    event = AuditEvent.objects.filter(action="regions.loaded").first()
    assert event is not None
    assert event.after["levels"]["district"]["updated"] == 1


@pytest.mark.django_db
def test_kota_balikpapan_has_six_kecamatan_and_a_boundary(regions: None) -> None:
    balikpapan = Region.objects.get(code="64.71")
    assert balikpapan.name == "Kota Balikpapan"
    assert balikpapan.type == "kota"
    assert balikpapan.parent is not None and balikpapan.parent.code == "64"
    assert balikpapan.children.count() == 6
    assert RegionBoundary.objects.filter(region=balikpapan).exists()


@pytest.mark.django_db
def test_retiring_a_region_keeps_it_and_records_its_successors(regions: None) -> None:
    old = Region.objects.get(code="64.09")
    successors = list(Region.objects.filter(code__in=["64.71", "64.72"]))
    do_retire_region(
        old,
        successors,
        effective_on=datetime.date(2026, 1, 1),
        reason="Pemekaran (uji)",
        actor="test",
    )
    old.refresh_from_db()
    assert old.is_retired
    assert Region.objects.filter(code="64.09").exists()
    assert set(
        RegionSuccession.objects.filter(predecessor=old).values_list("successor__code", flat=True)
    ) == {"64.71", "64.72"}
    assert old.children.count() > 0, "its kecamatan stay attached"
    event = AuditEvent.objects.get(action="region.retired")
    assert event.after["successors"] == ["64.71", "64.72"]


@pytest.mark.django_db
def test_a_region_cannot_be_retired_without_successors(regions: None) -> None:
    with pytest.raises(ValueError, match="successor"):
        do_retire_region(
            Region.objects.get(code="64.09"),
            [],
            effective_on=datetime.date(2026, 1, 1),
            reason="x",
            actor="test",
        )


@pytest.mark.django_db
def test_a_retired_region_stays_loaded_when_absent_from_the_files(
    shipped_data_copy: Path, regions: None
) -> None:
    path = shipped_data_copy / "villages.csv"
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith("64.71.06.1001,")
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = _load("--dir", str(shipped_data_copy))
    assert "kept (not in files)" in output
    assert Region.objects.filter(code="64.71.06.1001").exists()
