"""Published results: immutable, versioned snapshots of a cycle's predicates.

Public pages, the public API and every export read from here and nowhere else (ARCHITECTURE.md,
rule 3): a decision in `verification` becomes public only when `do_publish_cycle` freezes it into a
`Publication`. A correction is a new version with a reason; the earlier version stays readable and
is marked superseded (that mark, set once, is the only change a publication ever receives).

Cycles that ran before the platform come in through `layakanak import_results` as publications
with source "history": region rows where the per-region result is known, or only national totals
(`aggregate_only`) where just the counts were published (KLA.md section 3).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from layakanak.evaluation.models import Cycle
from layakanak.regions.models import Region


class Source(models.TextChoices):
    PLATFORM = "platform", _("Evaluated on this platform")
    HISTORY = "history", _("Historical result (imported)")


class Publication(models.Model):
    cycle_slug = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()  # the award year, for ordering and charts
    version = models.PositiveIntegerField()
    cycle = models.ForeignKey(
        Cycle, null=True, blank=True, on_delete=models.PROTECT, related_name="publications"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    name_id = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    decree_number = models.CharField(max_length=200, blank=True)
    decree_date = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)  # why this version exists (required for corrections)
    # The legend frozen with the results: [{code, order, name_id, name_en, min, max, awarded,
    # colour}] from the instrument version the cycle used (or the import's bands).
    bands = models.JSONField()
    participants = models.PositiveIntegerField(null=True, blank=True)
    # Counts of kab/kota per band code, plus "provila" for Provinsi Layak Anak.
    totals = models.JSONField(default=dict)
    aggregate_only = models.BooleanField(default=False)
    sha256 = models.CharField(max_length=64)  # of the canonical content (rows + metadata)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["cycle_slug", "version"], name="publication_version")
        ]
        indexes = [models.Index(fields=["superseded_at", "year"], name="publication_current")]

    def __str__(self) -> str:
        return f"{self.cycle_slug} v{self.version}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    def band(self, code: str) -> dict[str, Any] | None:
        for band in self.bands:
            if band["code"] == code:
                return dict(band)
        return None

    @property
    def awarded_bands(self) -> list[dict[str, Any]]:
        """Awarded bands, highest first (the order of the decree annex)."""
        return sorted(
            (b for b in self.bands if b.get("awarded")), key=lambda b: b["order"], reverse=True
        )


class RegionResult(models.Model):
    """One kab/kota's result in one publication."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="results")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=13)
    predicate = models.CharField(max_length=20, blank=True)  # band code; "" = no predicate
    score = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    # Stage totals ({"EM": "812.500", "VA": ...}) and the final scores per component and indicator
    # (code -> points as decimal strings), for the region profile and the open data.
    stage_scores = models.JSONField(default=dict)
    component_scores = models.JSONField(default=dict)
    indicator_scores = models.JSONField(default=dict)
    source_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["publication", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "region"], name="result_region")
        ]
        indexes = [models.Index(fields=["region", "publication"], name="result_by_region")]

    def __str__(self) -> str:
        return f"{self.publication_id}:{self.region_id}:{self.predicate}"


class ProvinceAward(models.Model):
    """Provinsi Layak Anak (Provila) in one publication."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="province_awards"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["publication", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "region"], name="province_award_region")
        ]

    def __str__(self) -> str:
        return f"{self.publication_id}:{self.region_id}"


class Certificate(models.Model):
    """A piagam for an awarded kab/kota or a Provinsi Layak Anak, checkable at
    /verifikasi/<code>/ by anyone. A reissue replaces the old code, which stays checkable."""

    code = models.CharField(max_length=20, unique=True)  # non-guessable, printed on the QR
    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="certificates"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    predicate = models.CharField(max_length=20)  # band code, or "provila"
    file = models.CharField(max_length=300, blank=True)  # storage name of the PDF
    sha256 = models.CharField(max_length=64, blank=True)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replaced_at = models.DateTimeField(null=True, blank=True)
    replace_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["publication", "region__code", "issued_at"]

    def __str__(self) -> str:
        return self.code


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class CertificateBatch(models.Model):
    """Generating every certificate of a publication in the background, with progress."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=BatchStatus.choices)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    archive = models.CharField(max_length=300, blank=True)  # storage name of the ZIP
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.publication_id}: {self.done}/{self.total}"
