"""Indonesia's administrative regions by their Kemendagri codes.

One table holds all four levels (provinsi, kabupaten/kota, kecamatan, desa/kelurahan): the
hierarchy is the `parent` link and the code prefix. Anything attached to a region (answers,
results, services) points at its row id, so a region that is retired through pemekaran keeps
everything attached to it; `RegionSuccession` records which regions replaced it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from layakanak.lib.codes import Level


class RegionType(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency (kabupaten)")
    KOTA = "kota", _("City (kota)")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    DESA = "desa", _("Village (desa)")
    KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
    DESA_ADAT = "desa_adat", _("Customary village (desa adat)")


class RegionLevel(models.TextChoices):
    PROVINCE = Level.PROVINCE.value, _("Province")
    REGENCY = Level.REGENCY.value, _("Regency/city")
    DISTRICT = Level.DISTRICT.value, _("District")
    VILLAGE = Level.VILLAGE.value, _("Village")


class Region(models.Model):
    code = models.CharField(max_length=13, unique=True)
    level = models.CharField(max_length=10, choices=RegionLevel.choices)
    type = models.CharField(max_length=10, choices=RegionType.choices)
    name = models.CharField(max_length=120)
    # Short name without "Kabupaten"/"Kota" (kab/kota only); not unique (Kab. and Kota Bogor).
    name_short = models.CharField(max_length=120, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Lower-cased name for case-insensitive search that works the same on SQLite and PostgreSQL.
    search_name = models.CharField(max_length=120, db_index=True)
    retired_on = models.DateField(null=True, blank=True)
    retired_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"], name="region_level_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None


class RegionSuccession(models.Model):
    """A retired region and one of the regions that replaced it (pemekaran or merger)."""

    predecessor = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="successions")
    successor = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="predecessions")
    effective_on = models.DateField()
    legal_basis = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="region_succession_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} -> {self.successor_id} ({self.effective_on})"


class RegionBoundary(models.Model):
    """The simplified shape of a province or kab/kota as a GeoJSON geometry (WGS84 lon/lat)."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="boundary")
    geometry = models.JSONField()
    bbox = models.JSONField()  # [west, south, east, north]
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"boundary of region {self.region_id}"
