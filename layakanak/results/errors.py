"""Refusals of result actions, each with a message from the catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from layakanak.evaluation.errors import EvaluationRefused
from layakanak.lib.refusals import Text


class PublicationRefused(EvaluationRefused):
    """A precondition of publishing does not hold; nothing was written."""


class CertificateRefused(PublicationRefused):
    """A certificate cannot be issued or reissued; nothing was written."""


class ImportError_(EvaluationRefused):
    """A historical results file has errors; nothing was written.

    `errors` lists (line, message) for every row that failed; `str(message)` is in the active
    language."""

    def __init__(self, errors: list[tuple[int, Text]]) -> None:
        self.errors = errors
        super().__init__(_("%(count)s errors; nothing was saved."), count=len(errors))
