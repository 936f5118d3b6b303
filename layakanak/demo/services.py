"""The demonstration's child services: for a few kab/kota an UPTD PPA contact, counselling
services, Forum Anak, playgrounds (RBRA) and, in Kota Balikpapan, playground photos and reports
in the services inbox, all through the services actions. Idempotent per kind of record: what a
region already has is left as it is.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from layakanak.demo.photos import playground_picture
from layakanak.regions.models import Region, RegionLevel
from layakanak.services import actions
from layakanak.services.models import (
    ChildForum,
    CounsellingService,
    Playground,
    PlaygroundPhoto,
    Report,
    ReportStatus,
    ServiceContact,
)

ACTOR = "command:demo_services"

# code: (UPTD PPA, PUSPAGA name, latitude, longitude)
DEMO_REGIONS: dict[str, tuple[str, str, str, str]] = {
    "64.71": ("UPTD PPA Kota Balikpapan", "PUSPAGA Kota Balikpapan", "-1.2379", "116.8529"),
    "64.72": ("UPTD PPA Kota Samarinda", "PUSPAGA Kota Samarinda", "-0.5022", "117.1536"),
    "31.71": ("UPTD PPA Jakarta Pusat", "PUSPAGA Jakarta Pusat", "-6.1865", "106.8342"),
    "65.71": ("UPTD PPA Kota Tarakan", "PUSPAGA Kota Tarakan", "3.3000", "117.6333"),
}

# Kota Balikpapan's demo playgrounds, spread over its kecamatan (inside the shipped boundary).
DEMO_PLAYGROUND_POINTS: dict[str, tuple[str, str]] = {
    "64.71.01": ("-1.2180", "116.9620"),
    "64.71.02": ("-1.2400", "116.8200"),
    "64.71.03": ("-1.1900", "116.8750"),
}

DEMO_REPORTS = (
    ("child", "Demo: teman di sekolah sering memukul saya saat pulang.", "", None),
    (
        "parent",
        "Demo: anak tetangga sering terdengar menangis malam hari.",
        "0812-0000-0001",
        ReportStatus.CONTACTED,
    ),
    ("witness", "", "", ReportStatus.REFERRED_UPTD),
)


def build_demo_services() -> int:
    """The demo child services of every DEMO_REGIONS kab/kota that is loaded; how many."""
    regions = {
        r.code: r for r in Region.objects.filter(code__in=DEMO_REGIONS, level=RegionLevel.REGENCY)
    }
    for code, (uptd, puspaga, lat, lng) in DEMO_REGIONS.items():
        region = regions.get(code)
        if region is None:
            continue
        ensure_region_services(region, uptd, puspaga, Decimal(lat), Decimal(lng))
    return len(regions)


def ensure_region_services(
    region: Region, uptd: str, puspaga: str, lat: Decimal, lng: Decimal
) -> None:
    """The region's UPTD PPA contact, counselling services, Forum Anak, playgrounds (and, in
    Kota Balikpapan, photos and inbox reports), each only when the region has none yet."""
    if not ServiceContact.objects.filter(region=region).exists():
        slug = region.code.replace(".", "")
        actions.do_save_contact(
            region,
            {
                "unit_name": uptd,
                "email": f"uptdppa.{slug}@demo.invalid",
                "phone": "0542-000000",
                "whatsapp": "0811-0000-0000",
                "address": f"Jl. Demo No. 1, {region.name}",
            },
            actor=ACTOR,
        )
    if not CounsellingService.objects.filter(region=region).exists():
        for kind, name, d_lat, hours in (
            ("puspaga", puspaga, Decimal("0"), "Senin–Jumat 08.00–16.00"),
            ("uptd_ppa", uptd, Decimal("0.01"), "Setiap hari 24 jam (darurat)"),
        ):
            actions.do_save_service(
                None,
                region,
                {
                    "kind": kind,
                    "name": name,
                    "address": f"Jl. Demo, {region.name}",
                    "hours": hours,
                    "phone": "0542-000000",
                    "whatsapp": "0811-0000-0000",
                    "email": "",
                    "online": "Konseling daring lewat WhatsApp",
                    "latitude": lat + d_lat,
                    "longitude": lng + d_lat,
                    "active": True,
                },
                actor=ACTOR,
            )
    districts = list(
        Region.objects.filter(parent=region, level=RegionLevel.DISTRICT).order_by("code")
    )
    if not ChildForum.objects.filter(regency=region).exists():
        forum = actions.do_save_forum(
            None,
            region,
            {
                "region": region,
                "name": f"Forum Anak {region.name_short or region.name}",
                "decree": "SK Demo 1/2025",
                "boys_6_12": 6,
                "girls_6_12": 8,
                "boys_13_15": 7,
                "girls_13_15": 9,
                "boys_16_18": 5,
                "girls_16_18": 6,
            },
            actor=ACTOR,
        )
        actions.do_add_forum_activity(
            forum,
            {
                "kind": "consultation",
                "held_on": datetime.date(2025, 3, 12),
                "title": "Musrenbang anak",
                "outcome": "Usulan taman bermain dan lampu jalan di jalur sekolah masuk RKPD.",
            },
            actor=ACTOR,
        )
        for district in districts[:2]:
            actions.do_save_forum(
                None,
                region,
                {
                    "region": district,
                    "name": f"Forum Anak Kecamatan {district.name}",
                    "boys_13_15": 4,
                    "girls_13_15": 5,
                },
                actor=ACTOR,
            )
    if not Playground.objects.filter(regency=region).exists():
        for index, district in enumerate(districts[:3]):
            step = Decimal("0.01") * (index + 1)
            near = (str(lat + step), str(lng - step))
            point = DEMO_PLAYGROUND_POINTS.get(district.code, near)
            actions.do_save_playground(
                None,
                region,
                {
                    "district": district,
                    "name": f"RBRA Taman {district.name}",
                    "address": f"Kecamatan {district.name}",
                    "latitude": Decimal(point[0]),
                    "longitude": Decimal(point[1]),
                    "requirements_met": list(range(1, 14 - 2 * index)),
                    "certification": "certified" if index == 0 else "in_process",
                    "certified_on": datetime.date(2025, 7, 23) if index == 0 else None,
                },
                actor=ACTOR,
            )
    if region.code == "64.71":
        _photos(region)
    if region.code == "64.71" and not Report.objects.filter(region=region).exists():
        for kind, text, contact, status in DEMO_REPORTS:
            report, _code = actions.do_submit_report(
                actions.NewReport(region=region, reporter_kind=kind, text=text, contact=contact)
            )
            if status is not None:
                actions.do_change_report_status(
                    report, status, "Demo: catatan petugas.", actor=ACTOR, ip_address=None
                )


def _photos(region: Region) -> None:
    """One or two drawn photos (an empty playground, no people) per Balikpapan playground."""
    if PlaygroundPhoto.objects.filter(playground__regency=region).exists():
        return
    captions = ("Perosotan dan ayunan, dilihat dari gerbang", "Bangku di bawah pohon peneduh")
    for index, playground in enumerate(Playground.objects.filter(regency=region)):
        for number in range(2 if index == 0 else 1):
            content = playground_picture(seed=index * 10 + number)
            actions.do_add_playground_photo(
                playground,
                io.BytesIO(content),
                len(content),
                caption=captions[number],
                no_identifiable_child=True,
                actor=ACTOR,
            )
