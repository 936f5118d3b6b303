"""Refusals of verification actions, each with a message from the catalogue.

They extend the evaluation's `EvaluationRefused`, so views handle both the same way."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from layakanak.evaluation.errors import EvaluationRefused


class VerificationRefused(EvaluationRefused):
    """A precondition of a verification step does not hold; nothing was written."""


class StageLocked(VerificationRefused):
    """The stage is not the one under review (approved and locked, or not reached yet)."""


class CheckConflict(VerificationRefused):
    """The check changed since the page that sent this save was loaded."""

    def __init__(
        self, points: Decimal, status: str, comment: str, version: int, changed_by: str
    ) -> None:
        self.points = points
        self.status = status
        self.comment = comment
        self.version = version
        self.changed_by = changed_by
        super().__init__(
            _(
                "This check was changed by %(changed_by)s since your page was loaded; nothing "
                "was overwritten. Look at the latest values before saving again."
            ),
            changed_by=changed_by,
        )
