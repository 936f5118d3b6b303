"""Shaping checks, revisions and scores for the verification templates and the autosave API."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from layakanak.core import display
from layakanak.evaluation import queries as evaluation_queries
from layakanak.evaluation import stages
from layakanak.evaluation.models import EvidenceFile, StageScore, Submission
from layakanak.lib import limits
from layakanak.scoring.engine import ScoreResult
from layakanak.scoring.explain import describe_answer
from layakanak.scoring.model import Evidence, Indicator, Instrument, Question, Text
from layakanak.verification import access, queries
from layakanak.verification.models import CheckStatus, QuestionCheck, RevisionRequest

PREVIEWABLE_IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def format_points(value: Decimal) -> str:
    """Points as every page shows them ("612,40" / "612.40"): `core.display`, one way."""
    return display.format_decimal(value)


def signed(value: Decimal) -> str:
    text = format_points(value)
    return f"+{text}" if value > 0 else text


@dataclass
class CheckRow:
    question: Question
    indicator: Indicator
    answer: Text | None
    claimed: Decimal
    start: Decimal
    check: QuestionCheck | None
    evidence: list[tuple[Evidence, list[EvidenceFile]]]
    can_check: bool
    sent_back: bool
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.check.status if self.check else CheckStatus.PENDING

    @property
    def points(self) -> Decimal:
        return self.check.verified_points if self.check else self.start

    @property
    def version(self) -> int:
        return self.check.version if self.check else 0


def check_rows(
    user: Any,
    submission: Submission,
    stage: str,
    instrument: Instrument,
    result: ScoreResult,
    *,
    editable: bool,
    only: set[str] | None = None,
    todo_only: bool = False,
    indicator: str = "",
) -> list[CheckRow]:
    checks = queries.checks_of(submission, stage)
    start = queries.base_points(submission, stage)
    evidence = evaluation_queries.evidence_by_requirement(submission)
    sent_back = queries.open_revision_questions(submission)
    changes = revision_changes(submission, stage)
    rows = []
    for code in queries.questions_to_check(instrument, submission):
        current = instrument.indicator_of(code)
        if only is not None and current.number not in only:
            continue
        if indicator and current.number != indicator:
            continue
        check = checks.get(code)
        if todo_only and check is not None and check.status != CheckStatus.PENDING:
            continue
        question = instrument.question(code)
        scored = result.questions[code]
        rows.append(
            CheckRow(
                question=question,
                indicator=current,
                answer=describe_answer(question, scored.answer)
                if scored.answer is not None
                else None,
                claimed=scored.points,
                start=start.get(code, Decimal(0)),
                check=check,
                evidence=[(r, evidence.get((code, r.code), [])) for r in question.evidence],
                can_check=editable
                and code not in sent_back
                and access.can_check_question(user, submission, stage, code),
                sent_back=code in sent_back,
                changes=changes.get(code, []),
            )
        )
    return rows


def revision_changes(submission: Submission, stage: str) -> dict[str, list[dict[str, Any]]]:
    """Per question, what each resolved send-back of this stage changed (before → after)."""
    found: dict[str, list[dict[str, Any]]] = {}
    requests = RevisionRequest.objects.filter(
        submission_id=submission.pk, stage=stage, resolved_at__isnull=False
    )
    for request in requests:
        for code in request.changed_questions():
            before, after = request.before.get(code, {}), (request.after or {}).get(code, {})
            found.setdefault(code, []).append(
                {
                    "round": request.round,
                    "before": before.get("value"),
                    "after": after.get("value"),
                    "evidence_added": len(
                        set(after.get("evidence", [])) - set(before.get("evidence", []))
                    ),
                    "evidence_removed": len(
                        set(before.get("evidence", [])) - set(after.get("evidence", []))
                    ),
                }
            )
    return found


@dataclass
class RunningScore:
    total: Decimal
    em_total: Decimal | None
    checked: int
    to_check: int
    insufficient: int = 0  # checks marked "evidence insufficient": what a send-back starts from

    @property
    def difference(self) -> Decimal | None:
        return None if self.em_total is None else self.total - self.em_total


def running_score(
    submission: Submission,
    stage: str,
    instrument: Instrument,
    indicators: set[str] | None = None,
) -> RunningScore:
    """The stage's running total and progress; `indicators` (a verifikator K/L's) limits the
    count of questions marked "evidence insufficient" to those the user may send back."""
    points = queries.stage_points(submission, stage)
    em = StageScore.objects.filter(
        submission_id=submission.pk, stage=stages.self_assessment().code
    ).first()
    to_check = queries.questions_to_check(instrument, submission)
    checks = queries.checks_of(submission, stage)
    checked = sum(
        1 for code in to_check if code in checks and checks[code].status != CheckStatus.PENDING
    )
    mine = [
        c for c in to_check if indicators is None or instrument.indicator_of(c).number in indicators
    ]
    insufficient = len(insufficient_checks(checks, mine))
    return RunningScore(
        queries.total_of(points), em.total if em else None, checked, len(to_check), insufficient
    )


def insufficient_checks(
    checks: dict[str, QuestionCheck], to_check: list[str]
) -> dict[str, QuestionCheck]:
    """The checks of questions to check marked "evidence insufficient", in instrument order."""
    return {
        code: checks[code]
        for code in to_check
        if code in checks and checks[code].status == CheckStatus.EVIDENCE_INSUFFICIENT
    }


def save_response(check: QuestionCheck, running: RunningScore) -> dict[str, Any]:
    difference = running.difference
    return {
        "version": check.version,
        "status": check.status,
        "points": format(check.verified_points, "f"),
        "points_display": format_points(check.verified_points),
        "total": format_points(running.total),
        "difference": signed(difference) if difference is not None else "",
        "checked": running.checked,
        "to_check": running.to_check,
        "insufficient": running.insufficient,
    }


@dataclass
class SendBackItem:
    question: Question
    chosen: bool
    check: QuestionCheck | None = None  # the "evidence insufficient" check, with its comment


@dataclass
class IndicatorGroup:
    indicator: Indicator
    items: list[SendBackItem]


@dataclass
class SendBackChoices:
    """The send-back form's questions: those marked "evidence insufficient" first (preselected
    with their comments), then the others; each part grouped by indicator."""

    marked: list[IndicatorGroup]
    others: list[IndicatorGroup]
    marked_count: int
    others_count: int
    others_chosen: bool


def send_back_choices(
    instrument: Instrument,
    codes: list[str],
    marked: dict[str, QuestionCheck],
    chosen: set[str],
) -> SendBackChoices:
    def groups(part: list[str]) -> list[IndicatorGroup]:
        found: dict[str, IndicatorGroup] = {}
        for code in part:
            indicator = instrument.indicator_of(code)
            group = found.setdefault(indicator.number, IndicatorGroup(indicator, []))
            group.items.append(
                SendBackItem(instrument.question(code), code in chosen, marked.get(code))
            )
        return list(found.values())

    others = [code for code in codes if code not in marked]
    return SendBackChoices(
        marked=groups([code for code in codes if code in marked]),
        others=groups(others),
        marked_count=sum(1 for code in codes if code in marked),
        others_count=len(others),
        others_chosen=any(code in chosen for code in others),
    )


def reason_from_comments(marked: dict[str, QuestionCheck]) -> str:
    """A starting text for the send-back's reason: each marked question's comment (the verifier
    edits it before sending). Cut to the longest reason allowed, visibly (…), so that the form
    never starts with a text the send-back would refuse."""
    text = "\n".join(f"{code}: {check.comment}" for code, check in marked.items() if check.comment)
    return text if len(text) <= limits.REASON else text[: limits.REASON - 1] + "…"
