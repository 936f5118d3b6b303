"""Shaping scores, questions and deadlines for the workspace templates and the autosave API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from layakanak.core import display
from layakanak.core.locale import side
from layakanak.evaluation import access, queries
from layakanak.evaluation.evidence import previous_evidence
from layakanak.evaluation.models import Answer, Stage, Submission
from layakanak.evaluation.readiness import Item, Readiness, Tally
from layakanak.evaluation.windows import window_of
from layakanak.scoring.engine import ScoreResult
from layakanak.scoring.explain import describe_held_back, describe_shortfall
from layakanak.scoring.model import Component, Indicator, Instrument, Question, Text


def format_points(value: Decimal) -> str:
    """Points as every page shows them ("612,40" / "612.40"): `core.display`, one way."""
    return display.format_decimal(value)


def percent(part: Decimal | int, whole: Decimal | int) -> int:
    return int(Decimal(part) * 100 / Decimal(whole)) if whole else 0


@dataclass
class IndicatorRow:
    indicator: Indicator
    points: Decimal
    maximum: Decimal
    ready: Tally  # answers and required documents provided (`readiness`)

    @property
    def complete(self) -> bool:
        return self.ready.complete


@dataclass
class ComponentRow:
    component: Component
    points: Decimal
    maximum: Decimal
    ready: Tally
    indicators: list[IndicatorRow]

    @property
    def progress(self) -> int:
        return self.ready.percent


def component_rows(
    instrument: Instrument, result: ScoreResult, ready: Readiness
) -> list[ComponentRow]:
    """Points per component and indicator, with their readiness counters."""
    rows = []
    for component, scored in zip(instrument.components, result.components, strict=True):
        indicators = [
            IndicatorRow(indicator, s.points, s.maximum, ready.indicators[indicator.number])
            for indicator, s in zip(component.indicators, scored.indicators, strict=True)
        ]
        rows.append(
            ComponentRow(
                component,
                scored.points,
                component.max_points,
                ready.components[component.code],
                indicators,
            )
        )
    return rows


@dataclass
class DeadlineInfo:
    moment: datetime.datetime  # shown in the region's zone with `region_time` (core.display)
    seconds_left: int


def deadline_info(
    submission: Submission, deadline: datetime.datetime | None
) -> DeadlineInfo | None:
    """The deadline and the seconds left until it (the page shows it in the region's zone)."""
    if deadline is None:
        return None
    left = int((deadline - timezone.now()).total_seconds())
    return DeadlineInfo(deadline, max(left, 0))


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
    instrument: Instrument,
    result: ScoreResult,
    code: str,
    answer: Answer | None,
    ready: Readiness,
) -> dict[str, Any]:
    """What the autosave script needs after a save: version, scores, visibility, counters (the
    readiness counters of `readiness`: answers and required documents)."""
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
        "held_back": _text_json(held_back(instrument, result)),
        "indicator": {
            "number": indicator.number,
            "points": format_points(scored_indicator.points),
            "completeness": ready.indicators[indicator.number].text,
        },
        "component": {
            "code": component.code,
            "points": format_points(scored_component.points),
            "completeness": ready.components[component.code].text,
        },
        "ready": ready.tally.as_json(),
        "visible": {q.code: result.visible[q.code] for q in indicator.questions},
    }


def held_back(instrument: Instrument, result: ScoreResult) -> Text | None:
    """Why the proposed predicate is below the band of the total (a must-meet rule of the
    instrument is not met), in both languages; None when it is not."""
    return describe_held_back(instrument, result.proposal) if result.proposal else None


def shortfall_texts(instrument: Instrument, shortfalls: Any) -> list[Text]:
    """Each unmet must-meet rule in words (the rule, the points now, the gap)."""
    return [describe_shortfall(instrument, item) for item in shortfalls]


def _text_json(text: Text | None) -> dict[str, str] | None:
    return {"id": text.id, "en": text.en} if text is not None else None


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


@dataclass
class MissingGroup:
    """Missing items of one indicator, or of one office (OPD), for the submit page."""

    title: str  # "1 · Perda KLA" or the office's name, in the active language
    opd: str  # the office (grouped by OPD), or the indicator's offices (grouped by indicator)
    items: list[Item]


def missing_by_indicator(instrument: Instrument, ready: Readiness) -> list[MissingGroup]:
    """The missing items indicator by indicator, in instrument order."""
    groups: dict[str, MissingGroup] = {}
    for item in ready.missing:
        if item.indicator not in groups:
            indicator = instrument.indicator_of(item.question)
            title = f"{indicator.number} · {side(indicator.name.id, indicator.name.en)}"
            groups[item.indicator] = MissingGroup(title, ", ".join(indicator.opd), [])
        groups[item.indicator].items.append(item)
    return list(groups.values())


def missing_by_opd(ready: Readiness) -> list[MissingGroup]:
    """The missing items office by office (OPD, by name): what the operator sends each one. A
    question several offices answer is listed under each of them."""
    groups: dict[str, MissingGroup] = {}
    for item in ready.missing:
        for opd in item.opd or ("",):
            groups.setdefault(opd, MissingGroup(opd, opd, [])).items.append(item)
    return [groups[opd] for opd in sorted(groups)]


def submit_blockers(
    submission: Submission,
    ready: Readiness,
    can_submit: bool,
    is_open: bool,
    now: datetime.datetime,
) -> list[str]:
    """Why the submit page shows no submit button, in plain words (empty: it shows one)."""
    reasons: list[str] = []
    if not ready.ready:
        answers = ngettext("%(count)s answer", "%(count)s answers", ready.missing_answers) % {
            "count": ready.missing_answers
        }
        documents = ngettext(
            "%(count)s required document",
            "%(count)s required documents",
            ready.missing_documents,
        ) % {"count": ready.missing_documents}
        reasons.append(
            _(
                "Not everything is there yet: %(answers)s and %(documents)s are still missing. "
                "They are listed below; download the list to send each office (OPD) its part."
            )
            % {"answers": answers, "documents": documents}
        )
    if not is_open:
        window = window_of(submission, Stage.EVALUASI_MANDIRI)
        if window is not None and now < window.opens_at:
            reasons.append(_("The self-assessment window is not open yet."))
        else:
            reasons.append(
                _(
                    "The self-assessment window is closed for this region. "
                    "Ask the ministry for an extension."
                )
            )
    if not can_submit:
        reasons.append(
            _(
                "Only the region's operator submits the self-assessment, on behalf of the "
                "Gugus Tugas KLA."
            )
        )
    return reasons
