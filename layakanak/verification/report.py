"""The region feedback report after a stage (KLA.md section 4): per indicator the score, what
has been done (telah dilaksanakan), what has not (belum dilaksanakan), the responsible OPD, the
data still needed, and the plan to the next predicate from the scoring engine. The page and the
PDF (WeasyPrint) share one template."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from layakanak.evaluation import queries as evaluation_queries
from layakanak.evaluation import stages
from layakanak.evaluation.models import StageScore, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.engine import propose_from_points
from layakanak.scoring.explain import describe_held_back, describe_shortfall
from layakanak.scoring.model import Band, Indicator, Text
from layakanak.scoring.planner import Plan, plan
from layakanak.verification import queries
from layakanak.verification.models import CheckStatus


@dataclass
class QuestionLine:
    code: str
    text: Text
    points: Decimal
    maximum: Decimal
    comment: str = ""


@dataclass
class IndicatorSection:
    indicator: Indicator
    points: Decimal
    maximum: Decimal
    done: list[QuestionLine] = field(default_factory=list)
    not_done: list[QuestionLine] = field(default_factory=list)
    data_needed: list[Text] = field(default_factory=list)


@dataclass
class FeedbackReport:
    submission: Submission
    stage: str
    score: StageScore
    band: Band
    em_total: Decimal | None
    sections: list[IndicatorSection]
    plan: Plan | None
    # Why the predicate is below the band of the score (a must-meet rule of the instrument),
    # and the target's rules the plan must meet, in words.
    held_back: Text | None = None
    prerequisites: tuple[Text, ...] = ()


def available_stages(submission: Submission) -> list[str]:
    """The stages with a report: those that froze a score (EM and each approved stage)."""
    stored = set(StageScore.objects.filter(submission=submission).values_list("stage", flat=True))
    return [row.code for row in stages.scored_stages() if row.code in stored]


def build_report(submission: Submission, stage: str) -> FeedbackReport | None:
    score = StageScore.objects.filter(submission=submission, stage=stage).first()
    if score is None:
        return None
    instrument = instrument_of(submission.cycle.instrument)
    points = {code: Decimal(value) for code, value in score.points.items()}
    self_assessment = stages.self_assessment().code
    checks = queries.checks_of(submission, stage) if stage != self_assessment else {}
    evidence = evaluation_queries.evidence_by_requirement(submission)
    answers = evaluation_queries.answer_values(submission)
    sections = []
    for component in instrument.components:
        for indicator in component.indicators:
            section = IndicatorSection(
                indicator,
                sum((points.get(q.code, Decimal(0)) for q in indicator.questions), Decimal(0)),
                indicator.maximum,
            )
            for question in indicator.questions:
                if question.maximum == 0:
                    continue
                earned = points.get(question.code, Decimal(0))
                check = checks.get(question.code)
                line = QuestionLine(
                    question.code,
                    question.text,
                    earned,
                    question.maximum,
                    check.comment if check else "",
                )
                (section.done if earned > 0 else section.not_done).append(line)
                if (
                    earned < question.maximum
                    and check
                    and check.status == CheckStatus.EVIDENCE_INSUFFICIENT
                ):
                    section.data_needed += [r.label for r in question.evidence]
                elif question.code in answers:
                    section.data_needed += [
                        r.label
                        for r in question.evidence
                        if r.required and not evidence.get((question.code, r.code))
                    ]
            sections.append(section)
    # The plan starts from the answers verification accepted: an answer whose points were
    # lowered counts as not given, so the planner proposes it again. Its target is the band
    # above the one this stage's score implies (not above the band of the accepted answers,
    # which may be lower when points were only partly kept).
    em = StageScore.objects.filter(submission=submission, stage=self_assessment).first()
    claimed = queries.claimed_points(submission)
    accepted = {
        code: value
        for code, value in answers.items()
        if points.get(code, Decimal(0)) >= claimed.get(code, Decimal(0))
    }
    band = instrument.band(score.band_code)
    rank = instrument.bands.index(band)
    target = instrument.bands[rank + 1] if rank + 1 < len(instrument.bands) else None
    gap_plan = plan(instrument, accepted, target.code) if target else None
    known = {code: value for code, value in points.items() if instrument.has_question(code)}
    return FeedbackReport(
        submission=submission,
        stage=stage,
        score=score,
        band=band,
        em_total=em.total if em else None,
        sections=sections,
        plan=gap_plan,
        held_back=describe_held_back(instrument, propose_from_points(instrument, known)),
        prerequisites=tuple(
            describe_shortfall(instrument, item)
            for item in (gap_plan.unmet_prerequisites if gap_plan else ())
        ),
    )


def render_pdf(report: FeedbackReport, context: dict[str, Any], base_url: str) -> bytes:
    """The report as PDF, from the same template as the page (print layout)."""
    from weasyprint import HTML

    html = render_to_string("verification/report_pdf.html", {**context, "report": report})
    return bytes(HTML(string=html, base_url=base_url).write_pdf())
