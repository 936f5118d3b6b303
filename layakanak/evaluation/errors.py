"""Refusals of evaluation actions, each with a message from the catalogue.

A refusal keeps an English template (`gettext_lazy`) and its parameters; `str(refusal)` shows it
in the active language (Bahasa Indonesia unless the reader chose English), so the same refusal
reads right on a page, in the API and in a console command (`translation.override`). The
Indonesian text is the catalogue's (`layakanak/locale/id/LC_MESSAGES/django.po`).

`EvaluationRefused` is the base of every refusal of the workflow: verification and results derive
their own from it, so views and the API handle them all the same way.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from layakanak.core.locale import side
from layakanak.lib.refusals import Refused, Text
from layakanak.scoring.answers import AnswerError


class EvaluationRefused(Refused):
    """A precondition of an action does not hold; nothing was written."""


class StageClosed(EvaluationRefused):
    """The stage window is closed for this region and no extension applies."""


class AnswerConflict(EvaluationRefused):
    """The answer changed since the page that sent this save was loaded."""

    def __init__(self, current_value: Any, current_version: int, changed_by: str) -> None:
        self.current_value = current_value
        self.current_version = current_version
        self.changed_by = changed_by
        super().__init__(
            _(
                "This answer was changed by %(changed_by)s since your page was loaded. "
                "Check the latest answer before saving again."
            ),
            changed_by=changed_by,
        )


class EditConflict(EvaluationRefused):
    """A form's save made from a stale page: someone saved the same thing since the page was
    loaded (the form carries the version it showed). Nothing was written; `current_version` is
    the version to send when the person, having been told, saves again."""

    status = 409

    def __init__(self, what: object, current_version: int, changed_by: str) -> None:
        self.current_version = current_version
        self.changed_by = changed_by
        super().__init__(EDIT_CONFLICT, what=what, changed_by=changed_by)


# Shared with the child services' registries (`services.actions.ServiceConflict`).
EDIT_CONFLICT = _(
    "%(what)s was changed by %(changed_by)s since your page was loaded, so nothing was saved. "
    "What you typed is kept: reload the page to see their change, or save again to replace it."
)


class IncompleteSubmission(EvaluationRefused):
    def __init__(self, missing: list[dict[str, str]]) -> None:
        self.missing = missing
        super().__init__(
            _("The self-assessment is not complete: %(count)s item(s) missing."),
            count=len(missing),
        )


class CycleSetupRefused(EvaluationRefused, ValueError):
    """A cycle, window, participant or extension change that would leave the cycle inconsistent
    (a ValueError too, as these refusals were before they had messages)."""


class EvidenceRefused(EvaluationRefused):
    """An upload, reuse or removal that cannot be done; `status` is the HTTP status to answer."""

    status = 422

    def __init__(self, template: object, /, *, status: int | None = None, **params: Any) -> None:
        super().__init__(template, **params)
        if status is not None:
            self.status = status


class UploadGap(EvidenceRefused):
    """A chunk that starts after the bytes the server has; `received` tells where to go on."""

    status = 409

    def __init__(self, received: int, offset: int) -> None:
        self.received = received
        super().__init__(
            _(
                "The chunk starts at byte %(offset)s but the server has only %(received)s "
                "bytes. Continue from byte %(received)s."
            ),
            offset=offset,
            received=received,
        )


class WorkbookRefused(EvaluationRefused):
    """The uploaded file is not this region's workbook of this cycle, or not a workbook at all."""


def both_languages(template: object, /, **params: Any) -> tuple[str, str]:
    """The message in Bahasa Indonesia and in English, for the few places that keep both side by
    side: the scoring engine's answer errors (the engine is pure, with no catalogue) and the
    workbook's cell errors, which carry them."""
    message = Text(template, params)
    with translation.override("id"):
        text_id = str(message)
    with translation.override("en"):
        text_en = str(message)
    return text_id, text_en


def answer_error(question_code: str, kind: str, template: object, /, **params: Any) -> AnswerError:
    """An `AnswerError` raised outside the scoring engine (a workbook cell, a stale stored
    answer), with its texts from the catalogue."""
    return AnswerError(question_code, kind, *both_languages(template, **params))


def message_of(error: EvaluationRefused | AnswerError) -> str:
    """What a person reads of a refusal or of an engine's answer error, in the active language."""
    if isinstance(error, AnswerError):
        return side(error.message_id, error.message_en)
    return error.message
