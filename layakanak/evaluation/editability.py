"""Whether a region's self-assessment may still change: the check every write of answers and
evidence makes (the autosave, uploads, reuse and removal of evidence, the workbook, the bulk
seeding of the demonstration).

A self-assessment may change while it has not been submitted and its window (or the region's
extension) is open. After submission a later stage may reopen single questions: the
verification's send-backs (`verification.actions.revisions`) let the operator change exactly the
questions sent back until the request's deadline.

Evaluation sits below verification in the layers (lib/scoring/audit → regions/instruments →
accounts → evaluation → verification/services → results → portal/api), so this module does not
read send-backs itself. The send-back rows belong to verification (`RevisionRequest`), and the
writes that make this check are evaluation's own (the operator's pages, not the verifier's), so
neither the data nor the check can move to the other side; instead verification registers a
source of reopened questions when its app is ready (`register_reopened_questions`), and the check
asks every registered source. The only import runs downwards: verification → evaluation.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection

from django.utils.translation import gettext_lazy as _

from layakanak.evaluation.errors import StageClosed
from layakanak.evaluation.models import Stage, Submission, SubmissionStatus
from layakanak.evaluation.windows import stage_is_open

# (submission, now) -> codes of the questions the operator may change although it is submitted.
ReopenedQuestions = Callable[[Submission, datetime.datetime], Collection[str]]

_sources: list[ReopenedQuestions] = []


def register_reopened_questions(source: ReopenedQuestions) -> None:
    """Add a source of questions reopened after submission (called from an `AppConfig.ready`;
    registering the same source again changes nothing)."""
    if source not in _sources:
        _sources.append(source)


def reopened_questions(submission: Submission, now: datetime.datetime) -> frozenset[str]:
    """Every question of the submitted `submission` that a registered source reopens at `now`."""
    return frozenset(code for source in _sources for code in source(submission, now))


def check_editable(
    submission: Submission,
    now: datetime.datetime,
    question_code: str | None = None,
    *,
    window_open: bool | None = None,
) -> None:
    """Raise StageClosed unless the submission's answers and evidence may change at `now`.

    With `question_code`, a question reopened after submission (a send-back) stays editable.
    `window_open` is the caller's reading of the self-assessment window when it already has it
    (the autosave reads the window with the submission's lock); None reads it here."""
    if (
        question_code is not None
        and submission.status == SubmissionStatus.SUBMITTED
        and question_code in reopened_questions(submission, now)
    ):
        return
    if submission.status == SubmissionStatus.SUBMITTED:
        raise StageClosed(
            _("The self-assessment has been submitted; answers can no longer be changed."),
        )
    if window_open is None:
        window_open = stage_is_open(submission, Stage.EVALUASI_MANDIRI, now)
    if not window_open:
        raise StageClosed(
            _("The self-assessment window is closed (or not yet open) for this region."),
        )
