"""Counters of attempts and used one-time form tokens, kept in the database so that every
process and every server of a deployment counts the same attempts (a per-process cache would let
two workers allow twice the limit, and a restart would forget them)."""

from __future__ import annotations

from django.db import models


class AttemptCounter(models.Model):
    """Attempts of one subject (a keyed hash of an address or an e-mail) in one fixed window."""

    key = models.CharField(max_length=120)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="attempt_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class UsedToken(models.Model):
    """A one-time token (a signed form token) that has been used; kept until it would expire."""

    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.digest[:12]
