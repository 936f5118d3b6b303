"""Refusals of result actions, with messages in Bahasa Indonesia and English."""

from __future__ import annotations

from layakanak.evaluation.errors import EvaluationRefused


class PublicationRefused(EvaluationRefused):
    """A precondition of publishing does not hold; nothing was written."""


class ImportError_(EvaluationRefused):
    """A historical results file has errors; nothing was written.

    `errors` lists (line, message_id, message_en) for every row that failed."""

    def __init__(self, errors: list[tuple[int, str, str]]) -> None:
        self.errors = errors
        super().__init__(
            f"{len(errors)} kesalahan; tidak ada yang disimpan.",
            f"{len(errors)} errors; nothing was saved.",
        )
