"""The kinds of service sites shown in a field verification: the shipped defaults, and the rows
of `SiteKind`, which add kinds or change or retire a default by its code (in the admin, without a
release). KLA.md sections 4 and 11: the 2025 VLH loci included UPTD PPA, PUSPAGA, PISA,
Puskesmas, schools and places of worship."""

from __future__ import annotations

from dataclasses import dataclass

from layakanak.verification.models import SiteKind


@dataclass(frozen=True)
class Kind:
    code: str
    name_id: str
    name_en: str
    position: int
    active: bool = True


DEFAULTS: tuple[Kind, ...] = (
    Kind("puskesmas", "Puskesmas", "Community health centre (Puskesmas)", 10),
    Kind("school", "Sekolah", "School", 20),
    Kind("rbra", "Ruang Bermain Ramah Anak (RBRA)", "Child-friendly play space (RBRA)", 30),
    Kind(
        "puspaga", "Pusat Pembelajaran Keluarga (PUSPAGA)", "Family learning centre (PUSPAGA)", 40
    ),
    Kind("uptd_ppa", "UPTD PPA", "UPTD PPA (women and child protection unit)", 50),
    Kind(
        "pisa",
        "Pusat Informasi Sahabat Anak (PISA)",
        "Child-friendly information centre (PISA)",
        60,
    ),
    Kind("forum_anak", "Forum Anak", "Children's forum (Forum Anak)", 70),
    Kind("place_of_worship", "Rumah ibadah ramah anak", "Child-friendly place of worship", 80),
    Kind(
        "lpkra",
        "Lembaga Penyedia Kesejahteraan Ramah Anak (LPKRA)",
        "Child-friendly welfare institution (LPKRA)",
        90,
    ),
    Kind("other", "Lainnya", "Other", 1000),
)


def site_kinds() -> list[Kind]:
    """Every kind, the defaults overridden and extended by the stored rows, in display order."""
    kinds = {kind.code: kind for kind in DEFAULTS}
    for row in SiteKind.objects.all():
        kinds[row.code] = Kind(row.code, row.name_id, row.name_en, row.position, row.active)
    return sorted(kinds.values(), key=lambda kind: (kind.position, kind.code))


def is_active(code: str) -> bool:
    return any(kind.code == code and kind.active for kind in site_kinds())
