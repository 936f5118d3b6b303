"""URL converters of the verification: a stage code from the stage table, a question code.

The converters accept any word and then ask the table (`evaluation.stages`), so that the
addresses follow the table as it is when the request comes, also a stage a test adds; a code
that is not a stage of the right kind is no match (404), and reversing with one fails."""

from __future__ import annotations

from layakanak.evaluation import stages


class VerificationStageConverter:
    """A stage with per-question checks (VA, PU, VL, VF): the workbench and its actions."""

    regex = "[A-Za-z0-9]+"

    def to_python(self, value: str) -> str:
        row = stages.find(value)
        if row is None or not row.checks:
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return self.to_python(value)


class ScoredStageConverter:
    """A stage that freezes a score (EM and the verification stages): the feedback reports."""

    regex = "[A-Za-z0-9]+"

    def to_python(self, value: str) -> str:
        row = stages.find(value)
        if row is None or not row.scored:
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return self.to_python(value)


class QuestionCodeConverter:
    """An instrument's question code (`1.1`, `12.3a`)."""

    regex = "[0-9A-Za-z._-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
