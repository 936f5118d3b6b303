"""Evaluation cycles, their stage windows and the regions' submissions with answers and evidence.

A cycle (e.g. `2025`) uses one instrument version for its whole life. Each participating
kab/kota has one `Submission` per cycle that carries its answers, its evidence files and the
frozen score of every stage.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The windows of a cycle are a table of their own, next to the stages that run in them.
from layakanak.evaluation.stages import Stage as Stage
from layakanak.instruments.models import EvidenceRequirement, InstrumentVersion, Question
from layakanak.regions.models import Region


class Cycle(models.Model):
    slug = models.SlugField(max_length=30, unique=True)
    name_id = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    # Days before the self-assessment deadline on which reminders go to regions not yet submitted.
    reminder_days = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    # Grows with every change of the settings (the stage windows): the settings page carries
    # the version it showed, so that two administrators cannot overwrite each other unseen.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-slug"]

    def __str__(self) -> str:
        return self.slug


class StageWindow(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="windows")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()

    class Meta:
        ordering = ["cycle", "opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "stage"], name="stage_window_unique"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="window_closes_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}:{self.stage}"


class SubmissionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class Submission(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="submissions")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.NOT_STARTED
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_activity_at = models.DateTimeField(null=True, blank=True)
    answered_count = models.PositiveIntegerField(default=0)
    # The self-assessment score of the answers as they were at `live_scored_at`, written for the
    # whole cycle at once by `actions.scoring.do_score_cycle` (command `layakanak score`) for the
    # ministry cockpit; None until the cycle is first scored. Not a frozen stage score.
    live_total = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    live_band = models.CharField(max_length=20, blank=True)
    live_scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "region"], name="submission_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}:{self.region_id}"


class Extension(models.Model):
    """More time for one region in one stage, with the reason and who granted it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="extensions")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    until = models.DateTimeField()
    reason = models.CharField(max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-until"]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.stage} until {self.until:%Y-%m-%d %H:%M}"


class Answer(models.Model):
    """A region's answer to one question. `version` grows with every save so that a save made
    from a stale page is refused instead of overwriting a newer answer."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.JSONField(null=True)
    version = models.PositiveIntegerField(default=1)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "question"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.question_id} v{self.version}"


class StageScore(models.Model):
    """The frozen score of one stage (EM, VA, ...), reproducible from `points` and the
    instrument version it was computed with."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores")
    stage = models.CharField(max_length=10)  # EM, VA, PU, VL, VF
    total = models.DecimalField(max_digits=9, decimal_places=3)
    band_code = models.CharField(max_length=20)
    instrument_sha256 = models.CharField(max_length=64)
    points = models.JSONField()  # question code -> points as a decimal string
    computed_at = models.DateTimeField()
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "stage"], name="stage_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.stage}={self.total}"


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    # Non-guessable and free of the uploader's file name (which may identify a child).
    return f"evidence/{instance.submission.cycle_id}/{instance.id.hex}"


class EvidenceFile(models.Model):
    """A data dukung document attached to one evidence requirement of a submission."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    requirement = models.ForeignKey(EvidenceRequirement, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    valid_until = models.DateField(null=True, blank=True)
    reused_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"


# Chunked, resumable uploads of evidence files (see actions/uploads.py).
from layakanak.evaluation.models_upload import UploadSession  # noqa: E402, F401


class Reminder(models.Model):
    """A deadline reminder sent to a region, so that each one goes out once."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "days_before"], name="reminder_unique")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.days_before} days before"
