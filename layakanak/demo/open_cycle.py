"""The demonstration's open cycle: a 2026 self-assessment with regions in every state.

The self-assessment of Kota Balikpapan (the operator demo account's region) is written through
the real answer and upload actions, by the operator and the health office's contributor, so
the workspace shows real work in progress. The other regions get their answers and most of
their evidence through the bulk seeding actions (`actions/self_assessment.py`), then submit
through the real submission action; a few files per region go through the real chunked upload.
Answers are synthetic (`synthetic.py`), from the same region strengths as the past cycles
(`history.py`). Where each submitted region then stands in verification is `OPEN_CYCLE`
(carried out by `open_verification.py`).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from layakanak.audit.actions import Actor
from layakanak.demo.accounts import demo_user
from layakanak.demo.actions.self_assessment import SeedFile, do_seed_answers, do_seed_evidence
from layakanak.demo.files import DocumentText, sample_document
from layakanak.demo.history import RegionInfo, profile
from layakanak.demo.synthetic import synthetic_answers
from layakanak.evaluation import queries
from layakanak.evaluation.actions.answers import do_save_answer
from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
from layakanak.evaluation.actions.submission import do_submit_self_assessment
from layakanak.evaluation.actions.uploads import do_finish_upload, do_start_upload, do_upload_chunk
from layakanak.evaluation.models import Cycle, Submission
from layakanak.instruments.models import InstrumentVersion
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region, RegionType

DEMO_CYCLE = "2026"
# Where each submitted region of the open cycle ends up in verification (see
# open_verification.py); chosen so that every demo account's workbench has work,
# also on the reduced region set of the tests (DKI Jakarta, Kaltim, Kaltara).
OPEN_CYCLE: dict[str, str] = {
    "31.71": "submitted",  # waiting for the DKI Jakarta verifier
    "64.01": "submitted",  # waiting for the Kalimantan Timur verifier
    "64.74": "va",  # the Kalimantan Timur verifier is part-way through
    "31.73": "sent_back",  # DKI Jakarta sent two items back to the region
    "14.05": "sent_back",
    "31.74": "pu",  # central review, with the health ministry's verifier
    "35.78": "pu",
    "65.71": "vl",  # field verification: visit scheduled, loci, Forum Anak notes
    "33.72": "vl",
    "65.01": "vf",
    "51.71": "vf",
    "31.75": "decision",  # waiting for the predicate decision
    "64.72": "decided",
    "35.73": "decided",
    "65.04": "decided_other",  # decided one band below the proposal, with the reason
}
SUBMITTED = tuple(OPEN_CYCLE)
# Regions still filling in their self-assessment, with the share of questions answered.
IN_PROGRESS = {
    "64.71": 0.85,
    "64.02": 0.3,
    "64.03": 0.45,
    "64.07": 0.2,
    "64.08": 0.55,
    "64.09": 0.9,
    "31.01": 0.65,
    "31.72": 0.4,
    "65.02": 0.35,
    "35.15": 0.6,
    "73.71": 0.5,
    "32.73": 0.7,
    "33.74": 0.8,
    "12.71": 0.45,
    "52.71": 0.25,
    "61.71": 0.55,
    "94.71": 0.1,
}
# The region whose answers and uploads go through the interactive actions, one by one.
INTERACTIVE = ("64.71",)
# Answers of these indicators are saved by the health office's contributor (Dinkes).
HEALTH_INDICATORS = frozenset({"12", "13", "14", "15", "16", "17"})
# Files per submitted region that go through the real chunked upload (the rest in bulk).
REAL_UPLOADS = 2


@dataclass
class DemoReport:
    created: bool
    participants: int = 0
    answers: int = 0
    uploads: int = 0
    submitted: list[str] = field(default_factory=list)


def region_strength(region: Region, year: int = 2026) -> float:
    """The region's strength in `year`, the same as in the demo's past cycles."""
    shape = profile(RegionInfo(region.code, region.type == RegionType.KOTA))
    return min(max(shape.base + shape.trend * (year - 2022), 0.05), 1.0)


def _text(submission: Submission, question: str, title: str) -> DocumentText:
    return DocumentText(
        region=submission.region.name,
        cycle=submission.cycle.name_id,
        question=question,
        title=title,
    )


def required_files(submission: Submission) -> list[SeedFile]:
    """A sample file for every required evidence of the answered questions still missing."""
    instrument = instrument_of(submission.cycle.instrument)
    result = queries.live_score(submission)
    attached = queries.evidence_by_requirement(submission)
    files = []
    for question in instrument.questions:
        scored = result.questions[question.code]
        if not (scored.visible and scored.answered):
            continue
        for requirement in question.evidence:
            if not requirement.required or attached.get((question.code, requirement.code)):
                continue
            sample = sample_document(
                requirement.file_types, _text(submission, question.code, requirement.label.id)
            )
            if sample is not None:
                files.append(SeedFile(question.code, requirement.code, sample[0], sample[1]))
    return files


def upload(submission: Submission, item: SeedFile, actor: Actor) -> None:
    """One file through the real resumable upload (start, one chunk, finish)."""
    session = do_start_upload(
        submission, item.question, item.requirement, item.name, len(item.content), actor=actor
    )
    do_upload_chunk(session, 0, item.content, actor=actor)
    do_finish_upload(session, actor=actor)


def _answer_interactively(
    submission: Submission, answers: dict[str, object], actor: Actor, report: DemoReport
) -> None:
    instrument = instrument_of(submission.cycle.instrument)
    operator, dinkes = demo_user("operator"), demo_user("dinkes")
    for code, value in answers.items():
        health = instrument.indicator_of(code).number in HEALTH_INDICATORS
        who: Actor = (dinkes if health else operator) or actor
        do_save_answer(submission, code, value, expected_version=None, actor=who)
        report.answers += 1


def _fill(submission: Submission, coverage: float, actor: Actor, report: DemoReport) -> None:
    instrument = instrument_of(submission.cycle.instrument)
    rng = random.Random(f"answers:{submission.cycle.slug}:{submission.region.code}")  # noqa: S311
    answers = synthetic_answers(
        instrument, region_strength(submission.region), rng, coverage=coverage
    )
    if submission.region.code in INTERACTIVE:
        _answer_interactively(submission, answers, actor, report)
        files = required_files(submission)[::9]  # some of the evidence, uploaded for real
        for item in files:
            upload(submission, item, demo_user("operator") or actor)
        report.uploads += len(files)
    else:
        report.answers += do_seed_answers(submission, answers, actor=actor)


def _complete_and_submit(submission: Submission, actor: Actor, report: DemoReport) -> None:
    files = required_files(submission)
    for item in files[:REAL_UPLOADS]:
        upload(submission, item, actor)
    do_seed_evidence(submission, files[REAL_UPLOADS:], actor=actor)
    report.uploads += len(files)
    if not queries.missing_for_submission(submission):
        do_submit_self_assessment(submission, actor=actor)
        report.submitted.append(submission.region.code)


def build_demo_cycle(
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
    submitted: tuple[str, ...] = SUBMITTED,
    in_progress: dict[str, float] | None = None,
) -> DemoReport:
    """Create cycle 2026 (idempotent: an existing cycle is left as it is). `submitted` and
    `in_progress` (region code -> share answered) say which regions get answers; codes of
    regions that are not loaded are skipped."""
    in_progress = IN_PROGRESS if in_progress is None else in_progress
    if Cycle.objects.filter(slug=DEMO_CYCLE).exists():
        return DemoReport(created=False)
    now = now or timezone.now()
    day = datetime.timedelta(days=1)
    # In the demo the stage windows overlap so that every workbench has work today.
    cycle = do_create_cycle(
        DEMO_CYCLE,
        name_id="Evaluasi KLA 2026",
        name_en="KLA evaluation 2026",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={
            "evaluasi_mandiri": (now - 40 * day, now + 14 * day),
            "verifikasi_administrasi": (now - 20 * day, now + 45 * day),
            "peninjauan_ulang": (now - 10 * day, now + 60 * day),
            "verifikasi_lapangan": (now - 5 * day, now + 80 * day),
            "verifikasi_final": (now - 2 * day, now + 90 * day),
            "penetapan": (now - 1 * day, now + 100 * day),
        },
        actor=actor,
    )
    report = DemoReport(created=True)
    report.participants = do_add_participants(
        cycle, Region.objects.filter(level="regency", retired_on__isnull=True), actor=actor
    )
    submissions = {
        s.region.code: s
        for s in cycle.submissions.select_related("region", "cycle__instrument")
        .defer("cycle__instrument__document")
        .filter(region__code__in=[*submitted, *in_progress])
    }
    for code in submitted:
        if code in submissions:
            _fill(submissions[code], 1.0, actor, report)
            _complete_and_submit(submissions[code], actor, report)
    for code, coverage in in_progress.items():
        if code in submissions:
            _fill(submissions[code], coverage, actor, report)
    return report
