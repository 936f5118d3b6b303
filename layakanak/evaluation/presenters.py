"""Shaping scores, questions and deadlines for the workspace templates and the autosave API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format

from layakanak.evaluation import access, queries
from layakanak.evaluation.evidence import previous_evidence
from layakanak.evaluation.models import Answer, Submission
from layakanak.regions.timezones import zone_for, zone_label
from layakanak.scoring.engine import ScoreResult
from layakanak.scoring.model import Component, Indicator, Instrument, Question


def format_points(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, force_grouping=True)


def percent(part: Decimal | int, whole: Decimal | int) -> int:
    return int(Decimal(part) * 100 / Decimal(whole)) if whole else 0


@dataclass
class IndicatorRow:
    indicator: Indicator
    points: Decimal
    maximum: Decimal
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


@dataclass
class ComponentRow:
    component: Component
    points: Decimal
    maximum: Decimal
    answered: int
    total: int
    indicators: list[IndicatorRow]

    @property
    def progress(self) -> int:
        return percent(self.answered, self.total)


def component_rows(instrument: Instrument, result: ScoreResult) -> list[ComponentRow]:
    rows = []
    for component, scored in zip(instrument.components, result.components, strict=True):
        indicators = [
            IndicatorRow(indicator, s.points, s.maximum, s.answered, s.total)
            for indicator, s in zip(component.indicators, scored.indicators, strict=True)
        ]
        rows.append(
            ComponentRow(
                component,
                scored.points,
                component.max_points,
                scored.answered,
                scored.total,
                indicators,
            )
        )
    return rows


@dataclass
class DeadlineInfo:
    moment: datetime.datetime
    local: datetime.datetime
    zone: str
    seconds_left: int


def deadline_info(
    submission: Submission, deadline: datetime.datetime | None
) -> DeadlineInfo | None:
    """The deadline shown in the region's own time zone (WIB, WITA or WIT)."""
    if deadline is None:
        return None
    # The region's clock time without a zone: the `date` template filter would turn an aware
    # datetime back into the site's zone (WIB) while the page labels it WITA or WIT.
    local = deadline.astimezone(zone_for(submission.region.code)).replace(tzinfo=None)
    left = int((deadline - timezone.now()).total_seconds())
    return DeadlineInfo(deadline, local, zone_label(submission.region.code), max(left, 0))


def contributors(submission: Submission) -> list[dict[str, Any]]:
    """Who answered how many questions, and when last (the operator sees who did what)."""
    rows: dict[Any, dict[str, Any]] = {}
    for answer in Answer.objects.filter(submission=submission).select_related("answered_by"):
        user = answer.answered_by
        key = user.pk if user else None
        entry = rows.setdefault(key, {"user": user, "count": 0, "last": answer.answered_at})
        entry["count"] += 1
        entry["last"] = max(entry["last"], answer.answered_at)
    return sorted(rows.values(), key=lambda r: r["last"], reverse=True)


@dataclass
class QuestionRow:
    question: Question
    visible: bool
    points: Decimal
    maximum: Decimal
    answer: Answer | None
    value: Any
    can_answer: bool
    evidence: list[tuple[Any, list[Any], list[Any]]]

    @property
    def version(self) -> int:
        return self.answer.version if self.answer else 0


def question_rows(
    user: Any,
    submission: Submission,
    instrument: Instrument,
    indicator: Indicator,
    result: ScoreResult,
    *,
    editable: bool,
) -> list[QuestionRow]:
    stored = queries.stored_answers(submission)
    evidence = queries.evidence_by_requirement(submission)
    previous = previous_evidence(submission)
    rows = []
    for question in indicator.questions:
        scored = result.questions[question.code]
        answer = stored.get(question.code)
        rows.append(
            QuestionRow(
                question=question,
                visible=scored.visible,
                points=scored.points,
                maximum=scored.maximum,
                answer=answer,
                value=answer.value if answer else None,
                can_answer=editable
                and access.can_answer(user, submission, question, indicator.opd),
                evidence=[
                    (
                        requirement,
                        evidence.get((question.code, requirement.code), []),
                        previous.get((question.code, requirement.code), []),
                    )
                    for requirement in question.evidence
                ],
            )
        )
    return rows


def neighbours(instrument: Instrument, number: str) -> tuple[Indicator | None, Indicator | None]:
    indicators = [i for c in instrument.components for i in c.indicators]
    index = next(n for n, i in enumerate(indicators) if i.number == number)
    before = indicators[index - 1] if index > 0 else None
    after = indicators[index + 1] if index + 1 < len(indicators) else None
    return before, after


def save_response(
    instrument: Instrument, result: ScoreResult, code: str, answer: Answer | None
) -> dict[str, Any]:
    """What the autosave script needs after a save: version, scores, visibility, counters."""
    indicator = instrument.indicator_of(code)
    component = instrument.component_of(code)
    scored_component = next(c for c in result.components if c.code == component.code)
    scored_indicator = result.indicators[indicator.number]
    return {
        "question": code,
        "version": answer.version if answer else 0,
        "saved_at": (answer.answered_at if answer else timezone.now()).isoformat(),
        "points": format_points(result.points[code]),
        "total": format_points(result.total),
        "band": {
            "code": result.band.code,
            "name_id": result.band.name.id,
            "name_en": result.band.name.en,
        },
        "indicator": {
            "number": indicator.number,
            "points": format_points(scored_indicator.points),
            "completeness": scored_indicator.completeness,
        },
        "component": {
            "code": component.code,
            "points": format_points(scored_component.points),
            "completeness": scored_component.completeness,
        },
        "visible": {q.code: result.visible[q.code] for q in indicator.questions},
    }


def plan_rows(instrument: Instrument, gap_plan: Any) -> list[dict[str, Any]]:
    """The planner's improvements with their question and indicator, largest gain first."""
    rows = []
    for improvement in gap_plan.improvements:
        rows.append(
            {
                "improvement": improvement,
                "question": instrument.question(improvement.question),
                "indicator": instrument.indicator_of(improvement.question),
            }
        )
    return rows
