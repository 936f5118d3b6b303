"""Resumable evidence uploads (written by the actions of actions/uploads.py).

An upload arrives in chunks. Each chunk is written as its own object in Django's default storage
(`parts`), so any web process on any machine can take the next chunk and nothing is held in
memory. `received` is the number of contiguous bytes the server has: a client that lost its
connection (or reloaded the page) asks for it and continues from there. Finishing joins the
parts into one file, checks it by content, stores it as an `EvidenceFile` and deletes the parts.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from layakanak.instruments.models import EvidenceRequirement


class UploadSession(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(
        "evaluation.Submission", on_delete=models.CASCADE, related_name="upload_sessions"
    )
    requirement = models.ForeignKey(EvidenceRequirement, on_delete=models.PROTECT, related_name="+")
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()  # declared by the client when the upload starts
    received = models.PositiveBigIntegerField(default=0)  # contiguous bytes stored so far
    # Storage names of the stored chunks, in order: [[offset, length, name], ...].
    parts = models.JSONField(default=list)
    # The detected kind ("pdf", "png", ...) from the first bytes; checked again in full at the end.
    kind = models.CharField(max_length=10, blank=True)
    # SHA-256 of the whole file, computed while the parts are joined (empty until finished).
    sha256 = models.CharField(max_length=64, blank=True)
    evidence = models.OneToOneField(
        "evaluation.EvidenceFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} {self.received}/{self.size}"

    @property
    def storage_prefix(self) -> str:
        return f"evidence-uploads/{self.id.hex}"
