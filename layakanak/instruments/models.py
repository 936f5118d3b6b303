"""Versioned evaluation instruments, stored as data.

The validated canonical document (schema `layakanak-instrument/1`) is kept whole in
`InstrumentVersion.document`; it is what the pure scoring engine reads. The rows below mirror its
tree so that answers, verification and reports can point at a question or indicator with a
foreign key and so that lists can be queried. Both are written together by
`actions.do_load_instrument` and never edited separately.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class InstrumentVersionManager(models.Manager["InstrumentVersion"]):
    """Leaves the (large) document out of every query; it is read only when an instrument is
    parsed for scoring, once per content hash (see queries.instrument_of)."""

    def get_queryset(self) -> models.QuerySet[InstrumentVersion]:
        return super().get_queryset().defer("document")


class InstrumentVersion(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name_id = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    year = models.PositiveIntegerField()
    legal_basis = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=InstrumentStatus.choices)
    reconstruction = models.BooleanField(default=False)
    total_points = models.DecimalField(max_digits=9, decimal_places=3)
    precision = models.PositiveSmallIntegerField()
    band_rule = models.CharField(max_length=20)
    document = models.JSONField()
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InstrumentVersionManager()

    class Meta:
        ordering = ["-year", "slug"]
        # Related-object access (cycle.instrument) also defers the document.
        base_manager_name = "objects"

    def __str__(self) -> str:
        return self.slug


class Component(models.Model):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="components"
    )
    code = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField()
    name_id = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    max_points = models.DecimalField(max_digits=9, decimal_places=3)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="component_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.version_id}:{self.code}"


class Indicator(models.Model):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="indicators"
    )
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="indicators")
    number = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField()
    name_id = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300)
    opd = models.JSONField(default=list)
    max_points = models.DecimalField(max_digits=9, decimal_places=3)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="indicator_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.version_id}:{self.number}"


class Question(models.Model):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="questions"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(max_length=30)
    order = models.PositiveSmallIntegerField()
    type = models.CharField(max_length=20)
    text_id = models.TextField()
    text_en = models.TextField()
    required = models.BooleanField()
    max_points = models.DecimalField(max_digits=9, decimal_places=3)
    opd = models.JSONField(default=list)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="question_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.version_id}:{self.code}"


class EvidenceRequirement(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="evidence")
    code = models.CharField(max_length=40)
    order = models.PositiveSmallIntegerField()
    label_id = models.CharField(max_length=300)
    label_en = models.CharField(max_length=300)
    required = models.BooleanField()
    file_types = models.JSONField(default=list)

    class Meta:
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="evidence_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}:{self.code}"


class PredicateBand(models.Model):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="bands")
    code = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField()
    name_id = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    min_points = models.DecimalField(max_digits=9, decimal_places=3)
    max_points = models.DecimalField(max_digits=9, decimal_places=3)
    awarded = models.BooleanField()
    colour = models.CharField(max_length=7)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="band_code_unique")]

    def __str__(self) -> str:
        return f"{self.version_id}:{self.code}"
